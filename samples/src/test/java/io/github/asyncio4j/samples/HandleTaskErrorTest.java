package io.github.asyncio4j.samples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Seed 003's risky task ({@link HandleTaskError}) on the virtual-time loop. */
class HandleTaskErrorTest {

    @RegisterExtension
    final Transcript out = new Transcript();

    @Test
    @DisplayName("seed 003: main catches the risky task's error at 1 s")
    void mainCatchesTheError() {
        HandleTaskError.run(out.virtualLoop(), out);

        assertThat(out.stamped()).containsExactly("1.000s | Caught an error: Something went wrong!");
    }
}
