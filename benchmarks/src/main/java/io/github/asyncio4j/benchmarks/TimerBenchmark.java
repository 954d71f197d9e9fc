package io.github.asyncio4j.benchmarks;

import static io.github.asyncio4j.benchmarks.OnLoop.OPS;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * Timer arm + cancel on the loop thread: {@code callLater(...).dispose()}, which adds the handle
 * to the timer heap and removes it again at once (asyncio cancels lazily; our heap removes by index).
 * With {@code pendingTimers} other timers in the heap, both are O(log n).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class TimerBenchmark {

    private static final Duration TWO_HOURS = Duration.ofHours(2);
    private static final Runnable NOTHING = () -> { };

    /** How many other timers wait in the heap, due between 1 h and 3 h (the armed one is due in 2 h). */
    @Param({"0", "10000"})
    public int pendingTimers;

    /**
     * Arms the other timers, at seeded random deadlines. Nothing cancels them: they are dropped
     * when the loop closes at the end of the trial (JMH may tear {@link OnLoop} down first).
     *
     * @param on the loop
     */
    @Setup(Level.Trial)
    public void armPendingTimers(OnLoop on) {
        on.run(Mono.fromRunnable(() -> {
            SplittableRandom random = new SplittableRandom(42);
            for (int i = 0; i < pendingTimers; i++) {
                on.loop.callLater(Duration.ofHours(1).plusMillis(random.nextLong(7_200_000)), NOTHING);
            }
        }));
    }

    /**
     * {@code callLater(2 h, cb).dispose()}, {@link OnLoop#OPS} times in one loop callback.
     *
     * @param on the loop
     * @return how many timers were armed and cancelled
     */
    @Benchmark
    @OperationsPerInvocation(OPS)
    public int armAndCancel(OnLoop on) {
        return on.run(Mono.fromCallable(() -> {
            int cancelled = 0;
            for (int i = 0; i < OPS; i++) {
                Disposable timer = on.loop.callLater(TWO_HOURS, NOTHING);
                timer.dispose();
                if (timer.isDisposed()) {
                    cancelled++;
                }
            }
            return cancelled;
        }));
    }
}
