package io.github.asyncio4j.samples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Seed 001, example 1 ({@link BackgroundTask}) on the virtual-time loop. */
class BackgroundTaskTest {

    @RegisterExtension
    final Transcript out = new Transcript();

    @Test
    @DisplayName("seed 001 example 1: other code runs while the task fetches; the data arrives at 3 s")
    void otherCodeRunsWhileTheTaskFetches() {
        FetchedData data = BackgroundTask.run(out.virtualLoop(), out);

        assertThat(data).isEqualTo(new FetchedData(1, "3.000s"));
        assertThat(out.stamped()).containsExactly(
                "0.000s | Running other code while the task is active.",
                "3.000s | Retrieved data: FetchedData[inputData=1, timestamp=3.000s]");
    }
}
