package io.github.asyncio4j.samples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Seed 003's asyncio.Event ({@link EventSignal}) on the virtual-time loop. */
class EventSignalTest {

    @RegisterExtension
    final Transcript out = new Transcript();

    @Test
    @DisplayName("seed 003: the waiter resumes at 2 s, when main sets the event")
    void waiterResumesWhenSet() {
        EventSignal.run(out.virtualLoop(), out);

        assertThat(out.stamped()).containsExactly(
                "0.000s | Waiting for the event to be set...",
                "2.000s | Setting the event.",
                "2.000s | Event has been set, resuming execution.");
    }
}
