package io.github.asyncio4j.samples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Seed 003's task monitor ({@link MonitorTask}) on the virtual-time loop. */
class MonitorTaskTest {

    @RegisterExtension
    final Transcript out = new Transcript();

    @Test
    @DisplayName("seed 003: the monitor polls done() every 0.5 s until the 2 s task completes")
    void monitorPollsUntilDone() {
        MonitorTask.run(out.virtualLoop(), out);

        assertThat(out.stamped()).containsExactly(
                "0.000s | Task is still running...",
                "0.000s | Coroutine started",
                "0.500s | Task is still running...",
                "1.000s | Task is still running...",
                "1.500s | Task is still running...",
                "2.000s | Coroutine finished",
                "2.000s | Task has completed.");
    }
}
