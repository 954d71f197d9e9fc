package io.github.asyncio4j.benchmarks;

import static io.github.asyncio4j.benchmarks.OnLoop.OPS;

import io.github.asyncio4j.Asyncio;
import io.github.asyncio4j.Task;
import java.util.ArrayList;
import java.util.List;
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
import reactor.core.publisher.Mono;

/**
 * A task's life: {@code createTask} of a body that is just {@code Mono.just(i)}, its one step, its
 * completion, and an await of it from another task, in batches of {@link OnLoop#OPS} on one loop.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class TaskBenchmark {

    /**
     * {@code for i in range(n): acc += await asyncio.create_task(child(i))} (CPython workload W3):
     * create a task, await it, then the next. Two loop turns per task: its step, then the wake-up
     * of the awaiting task.
     *
     * @param on the loop
     * @return the sum of the results
     */
    @Benchmark
    @OperationsPerInvocation(OPS)
    public long createAndAwaitOneByOne(OnLoop on) {
        return on.run(Flux.range(0, OPS)
                .concatMap(i -> Asyncio.createTask(Mono.just(i)))
                .reduce(0L, Long::sum));
    }

    /**
     * Create all the tasks first, then await each in order: they all run in one loop turn, and
     * all but the first are done when awaited (an await of a done task takes no loop turn).
     *
     * @param on the loop
     * @return the sum of the results
     */
    @Benchmark
    @OperationsPerInvocation(OPS)
    public long createAllThenAwait(OnLoop on) {
        return on.run(Mono.defer(() -> {
            List<Task<Integer>> tasks = new ArrayList<>(OPS);
            for (int i = 0; i < OPS; i++) {
                tasks.add(Asyncio.createTask(Mono.just(i)));
            }
            return Flux.fromIterable(tasks).concatMap(t -> t).reduce(0L, Long::sum);
        }));
    }

    /**
     * The same chain as {@link #createAndAwaitOneByOne} without tasks: what {@code concatMap} and
     * {@code reduce} cost, to subtract from it.
     *
     * @param on the loop
     * @return the sum
     */
    @Benchmark
    @OperationsPerInvocation(OPS)
    public long baselineWithoutTasks(OnLoop on) {
        return on.run(Flux.range(0, OPS).concatMap(Mono::just).reduce(0L, Long::sum));
    }
}
