package io.github.asyncio4j.samples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Seed 001, example 2 ({@link CancelWithMessage}) on the virtual-time loop. */
class CancelWithMessageTest {

    @RegisterExtension
    final Transcript out = new Transcript();

    @Test
    @DisplayName("seed 001 example 2: a task cancelled at 1 s raises CancelledException, with the message, where it is awaited")
    void cancelledTaskRaisesWhereAwaited() {
        String message = CancelWithMessage.run(out.virtualLoop(), out);

        assertThat(message).isEqualTo("Took too long");
        assertThat(out.stamped()).containsExactly("1.000s | Task was canceled.");
    }
}
