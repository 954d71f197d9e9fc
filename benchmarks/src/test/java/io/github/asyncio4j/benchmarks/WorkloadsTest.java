package io.github.asyncio4j.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The workload runner at a small scale: each workload's own checks (sums, counts, every task
 * cancelled) run inside it, so this proves each workload does the work it claims and prints the
 * line format {@code benchmarks/compare-with-asyncio.py} reads.
 */
class WorkloadsTest {

    @Test
    @DisplayName("Workloads: every workload runs its checks at scale 0.001 and prints 'Wn asyncio4j VALUE UNIT'")
    void everyWorkloadPrintsOneLine() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setProperty(Workloads.WARMUP_PROPERTY, "0");
        try {
            Workloads.run(new String[] {"--scale", "0.001"}, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        } finally {
            System.clearProperty(Workloads.WARMUP_PROPERTY);
        }
        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).extracting(l -> l.split(" ")[0])
                .containsExactly("W1", "W2", "W2-heap", "W3", "W4", "W4-per-item", "W5", "W6", "W7", "W8");
        assertThat(lines).allSatisfy(l -> assertThat(l).matches("W\\d(-[a-z]+)* asyncio4j -?\\d+(\\.\\d)? \\S+"));
    }

    @Test
    @DisplayName("Workloads: an unknown workload or a bad scale is refused with what to pass instead")
    void badArguments() {
        PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        assertThatThrownBy(() -> Workloads.run(new String[] {"W9"}, out))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("choose among [W1");
        assertThatThrownBy(() -> Workloads.run(new String[] {"--scale"}, out))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--scale needs a factor");
        assertThatThrownBy(() -> Workloads.run(new String[] {"--scale", "0"}, out))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be positive");
    }
}
