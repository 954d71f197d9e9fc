package io.github.asyncio4j.samples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Seed 000's common task operations ({@link CommonTaskOperations}) on the virtual-time loop. */
class CommonTaskOperationsTest {

    @RegisterExtension
    final Transcript out = new Transcript();

    @Test
    @DisplayName("seed 000: done() before and after awaiting, a cancelled task, a wait_for that gives up after 5 s")
    void eachOperationOnItsOwnTask() {
        CommonTaskOperations.run(out.virtualLoop(), out);

        assertThat(out.stamped()).containsExactly(
                "0.000s | Task is not done yet",
                "1.000s | Result: some result",
                "1.000s | Task is completed",
                "1.000s | Task was cancelled",
                "6.000s | Task took too long!",
                "6.000s | Is the task cancelled? true");
    }
}
