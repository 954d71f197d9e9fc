package io.github.asyncio4j.samples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Seed 002's named tasks ({@link NamedTasks}) on the virtual-time loop. */
class NamedTasksTest {

    @RegisterExtension
    final Transcript out = new Transcript();

    @Test
    @DisplayName("seed 002: tasks keep the names they were created with; both greet at 1 s")
    void namedTasks() {
        NamedTasks.run(out.virtualLoop(), out);

        assertThat(out.stamped()).containsExactly(
                "0.000s | Task 1 name: GreetingAlice",
                "0.000s | Task 2 name: GreetingBob",
                "1.000s | Hello, Alice!",
                "1.000s | Hello, Bob!");
    }
}
