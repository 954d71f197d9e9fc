package io.github.asyncio4j.samples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Seed 003's failing coroutine ({@link FailingTask}) on the virtual-time loop. */
class FailingTaskTest {

    @RegisterExtension
    final Transcript out = new Transcript();

    @Test
    @DisplayName("seed 003: a task's exception is raised where it is awaited, at 1 s")
    void exceptionRaisedWhereAwaited() {
        FailingTask.run(out.virtualLoop(), out);

        assertThat(out.stamped()).containsExactly("1.000s | Caught an exception: An error occurred!");
    }
}
