package io.github.asyncio4j.samples;

import io.github.asyncio4j.EventLoop;
import java.util.Locale;
import java.util.Objects;

/**
 * What the {@code fetch_data} coroutine of seed 001 returns: Python's
 * {@code {"input_data": input_data, "timestamp": str(datetime.now())}}.
 *
 * <p>The timestamp is read from the running loop's clock, not the wall clock, and counted from
 * when the sample's {@code main} started ({@code "3.000s"}: 3 s later), so that on a virtual-time
 * loop it is exact and a test can assert the line it is printed in.
 *
 * @param inputData the input the data was fetched for
 * @param timestamp when it was fetched, in seconds of loop time since {@code main} started ({@code "3.000s"})
 */
public record FetchedData(int inputData, String timestamp) {

    /**
     * Checks the fields.
     *
     * @param inputData the input the data was fetched for
     * @param timestamp when it was fetched, in seconds of loop time since {@code main} started
     * @throws NullPointerException if {@code timestamp} is {@code null}
     */
    public FetchedData {
        Objects.requireNonNull(timestamp, "timestamp");
    }

    /**
     * The data for {@code inputData}, stamped with the running loop's clock now, counted from
     * {@code start}. Call it on a loop thread (from a task's body).
     *
     * @param inputData the input the data was fetched for
     * @param start what the timestamp counts from: the loop time ({@link EventLoop#time()}) when {@code main} started
     * @return the data
     * @throws IllegalStateException if the calling thread runs no loop
     */
    public static FetchedData now(int inputData, long start) {
        long nanos = EventLoop.running().time() - start;
        return new FetchedData(inputData, String.format(Locale.ROOT, "%.3fs", nanos / 1e9));
    }
}
