package io.github.asyncio4j.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Seed 003's managed resource ({@link ManagedResource}) on the virtual-time loop. */
class ManagedResourceTest {

    @RegisterExtension
    final Transcript out = new Transcript();

    @Test
    @DisplayName("seed 003: the file is written off the loop, then closed and deleted when the task ends")
    void resourceIsReleased() {
        Path file = ManagedResource.run(out.virtualLoop(), out);

        assertThat(file).doesNotExist();
        assertThat(out.stamped()).containsExactly(
                "0.000s | Opened the file",
                "0.000s | Wrote: Hello, asyncio!",
                "0.000s | Closed and deleted the file");
    }
}
