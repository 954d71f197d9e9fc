package io.github.asyncio4j.benchmarks;

import io.github.asyncio4j.AsyncFuture;
import io.github.asyncio4j.Asyncio;
import io.github.asyncio4j.ReturnWhen;
import io.github.asyncio4j.Task;
import io.github.asyncio4j.TaskGroup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Waiting on many, at 10,000 and 100,000 children: {@code gather}, {@code wait}, {@code asCompleted}
 * and a {@code TaskGroup}, each over {@code n} tasks whose body is {@code Mono.just(i)} (task
 * creation included: compare with {@link #createOnly}), and {@code waitFor} that does not fire.
 * The score is the time of one whole batch; divide by {@code n} for the cost per child. All of
 * them must grow linearly with {@code n}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class CombinatorBenchmark {

    /** How many children. */
    @Param({"10000", "100000"})
    public int n;

    private static List<Task<Integer>> tasks(int n) {
        List<Task<Integer>> tasks = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            tasks.add(Asyncio.createTask(Mono.just(i)));
        }
        return tasks;
    }

    /**
     * Baseline: create the tasks and await the last one.
     *
     * @param on the loop
     * @return the last value
     */
    @Benchmark
    public Integer createOnly(OnLoop on) {
        return on.run(Mono.defer(() -> {
            List<Task<Integer>> tasks = tasks(n);
            return tasks.get(n - 1);
        }));
    }

    /**
     * Workload W5: {@code n} tasks suspended in {@code sleep(1 h)} (timers armed), each cancelled,
     * then all awaited with {@code gatherSettled}; creation and the first step included.
     *
     * @param on the loop
     * @return how many tasks ended cancelled
     */
    @Benchmark
    public Integer cancelAll(OnLoop on) {
        return on.run(Mono.defer(() -> {
            List<Task<Void>> tasks = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                tasks.add(Asyncio.createTask(Asyncio.sleep(Duration.ofHours(1))));
            }
            return Asyncio.sleep(Duration.ZERO).then(Mono.defer(() -> {
                tasks.forEach(Task::cancel);
                return Asyncio.gatherSettled(tasks);
            })).map(outcomes -> (int) outcomes.stream().filter(o -> o.error() instanceof java.util.concurrent.CancellationException).count());
        }));
    }

    /**
     * {@code gather(*tasks)}.
     *
     * @param on the loop
     * @return how many values were gathered
     */
    @Benchmark
    public Integer gather(OnLoop on) {
        return on.run(Mono.defer(() -> Asyncio.gather(tasks(n)).map(List::size)));
    }

    /**
     * {@code gather(*tasks, return_exceptions=True)}.
     *
     * @param on the loop
     * @return how many outcomes were gathered
     */
    @Benchmark
    public Integer gatherSettled(OnLoop on) {
        return on.run(Mono.defer(() -> Asyncio.gatherSettled(tasks(n)).map(List::size)));
    }

    /**
     * {@code wait(tasks)} (ALL_COMPLETED).
     *
     * @param on the loop
     * @return how many were done
     */
    @Benchmark
    public Integer waitAll(OnLoop on) {
        return on.run(Mono.defer(() -> {
            List<AsyncFuture<Integer>> fs = new ArrayList<>(tasks(n));
            return Asyncio.wait(fs, ReturnWhen.ALL_COMPLETED, null).map(r -> r.done().size());
        }));
    }

    /**
     * {@code as_completed(tasks)}, each emitted task awaited.
     *
     * @param on the loop
     * @return how many were consumed
     */
    @Benchmark
    public Long asCompleted(OnLoop on) {
        return on.run(Mono.defer(() -> Asyncio.asCompleted(tasks(n), null).concatMap(t -> t, 0).count()));
    }

    /**
     * A TaskGroup of {@code n} children.
     *
     * @param on the loop
     * @return how many children were created
     */
    @Benchmark
    public Integer taskGroup(OnLoop on) {
        return on.run(TaskGroup.run(tg -> {
            for (int i = 0; i < n; i++) {
                tg.createTask(Mono.just(i));
            }
            return Mono.just(n);
        }));
    }

    /**
     * {@code n} sequential {@code wait_for(fast child, 10 s)} that never fire.
     *
     * @param on the loop
     * @return how many values came back
     */
    @Benchmark
    public Long waitForNoFire(OnLoop on) {
        Duration ten = Duration.ofSeconds(10);
        return on.run(Flux.range(0, n).concatMap(i -> Asyncio.waitFor(Mono.just(i), ten), 0).count());
    }
}
