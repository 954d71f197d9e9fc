package io.github.asyncio4j.benchmarks;

import io.github.asyncio4j.EventLoop;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import reactor.core.publisher.Mono;

/**
 * One real-time event loop on its own thread, shared by every invocation of a benchmark.
 *
 * <p>A benchmark runs a batch of {@link #OPS} operations inside one task on the loop (see
 * {@link #run(Mono)}) and declares {@code @OperationsPerInvocation(OPS)}, so the figures are the
 * cost on the loop thread, and the one cross-thread hand-off per batch (measured on its own by
 * {@link CallSoonBenchmark#callSoonThreadsafeRoundTrip}) adds well under 1 ns per operation.
 */
@State(Scope.Benchmark)
public class OnLoop {

    /** Operations per benchmark invocation (one batch on the loop). */
    public static final int OPS = 100_000;

    /** The loop; started at setup, closed at teardown. */
    public EventLoop loop;

    /** Starts the loop. */
    @Setup(Level.Trial)
    public void start() {
        loop = EventLoop.builder().name("benchmark-loop").start();
    }

    /** Closes the loop. */
    @TearDown(Level.Trial)
    public void close() {
        loop.close();
    }

    /**
     * Runs {@code body} as a task on the loop and waits for its value on the calling (benchmark) thread.
     *
     * @param body the batch to run
     * @param <T> the value type
     * @return the body's value
     */
    public <T> T run(Mono<T> body) {
        return loop.submit(body).join();
    }
}
