package io.github.asyncio4j.samples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Seed 003's asyncio.Lock ({@link LockCriticalSection}) on the virtual-time loop. */
class LockCriticalSectionTest {

    @RegisterExtension
    final Transcript out = new Transcript();

    @Test
    @DisplayName("seed 003: the lock lets one task at a time into the critical section, in order: 3 s for three")
    void oneAtATime() {
        LockCriticalSection.run(out.virtualLoop(), out);

        assertThat(out.stamped()).containsExactly(
                "0.000s | Task 0 is entering the critical section",
                "1.000s | Task 0 is leaving the critical section",
                "1.000s | Task 1 is entering the critical section",
                "2.000s | Task 1 is leaving the critical section",
                "2.000s | Task 2 is entering the critical section",
                "3.000s | Task 2 is leaving the critical section");
    }
}
