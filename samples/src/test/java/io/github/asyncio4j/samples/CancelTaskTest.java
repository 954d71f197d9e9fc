package io.github.asyncio4j.samples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Seed 003's cancel ({@link CancelTask}) on the virtual-time loop. */
class CancelTaskTest {

    @RegisterExtension
    final Transcript out = new Transcript();

    @Test
    @DisplayName("seed 003: a task cancelled at 1 s stops at its sleep; awaiting it raises CancelledException")
    void cancelStopsTheTask() {
        CancelTask.run(out.virtualLoop(), out);

        assertThat(out.stamped()).containsExactly(
                "0.000s | Coroutine started",
                "1.000s | Task was cancelled");
    }
}
