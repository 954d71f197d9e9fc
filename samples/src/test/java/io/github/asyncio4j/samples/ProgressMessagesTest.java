package io.github.asyncio4j.samples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Seed 004's show_message ({@link ProgressMessages}) on the virtual-time loop. */
class ProgressMessagesTest {

    @RegisterExtension
    final Transcript out = new Transcript();

    @Test
    @DisplayName("seed 004: a progress message every second while both calls run; still 3 s in all")
    void progressWhileWaiting() {
        ProgressMessages.run(out.virtualLoop(), out);

        assertThat(out.stamped()).containsExactly(
                "0.000s | Get stock price of GOOG...",
                "0.000s | Get stock price of APPL...",
                "1.000s | API call is in progress...",
                "2.000s | API call is in progress...",
                "3.000s | API call is in progress...",
                "3.000s | 300",
                "3.000s | 300",
                "3.000s | It took 3.0 second(s) to complete.");
    }
}
