package io.github.asyncio4j.samples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Seed 003's heartbeat monitor ({@link HeartbeatMonitor}) on the virtual-time loop. */
class HeartbeatMonitorTest {

    @RegisterExtension
    final Transcript out = new Transcript();

    @Test
    @DisplayName("seed 003: the monitor checks every 0.5 s while the task beats every 1 s, until the task is cancelled at 3 s")
    void monitorUntilCancelled() {
        HeartbeatMonitor.run(out.virtualLoop(), out);

        assertThat(out.stamped()).containsExactly(
                "0.000s | Monitoring task...",
                "0.000s | Task is running...",
                "0.500s | Monitoring task...",
                "1.000s | Task is running...",
                "1.000s | Monitoring task...",
                "1.500s | Monitoring task...",
                "2.000s | Task is running...",
                "2.000s | Monitoring task...",
                "2.500s | Monitoring task...",
                "3.000s | The task was stopped after 3 seconds: cancelled = true");
    }
}
