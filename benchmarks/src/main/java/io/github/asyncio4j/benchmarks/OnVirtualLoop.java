package io.github.asyncio4j.benchmarks;

import io.github.asyncio4j.EventLoop;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import reactor.core.publisher.Mono;

/**
 * As {@link OnLoop}, on a virtual-time loop: its clock jumps to the next timer whenever it is
 * idle, so a benchmark of timed sleeps measures their cost, not the time they wait.
 */
@State(Scope.Benchmark)
public class OnVirtualLoop {

    /** The loop; started at setup, closed at teardown. */
    public EventLoop loop;

    /** Starts the loop. */
    @Setup(Level.Trial)
    public void start() {
        loop = EventLoop.builder().name("benchmark-virtual-loop").virtualTime().start();
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
