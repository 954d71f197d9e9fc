package io.github.asyncio4j.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
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

    @Test
    @DisplayName("every sample's run checks its arguments before it starts a loop")
    void everySampleChecksItsArguments() {
        for (Tour.Sample sample : Tour.SAMPLES) {
            Transcript alone = new Transcript();
            assertThatNullPointerException().as(sample.header())
                    .isThrownBy(() -> sample.run().accept(null, alone)).withMessage("loop");
            assertThatNullPointerException().as(sample.header())
                    .isThrownBy(() -> sample.run().accept(out.virtualLoop(), null)).withMessage("out");
            assertThat(alone.lines()).as(sample.header()).isEmpty();
        }
    }

    @Test
    @DisplayName("the headers name each sample class once, in seed order")
    void headersNameEachSampleOnce() {
        List<String> seeds = Tour.SAMPLES.stream()
                .map(s -> s.header().replaceAll("^== \\w+ \\(seed (\\d{3})\\).*$", "$1"))
                .collect(Collectors.toList());
        assertThat(seeds).allMatch(seed -> seed.matches("\\d{3}")).isSorted();
        assertThat(Tour.SAMPLES).extracting(s -> s.header().split(" ")[1]).doesNotHaveDuplicates();
    }
}
