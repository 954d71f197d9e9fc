package io.github.asyncio4j.samples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Seed 001, example 4 ({@link TimeoutOnTask}) on the virtual-time loop. */
class TimeoutOnTaskTest {

    @RegisterExtension
    final Transcript out = new Transcript();

    @Test
    @DisplayName("seed 001 example 4: wait_for gives a 30 s task 3 s, then cancels it and raises TimeoutException")
    void waitForTimesOutAndCancels() {
        boolean cancelled = TimeoutOnTask.run(out.virtualLoop(), out);

        assertThat(cancelled).as("the task wait_for gave up on is cancelled").isTrue();
        assertThat(out.stamped()).containsExactly("3.000s | Request took too long. Try again.");
    }
}
