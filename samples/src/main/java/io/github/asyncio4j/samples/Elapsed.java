package io.github.asyncio4j.samples;

import io.github.asyncio4j.EventLoop;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * A sample's value with the loop time its main task took: how the samples print Python's
 * {@code f"Total time taken: {time.time() - start:.2f} seconds"}.
 *
 * <p>The time is read from the loop's clock ({@link EventLoop#time()}), never from
 * {@code System.nanoTime()}, so that on a virtual-time loop the printed figure is exact
 * ({@code 3.00}, not {@code 3.01}) and a test can assert it.
 *
 * @param value the main task's value ({@code null} if it completed empty)
 * @param nanos the loop time, in nanoseconds, from the main task's first step to its end
 * @param <T> the value type
 */
public record Elapsed<T>(@Nullable T value, long nanos) {

    /**
     * Runs {@code main} and measures it with the clock of the loop that runs it. Subscribe it on a
     * loop thread (from a task's body, such as the one {@code Asyncio.run} gives).
     *
     * @param main the work to time, a cold {@code Mono}
     * @param <T> the value type
     * @return a cold Mono of {@code main}'s value and the loop time it took; it fails as {@code main}
     *     does, or with {@code IllegalStateException("no running event loop")} off any loop
     * @throws NullPointerException if {@code main} is {@code null}
     */
    public static <T> Mono<Elapsed<T>> measure(Mono<T> main) {
        Objects.requireNonNull(main, "main");
        return Mono.defer(() -> {
            EventLoop loop = EventLoop.running();
            long start = loop.time();
            return main.singleOptional().map(v -> new Elapsed<>(v.orElse(null), loop.time() - start));
        });
    }

    /**
     * The elapsed time in seconds.
     *
     * @return {@link #nanos()} in seconds
     */
    public double seconds() {
        return nanos / 1e9;
    }

    /**
     * The line Python's tutorials end with: {@code "Total time taken: 3.00 seconds"} (two decimals,
     * whatever the default locale).
     *
     * @return the line
     */
    public String totalTimeTaken() {
        return String.format(Locale.ROOT, "Total time taken: %.2f seconds", seconds());
    }

    /**
     * The line seed 004's tutorial ends with, Python's
     * {@code f'It took {round(end-start,0)} second(s) to complete.'}: the seconds rounded to a whole
     * number, printed with one decimal as a Python float is ({@code "It took 6.0 second(s) to complete."}).
     *
     * @return the line
     */
    public String itTook() {
        return String.format(Locale.ROOT, "It took %.1f second(s) to complete.", (double) Math.round(seconds()));
    }
}
