package io.github.asyncio4j.samples;

import io.github.asyncio4j.EventLoop;
import java.util.Locale;
import java.util.Objects;

/**
 * What the {@code fetch_data} coroutine of seed 001 returns: Python's
 * {@code {"input_data": input_data, "timestamp": str(datetime.now())}}.
 *
 * <p>The timestamp is the running loop's clock in seconds ({@code "3.000s"}), not the wall clock,
 * so that on a virtual-time loop it is exact and a test can assert the line it is printed in.
 *
 * @param inputData the input the data was fetched for
 * @param timestamp when it was fetched, in seconds of loop time ({@code "3.000s"})
 */
public record FetchedData(int inputData, String timestamp) {

    /**
     * Checks the fields.
     *
     * @param inputData the input the data was fetched for
     * @param timestamp when it was fetched, in seconds of loop time
     * @throws NullPointerException if {@code timestamp} is {@code null}
     */
    public FetchedData {
        Objects.requireNonNull(timestamp, "timestamp");
    }

    /**
     * The data for {@code inputData}, stamped with the running loop's clock now. Call it on a loop
     * thread (from a task's body).
     *
     * @param inputData the input the data was fetched for
     * @return the data
     * @throws IllegalStateException if the calling thread runs no loop
     */
    public static FetchedData now(int inputData) {
        return new FetchedData(inputData, String.format(Locale.ROOT, "%.3fs", EventLoop.running().time() / 1e9));
    }
}
