package io.github.asyncio4j.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import io.github.asyncio4j.EventLoop;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Seed 000 ({@link CreatingTasks}) on the virtual-time loop. */
class CreatingTasksTest {

    @RegisterExtension
    final Transcript out = new Transcript();

    @Test
    @DisplayName("seed 000: tasks of 3 s and 1 s finish in 3 s of loop time, task 2 first, results in order")
    void twoTasksRunConcurrently() {
        List<String> results = CreatingTasks.run(out.virtualLoop(), out);

        assertThat(results).containsExactly("Result for item 1", "Result for item 2");
        assertThat(out.stamped()).containsExactly(
                "0.000s | Tasks are now running in the background!",
                "0.000s | Starting to process item 1",
                "0.000s | Starting to process item 2",
                "1.000s | Finished processing item 2 after 1 seconds",
                "3.000s | Finished processing item 1 after 3 seconds",
                "3.000s | All done! Results: Result for item 1, Result for item 2",
                "off loop | Total time taken: 3.00 seconds");
    }

    @Test
    @DisplayName("seed 000: run checks its arguments")
    void runChecksItsArguments() {
        EventLoop.Builder loop = out.virtualLoop();
        assertThatNullPointerException().isThrownBy(() -> CreatingTasks.run(null, out)).withMessage("loop");
        assertThatNullPointerException().isThrownBy(() -> CreatingTasks.run(loop, null)).withMessage("out");
    }
}
