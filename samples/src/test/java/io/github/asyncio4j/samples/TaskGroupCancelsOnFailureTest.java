package io.github.asyncio4j.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Seed 002's TaskGroup ({@link TaskGroupCancelsOnFailure}) on the virtual-time loop. */
class TaskGroupCancelsOnFailureTest {

    @RegisterExtension
    final Transcript out = new Transcript();

    @Test
    @DisplayName("seed 002: a failing task cancels its sibling; the group raises an ExceptionGroup at 1 s")
    void failureCancelsTheSiblings() {
        List<Throwable> failures = TaskGroupCancelsOnFailure.run(out.virtualLoop(), out);

        assertThat(failures).hasSize(1);
        assertThat(failures.get(0)).isInstanceOf(IllegalArgumentException.class).hasMessage("An error occurred");
        assertThat(out.stamped()).containsExactly(
                "1.000s | Error: unhandled errors in a TaskGroup (1 sub-exception)",
                "1.000s | Task 1 result: Task 1 done",
                "1.000s | Task 2 was cancelled by the group: it has no result");
    }
}
