package io.github.asyncio4j.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Seed 002's asyncio.as_completed ({@link ProcessAsCompleted}) on the virtual-time loop. */
class ProcessAsCompletedTest {

    @RegisterExtension
    final Transcript out = new Transcript();

    @Test
    @DisplayName("seed 002: as_completed hands over each result when it is ready, in completion order (seeded delays)")
    void resultsInCompletionOrder() {
        List<String> results = ProcessAsCompleted.run(out.virtualLoop(), out);

        assertThat(results).containsExactly("Task 1 done", "Task 2 done", "Task 0 done");
        assertThat(out.stamped()).containsExactly(
                "1.848s | Task 1 done",
                "2.104s | Task 2 done",
                "2.323s | Task 0 done");
    }
}
