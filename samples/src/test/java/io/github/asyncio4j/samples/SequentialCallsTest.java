package io.github.asyncio4j.samples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Seed 004's sequential calls ({@link SequentialCalls}) on the virtual-time loop. */
class SequentialCallsTest {

    @RegisterExtension
    final Transcript out = new Transcript();

    @Test
    @DisplayName("seed 004: two awaited calls of 3 s run one after the other: 6 s")
    void callsRunOneAfterTheOther() {
        SequentialCalls.run(out.virtualLoop(), out);

        assertThat(out.stamped()).containsExactly(
                "0.000s | Get stock price of GOOG...",
                "3.000s | 300",
                "3.000s | Get stock price of APPL...",
                "6.000s | 400",
                "6.000s | It took 6.0 second(s) to complete.");
    }
}
