package io.github.asyncio4j.samples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Seed 003's done callback ({@link DoneCallback}) on the virtual-time loop. */
class DoneCallbackTest {

    @RegisterExtension
    final Transcript out = new Transcript();

    @Test
    @DisplayName("seed 003: the done callback runs at 2 s, once the task is done")
    void callbackRunsWhenDone() {
        DoneCallback.run(out.virtualLoop(), out);

        assertThat(out.stamped()).containsExactly(
                "0.000s | Coroutine started",
                "2.000s | Coroutine finished",
                "2.000s | Task completed successfully.");
    }
}
