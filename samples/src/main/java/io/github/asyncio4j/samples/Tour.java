package io.github.asyncio4j.samples;

import io.github.asyncio4j.EventLoop;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Runs every sample, in the order of the tutorials they come from, each under a header line:
 * what {@code ./mvnw -B -q -pl samples -am compile exec:java} (the README's quick start) runs.
 *
 * <p>On real time the tour takes as long as the samples sleep (a few seconds each). To add a
 * sample, add one line to {@link #SAMPLES}.
 */
public final class Tour {

    /** One sample: a header line and how to run it on a loop, printing through a consumer. */
    record Sample(String header, BiConsumer<EventLoop.Builder, Consumer<String>> run) {
        Sample {
            Objects.requireNonNull(header, "header");
            Objects.requireNonNull(run, "run");
        }
    }

    /** Every sample, in seed order. */
    static final List<Sample> SAMPLES = List.of(
            new Sample("== CreatingTasks (seed 000): two tasks run concurrently ==", CreatingTasks::run));

    private Tour() {
    }

    /**
     * Runs the tour on real time, printing to standard output.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        run(EventLoop.builder(), System.out::println);
    }

    /**
     * Runs every sample in order, each on a new loop built from {@code loop}, each after its header line.
     *
     * @param loop the options of the loops to run on ({@code EventLoop.builder().virtualTime()} in tests)
     * @param out where each line goes
     * @throws NullPointerException if {@code loop} or {@code out} is {@code null}
     */
    public static void run(EventLoop.Builder loop, Consumer<String> out) {
        Objects.requireNonNull(loop, "loop");
        Objects.requireNonNull(out, "out");
        for (Sample sample : SAMPLES) {
            out.accept(sample.header());
            sample.run().accept(loop, out);
        }
    }
}
