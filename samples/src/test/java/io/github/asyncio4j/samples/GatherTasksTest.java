package io.github.asyncio4j.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Seed 003's gather ({@link GatherTasks}) on the virtual-time loop. */
class GatherTasksTest {

    @RegisterExtension
    final Transcript out = new Transcript();

    @Test
    @DisplayName("seed 003: gather over two tasks gives [null, result] in task order at 2 s")
    void gatherTwoTasks() {
        List<Object> results = GatherTasks.run(out.virtualLoop(), out);

        assertThat(results).containsExactly(null, "Result from another coroutine");
        assertThat(out.stamped()).containsExactly(
                "0.000s | Coroutine started",
                "2.000s | Coroutine finished",
                "2.000s | [null, Result from another coroutine]");
    }
}
