package io.github.asyncio4j.benchmarks;

import io.github.asyncio4j.AsyncQueue;
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
import reactor.core.scheduler.Schedulers;

/**
 * The workloads W1, W3 and W4 ({@link Workloads}) next to the plain Reactor composition that does
 * the same work, in one JMH run, so the ratio asyncio4j / Reactor (target: at most 1.5) is read
 * from one table. Every variant runs {@link #N} operations per invocation inside one task on the
 * same loop ({@link OnLoop#run(Mono)}), so both sides pay the same single hand-off per batch, and
 * every variant returns the sum of its values (checked by {@code BenchmarksTest}).
 *
 * <p>Two Reactor forms are measured where Reactor has a shortcut the asyncio4j side cannot take:
 * {@code flatMap(Mono::just)} and {@code concatMap(Mono::just)} never subscribe to the inner
 * {@code Mono.just} (Reactor reads a {@code Callable} inner source in place, the "scalar"
 * optimisation), so they are the floor of what Reactor can do, not an equivalent of a task; the
 * {@code Hidden} forms ({@code Mono.just(i).hide()}) subscribe to each inner Mono, as a task does
 * with its body. Both are reported; the target is read against the literal form.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class ReactorComparisonBenchmark {

    /** Operations per invocation: the size of W1, W3 and W4. */
    public static final int N = 1_000_000;

    /** Capacity of the W4 queue (and prefetch of its Reactor twin). */
    public static final int CAPACITY = 100;

    // ------------------------------------------------------------------------------------------
    // W1 spawn-gather
    // ------------------------------------------------------------------------------------------

    /**
     * W1 on asyncio4j: {@code N} tasks whose body returns its index, created, then all gathered.
     *
     * @param on the loop
     * @return the sum of the gathered results
     */
    @Benchmark
    @OperationsPerInvocation(N)
    public long w1SpawnGatherAsyncio4j(OnLoop on) {
        return on.run(Mono.defer(() -> {
            List<Task<Integer>> tasks = new ArrayList<>(N);
            for (int i = 0; i < N; i++) {
                tasks.add(Asyncio.createTask(Mono.just(i)));
            }
            return Asyncio.gather(tasks).map(ReactorComparisonBenchmark::sum);
        }));
    }

    /**
     * W1 in plain Reactor, as the issue names it: {@code Flux.range(0, N).flatMap(Mono::just)},
     * collected into a list. The inner Monos are read in place (never subscribed).
     *
     * @param on the loop
     * @return the sum of the collected values
     */
    @Benchmark
    @OperationsPerInvocation(N)
    public long w1FlatMapReactor(OnLoop on) {
        return on.run(Flux.range(0, N).flatMap(Mono::just).collectList().map(ReactorComparisonBenchmark::sum));
    }

    /**
     * W1 in plain Reactor with every inner Mono subscribed, unbounded concurrency as
     * {@code gather} has, and results in source order as {@code gather} returns them:
     * {@code flatMapSequential(i -> Mono.just(i).hide(), N)}, collected.
     *
     * @param on the loop
     * @return the sum of the collected values
     */
    @Benchmark
    @OperationsPerInvocation(N)
    public long w1FlatMapHiddenReactor(OnLoop on) {
        return on.run(Flux.range(0, N).flatMapSequential(i -> Mono.just(i).hide(), N)
                .collectList().map(ReactorComparisonBenchmark::sum));
    }

    /**
     * W1 in plain Reactor with every inner Mono run as a task is: subscribed later, on the loop,
     * through Reactor's own {@code subscribeOn} with the loop as its {@code Scheduler}
     * ({@code flatMapSequential(i -> Mono.just(i).subscribeOn(loop), N)}, collected). A task is
     * exactly this: a Mono subscribed in a later iteration of the loop, its outcome relayed back.
     *
     * @param on the loop
     * @return the sum of the collected values
     */
    @Benchmark
    @OperationsPerInvocation(N)
    public long w1FlatMapScheduledReactor(OnLoop on) {
        return on.run(Flux.range(0, N).flatMapSequential(i -> Mono.just(i).subscribeOn(on.loop), N)
                .collectList().map(ReactorComparisonBenchmark::sum));
    }

    // ------------------------------------------------------------------------------------------
    // W3 await-chain
    // ------------------------------------------------------------------------------------------

    /**
     * W3 on asyncio4j: one task awaiting {@code N} fresh, already-completing child tasks in turn
     * ({@code acc += await create_task(child(i))}).
     *
     * @param on the loop
     * @return the sum of the results
     */
    @Benchmark
    @OperationsPerInvocation(N)
    public long w3AwaitChainAsyncio4j(OnLoop on) {
        return on.run(Flux.range(0, N).concatMap(i -> Asyncio.createTask(Mono.just(i))).reduce(0L, Long::sum));
    }

    /**
     * W3 in plain Reactor: a sequential chain of {@code N} {@code Mono.just} awaits,
     * {@code concatMap(Mono::just)} (read in place, never subscribed).
     *
     * @param on the loop
     * @return the sum
     */
    @Benchmark
    @OperationsPerInvocation(N)
    public long w3ConcatMapReactor(OnLoop on) {
        return on.run(Flux.range(0, N).concatMap(Mono::just).reduce(0L, Long::sum));
    }

    /**
     * W3 in plain Reactor with each inner Mono subscribed in turn: {@code concatMap(i -> Mono.just(i).hide())}.
     *
     * @param on the loop
     * @return the sum
     */
    @Benchmark
    @OperationsPerInvocation(N)
    public long w3ConcatMapHiddenReactor(OnLoop on) {
        return on.run(Flux.range(0, N).concatMap(i -> Mono.just(i).hide()).reduce(0L, Long::sum));
    }

    /**
     * W3 in plain Reactor with each inner Mono run as a task is, subscribed later on the loop
     * through {@code subscribeOn(loop)}: {@code concatMap(i -> Mono.just(i).subscribeOn(loop))}.
     *
     * @param on the loop
     * @return the sum
     */
    @Benchmark
    @OperationsPerInvocation(N)
    public long w3ConcatMapScheduledReactor(OnLoop on) {
        return on.run(Flux.range(0, N).concatMap(i -> Mono.just(i).subscribeOn(on.loop)).reduce(0L, Long::sum));
    }

    // ------------------------------------------------------------------------------------------
    // W4 queue
    // ------------------------------------------------------------------------------------------

    /**
     * W4 on asyncio4j: a producer task putting {@code N} ints into an {@code AsyncQueue(100)}, a
     * consumer task getting them, one {@code put}/{@code get} await per item.
     *
     * @param on the loop
     * @return the sum of the items received
     */
    @Benchmark
    @OperationsPerInvocation(N)
    public long w4QueueAsyncio4j(OnLoop on) {
        return on.run(Mono.defer(() -> {
            AsyncQueue<Integer> q = new AsyncQueue<>(CAPACITY);
            int[] next = {0};
            Task<Void> producer = Asyncio.createTask(Mono.defer(() -> q.put(next[0]++)).repeat(N - 1).then());
            long[] sum = {0};
            Task<Void> consumer = Asyncio.createTask(q.get().doOnNext(v -> sum[0] += v).repeat(N - 1).then());
            return Asyncio.gather(producer, consumer).then(Mono.fromCallable(() -> sum[0]));
        }));
    }

    /**
     * W4 on asyncio4j through the queue's Reactive Streams edges: {@code putAll(Flux.range(0, N))}
     * in a producer task, {@code asFlux()} drained by the consumer (the batch task).
     *
     * @param on the loop
     * @return the sum of the items received
     */
    @Benchmark
    @OperationsPerInvocation(N)
    public long w4QueueStreamsAsyncio4j(OnLoop on) {
        return on.run(Mono.defer(() -> {
            AsyncQueue<Integer> q = new AsyncQueue<>(CAPACITY);
            Task<Void> producer = Asyncio.createTask(q.putAll(Flux.range(0, N)).then(Mono.fromRunnable(q::shutdown)));
            return q.asFlux().reduce(0L, Long::sum).flatMap(s -> producer.thenReturn(s));
        }));
    }

    /**
     * W4 in plain Reactor: a producer ({@code Flux.range}, hidden so no operator fuses with it)
     * handing items to a consumer through a bounded queue, {@code publishOn(Schedulers.immediate(), 100)}.
     *
     * <p>Why this is the fair twin: {@code publishOn} keeps a bounded single-producer single-consumer
     * queue between its upstream and its downstream (capacity 100, rounded up to 128), asks the
     * producer for at most that many items, and drains them to the consumer; with the immediate
     * scheduler the drain runs on the producer's thread, so, as on the asyncio4j side, one thread
     * alternates between filling the bounded buffer and emptying it, and the producer is throttled
     * by the buffer (backpressure is Reactor's "await put"). A {@code Sinks.many().unicast()} would
     * not do: its producer cannot wait for room, only fail or buffer without bound.
     *
     * @param on the loop
     * @return the sum of the items received
     */
    @Benchmark
    @OperationsPerInvocation(N)
    public long w4PublishOnReactor(OnLoop on) {
        return on.run(Flux.range(0, N).hide().publishOn(Schedulers.immediate(), CAPACITY).reduce(0L, Long::sum));
    }

    /**
     * Not a twin but a floor: what the loop idiom of {@link #w4QueueAsyncio4j} costs in Reactor
     * alone. The same two {@code repeat} loops (a deferred put, a get with {@code doOnNext}), each
     * iteration a fresh subscription, around a plain {@code ArrayDeque} instead of a queue: the
     * producer fills it with all {@code N} items, then the consumer drains it (no bounding, no
     * waiting, no loop). The part of {@link #w4QueueAsyncio4j} above this is the queue's own cost.
     *
     * @param on the loop
     * @return the sum of the items drained
     */
    @Benchmark
    @OperationsPerInvocation(N)
    public long w4RepeatIdiomReactor(OnLoop on) {
        return on.run(Mono.defer(() -> {
            java.util.ArrayDeque<Integer> buffer = new java.util.ArrayDeque<>(N);
            int[] next = {0};
            long[] sum = {0};
            Mono<Void> producer = Mono.defer(() -> Mono.fromRunnable(() -> buffer.add(next[0]++))).repeat(N - 1).then();
            Mono<Void> consumer = Mono.fromCallable(buffer::poll).doOnNext(v -> sum[0] += v).repeat(N - 1).then();
            return producer.then(consumer).then(Mono.fromCallable(() -> sum[0]));
        }));
    }

    private static long sum(List<Integer> values) {
        long s = 0;
        for (Integer v : values) {
            s += v;
        }
        return s;
    }
}
