package io.github.asyncio4j.benchmarks;

import static io.github.asyncio4j.benchmarks.OnLoop.OPS;

import io.github.asyncio4j.Asyncio;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;
import reactor.core.publisher.Flux;

/**
 * The cost of a sleep inside a task, awaited {@link OnLoop#OPS} times in a row: the bare yield of
 * {@code sleep(ZERO)}, and a timed sleep (timer armed, fired, task resumed) on a virtual-time loop,
 * whose clock jumps to the deadline, so only the cost is measured, not the wait.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class SleepBenchmark {

    /**
     * {@code await asyncio.sleep(0)}: one loop turn, no timer.
     *
     * @param on the loop
     * @return how many sleeps were awaited
     */
    @Benchmark
    @OperationsPerInvocation(OPS)
    public long sleepZero(OnLoop on) {
        return on.run(Flux.range(0, OPS).concatMap(i -> Asyncio.sleep(Duration.ZERO, i)).count());
    }

    /**
     * {@code await asyncio.sleep(1)} on virtual time: a timer armed, fired, and the task resumed.
     *
     * @param on the virtual-time loop
     * @return how many sleeps were awaited
     */
    @Benchmark
    @OperationsPerInvocation(OPS)
    public long sleepOneSecondVirtual(OnVirtualLoop on) {
        return on.run(Flux.range(0, OPS).concatMap(i -> Asyncio.sleep(Duration.ofSeconds(1), i)).count());
    }
}
