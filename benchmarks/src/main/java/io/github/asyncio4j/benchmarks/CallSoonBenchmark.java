package io.github.asyncio4j.benchmarks;

import static io.github.asyncio4j.benchmarks.OnLoop.OPS;

import io.github.asyncio4j.EventLoop;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;
import reactor.core.publisher.Mono;

/** {@code callSoon} round trips: on the loop (one loop turn each), and from another thread. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class CallSoonBenchmark {

    /**
     * A callback that schedules itself with {@code callSoon}, {@link OnLoop#OPS} times: each round
     * trip is one {@code callSoon} and one loop iteration that runs only it.
     *
     * @param on the loop
     * @return how many callbacks ran
     */
    @Benchmark
    @OperationsPerInvocation(OPS)
    public int callSoonRoundTrip(OnLoop on) {
        return on.run(Mono.<Integer>create(sink -> on.loop.callSoon(new Chain(on.loop, OPS, sink::success))));
    }

    /**
     * From the benchmark thread: {@code callSoonThreadsafe} a callback that completes a
     * {@code CompletableFuture}, and wait for it. The cost of waking the loop and being woken:
     * what every batch of the other benchmarks pays once.
     *
     * @param on the loop
     * @return the value passed through the loop
     */
    @Benchmark
    public Integer callSoonThreadsafeRoundTrip(OnLoop on) {
        CompletableFuture<Integer> done = new CompletableFuture<>();
        on.loop.callSoonThreadsafe(() -> done.complete(42));
        return done.join();
    }

    /** Runs {@code times} times, each time in a new loop iteration, then reports the count. */
    static final class Chain implements Runnable {
        private final EventLoop loop;
        private final IntConsumer done;
        private final int total;
        private int left;

        Chain(EventLoop loop, int times, IntConsumer done) {
            this.loop = loop;
            this.total = times;
            this.left = times;
            this.done = done;
        }

        @Override
        public void run() {
            if (--left == 0) {
                done.accept(total);
            } else {
                loop.callSoon(this);
            }
        }
    }
}
