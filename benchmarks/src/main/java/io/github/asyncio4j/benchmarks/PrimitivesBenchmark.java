package io.github.asyncio4j.benchmarks;

import static io.github.asyncio4j.benchmarks.OnLoop.OPS;

import io.github.asyncio4j.AsyncLock;
import io.github.asyncio4j.AsyncQueue;
import io.github.asyncio4j.AsyncSemaphore;
import io.github.asyncio4j.Asyncio;
import io.github.asyncio4j.Task;
import java.time.Duration;
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
 * The primitives' hot paths, {@link OnLoop#OPS} operations per invocation (scores are per
 * operation): an uncontended lock, a lock contended by 100 tasks that yield while holding it, items
 * through a queue of capacity 100 between a producer and a consumer task, and a fan-out of tasks
 * bounded by a semaphore of 10.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class PrimitivesBenchmark {

    private static final int CONTENDERS = 100;

    /**
     * {@code async with lock:} around nothing, nobody else wanting the lock.
     *
     * @param on the loop
     * @return how many times the lock was held
     */
    @Benchmark
    @OperationsPerInvocation(OPS)
    public long lockUncontended(OnLoop on) {
        return on.run(Mono.defer(() -> {
            AsyncLock lock = new AsyncLock();
            long[] held = {0};
            return lock.withLock(() -> Mono.fromRunnable(() -> held[0]++)).repeat(OPS - 1).then(Mono.fromCallable(() -> held[0]));
        }));
    }

    /**
     * 100 tasks taking one lock in turn, each yielding ({@code sleep(0)}) while it holds it.
     *
     * @param on the loop
     * @return how many times the lock was held
     */
    @Benchmark
    @OperationsPerInvocation(OPS)
    public long lockContended(OnLoop on) {
        return on.run(Mono.defer(() -> {
            AsyncLock lock = new AsyncLock();
            long[] held = {0};
            Mono<Void> once = lock.withLock(() -> {
                held[0]++;
                return Asyncio.sleep(Duration.ZERO);
            });
            List<Task<Void>> tasks = new ArrayList<>(CONTENDERS);
            for (int i = 0; i < CONTENDERS; i++) {
                tasks.add(Asyncio.createTask(once.repeat(OPS / CONTENDERS - 1).then()));
            }
            return Asyncio.gather(tasks).then(Mono.fromCallable(() -> held[0]));
        }));
    }

    /**
     * A producer task and a consumer task passing ints through {@code AsyncQueue(100)}.
     *
     * @param on the loop
     * @return the sum of the items received
     */
    @Benchmark
    @OperationsPerInvocation(OPS)
    public long queueBetweenTwoTasks(OnLoop on) {
        return on.run(Mono.defer(() -> {
            AsyncQueue<Integer> q = new AsyncQueue<>(100);
            int[] next = {0};
            Task<Void> producer = Asyncio.createTask(Mono.defer(() -> q.put(next[0]++)).repeat(OPS - 1).then());
            long[] sum = {0};
            Task<Void> consumer = Asyncio.createTask(q.get().doOnNext(v -> sum[0] += v).repeat(OPS - 1).then());
            return Asyncio.gather(producer, consumer).then(Mono.fromCallable(() -> sum[0]));
        }));
    }

    /**
     * The same through {@code asFlux()} and {@code putAll(publisher)}, the Reactive Streams edges.
     *
     * @param on the loop
     * @return how many items were received
     */
    @Benchmark
    @OperationsPerInvocation(OPS)
    public long queueStreams(OnLoop on) {
        return on.run(Mono.defer(() -> {
            AsyncQueue<Integer> q = new AsyncQueue<>(100);
            Task<Void> producer = Asyncio.createTask(q.putAll(Flux.range(0, OPS)).then(Mono.fromRunnable(q::shutdown)));
            return q.asFlux().count().flatMap(n -> producer.thenReturn(n));
        }));
    }

    /**
     * {@code OPS} tasks, at most 10 inside {@code async with semaphore:} at once, each yielding once there.
     *
     * @param on the loop
     * @return how many tasks ran
     */
    @Benchmark
    @OperationsPerInvocation(OPS)
    public int semaphoreFanOut(OnLoop on) {
        return on.run(Mono.defer(() -> {
            AsyncSemaphore semaphore = new AsyncSemaphore(10);
            List<Task<Void>> tasks = new ArrayList<>(OPS);
            for (int i = 0; i < OPS; i++) {
                tasks.add(Asyncio.createTask(semaphore.withPermit(() -> Asyncio.sleep(Duration.ZERO))));
            }
            return Asyncio.gather(tasks).map(List::size);
        }));
    }
}
