package io.github.asyncio4j.samples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Seed 003's asyncio.Semaphore ({@link SemaphoreLimit}) on the virtual-time loop. */
class SemaphoreLimitTest {

    @RegisterExtension
    final Transcript out = new Transcript();

    @Test
    @DisplayName("seed 003: Semaphore(3) runs ten 2 s tasks in four waves of at most three: 8 s")
    void atMostThreeAtOnce() {
        SemaphoreLimit.run(out.virtualLoop(), out);

        assertThat(out.stamped()).containsExactly(
                "0.000s | Task 0 is running",
                "0.000s | Task 1 is running",
                "0.000s | Task 2 is running",
                "2.000s | Task 0 has completed",
                "2.000s | Task 1 has completed",
                "2.000s | Task 2 has completed",
                "2.000s | Task 3 is running",
                "2.000s | Task 4 is running",
                "2.000s | Task 5 is running",
                "4.000s | Task 3 has completed",
                "4.000s | Task 4 has completed",
                "4.000s | Task 5 has completed",
                "4.000s | Task 6 is running",
                "4.000s | Task 7 is running",
                "4.000s | Task 8 is running",
                "6.000s | Task 6 has completed",
                "6.000s | Task 7 has completed",
                "6.000s | Task 8 has completed",
                "6.000s | Task 9 is running",
                "8.000s | Task 9 has completed");
    }
}
