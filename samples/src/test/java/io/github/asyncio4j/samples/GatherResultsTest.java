package io.github.asyncio4j.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Seed 002's asyncio.gather ({@link GatherResults}) on the virtual-time loop. */
class GatherResultsTest {

    @RegisterExtension
    final Transcript out = new Transcript();

    @Test
    @DisplayName("seed 002: gather gives the results in argument order once the slowest is done (2.323 s, seeded delays)")
    void resultsInArgumentOrder() {
        List<String> results = GatherResults.run(out.virtualLoop(), out);

        assertThat(results).containsExactly("Task 1 done", "Task 2 done", "Task 3 done");
        assertThat(out.stamped()).containsExactly("2.323s | [Task 1 done, Task 2 done, Task 3 done]");
    }
}
