package io.github.asyncio4j.samples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Seed 001, example 3 ({@link ResultBeforeDone}) on the virtual-time loop. */
class ResultBeforeDoneTest {

    @RegisterExtension
    final Transcript out = new Transcript();

    @Test
    @DisplayName("seed 001 example 3: result() before the task is done raises InvalidStateException; after 4 s it is done")
    void resultBeforeDoneRaises() {
        ResultBeforeDone.run(out.virtualLoop(), out);

        assertThat(out.stamped()).containsExactly(
                "0.000s | Error: Result is not set.",
                "4.000s | Retrieved data after waiting: FetchedData[inputData=3, timestamp=3.000s]",
                "4.000s | Is the task done? true");
    }
}
