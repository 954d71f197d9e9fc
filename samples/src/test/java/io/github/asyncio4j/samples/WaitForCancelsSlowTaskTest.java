package io.github.asyncio4j.samples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Seed 002's wait_for ({@link WaitForCancelsSlowTask}) on the virtual-time loop. */
class WaitForCancelsSlowTaskTest {

    @RegisterExtension
    final Transcript out = new Transcript();

    @Test
    @DisplayName("seed 002: wait_for cancels a 5 s coroutine at 2 s and raises TimeoutException")
    void waitForCancelsTheSlowTask() {
        WaitForCancelsSlowTask.run(out.virtualLoop(), out);

        assertThat(out.stamped()).containsExactly(
                "0.000s | Task started...",
                "2.000s | The task took too long and was canceled!");
    }
}
