package io.github.asyncio4j.samples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Seed 003's task dependencies ({@link TaskDependencies}) on the virtual-time loop. */
class TaskDependenciesTest {

    @RegisterExtension
    final Transcript out = new Transcript();

    @Test
    @DisplayName("seed 003: process_data awaits fetch_data first, and prints at 1 s")
    void processingWaitsForTheFetch() {
        TaskDependencies.run(out.virtualLoop(), out);

        assertThat(out.stamped()).containsExactly("1.000s | Processing data: 42");
    }
}
