package io.github.asyncio4j.samples.webflux;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.asyncio4j.NoSilentErrors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * This module's tests run under {@link NoSilentErrors} (from the core test jar, switched on by
 * this module's {@code junit-platform.properties}): the check that the wiring is in place.
 */
class NoSilentErrorsWiringTest {

    @Test
    @DisplayName("every test of samples/webflux runs under NoSilentErrors")
    void watched() {
        assertThat(NoSilentErrors.isWatching()).as("NoSilentErrors watches this test").isTrue();
    }
}
