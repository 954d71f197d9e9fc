package io.github.asyncio4j.samples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Seed 004's concurrent calls ({@link ConcurrentCalls}) on the virtual-time loop. */
class ConcurrentCallsTest {

    @RegisterExtension
    final Transcript out = new Transcript();

    @Test
    @DisplayName("seed 004: two calls of 3 s as tasks run concurrently: 3 s")
    void callsRunConcurrently() {
        ConcurrentCalls.run(out.virtualLoop(), out);

        assertThat(out.stamped()).containsExactly(
                "0.000s | Get stock price of GOOG...",
                "0.000s | Get stock price of APPL...",
                "3.000s | 300",
                "3.000s | 300",
                "3.000s | It took 3.0 second(s) to complete.");
    }
}
