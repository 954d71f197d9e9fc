package io.github.asyncio4j.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link Tour}: the README's sample command. */
class TourTest {

    @RegisterExtension
    final Transcript out = new Transcript();

    @Test
    @DisplayName("the tour runs every sample in order, each after its header, printing exactly what the sample prints")
    void runsEverySampleInOrder() {
        List<String> expected = new ArrayList<>();
        for (Tour.Sample sample : Tour.SAMPLES) {
            Transcript alone = new Transcript();
            sample.run().accept(out.virtualLoop(), alone);
            expected.add(sample.header());
            expected.addAll(alone.lines());
        }

        Tour.run(out.virtualLoop(), out);

        assertThat(out.lines()).isEqualTo(expected);
        assertThat(out.lines()).startsWith(
                "== CreatingTasks (seed 000): two tasks run concurrently ==",
                "Tasks are now running in the background!");
        assertThat(out.lines()).filteredOn(line -> line.startsWith("== ")).hasSize(Tour.SAMPLES.size());
    }
}
