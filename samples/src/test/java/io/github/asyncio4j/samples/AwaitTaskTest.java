package io.github.asyncio4j.samples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Seed 003's basic task ({@link AwaitTask}) on the virtual-time loop. */
class AwaitTaskTest {

    @RegisterExtension
    final Transcript out = new Transcript();

    @Test
    @DisplayName("seed 003: createTask needs a running loop; inside main the task runs and is awaited")
    void createInsideTheLoopAndAwait() {
        AwaitTask.run(out.virtualLoop(), out);

        assertThat(out.stamped()).hasSize(3);
        assertThat(out.stamped().get(0)).startsWith(
                "off loop | Outside a loop: no running event loop: Asyncio.createTask needs one.");
        assertThat(out.stamped().subList(1, 3)).containsExactly(
                "0.000s | Coroutine started",
                "2.000s | Coroutine finished");
    }
}
