package io.github.asyncio4j.samples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.asyncio4j.WaitResult;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Seed 002's asyncio.wait ({@link WaitFirstCompleted}) on the virtual-time loop. */
class WaitFirstCompletedTest {

    @RegisterExtension
    final Transcript out = new Transcript();

    @Test
    @DisplayName("seed 002: wait(FIRST_COMPLETED) returns at the first task's end (1.848 s, seeded delays) with 1 done and 2 pending")
    void returnsAtTheFirstCompletion() {
        WaitResult<Void> result = WaitFirstCompleted.run(out.virtualLoop(), out);

        assertThat(result.done()).hasSize(1);
        assertThat(result.pending()).hasSize(2);
        assertThat(out.stamped()).containsExactly("1.848s | Done tasks: 1, Pending tasks: 2");
    }
}
