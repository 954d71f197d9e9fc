package io.github.asyncio4j.benchmarks;

import io.github.asyncio4j.AsyncLock;
import io.github.asyncio4j.AsyncQueue;
import io.github.asyncio4j.Asyncio;
import io.github.asyncio4j.EventLoop;
import io.github.asyncio4j.Outcome;
import io.github.asyncio4j.Task;
import io.github.asyncio4j.TaskGroup;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.function.LongFunction;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The workloads W1..W8 that compare asyncio4j with CPython asyncio ({@code benchmarks/python/workloads.py}
 * is the same set, written for CPython; {@code benchmarks/run-workloads.sh} runs this class).
 *
 * <p>Methodology, as on the Python side: every workload runs on ONE event loop in this one JVM,
 * first warm-up iterations (values discarded) for 2 seconds, at least one: the JIT compiles and
 * settles during them, where CPython's interpreter needs one; then 5 measured iterations; the
 * number printed is the median of the 5. A full GC runs between iterations, outside
 * the timed region. Output: one line per workload, {@code Wn asyncio4j VALUE UNIT} (W2 adds
 * {@code W2-heap asyncio4j VALUE MiB}, and W4 a second formulation, {@code W4-per-item}). Random
 * delays come from the Park–Miller generator, advanced before each draw:
 * {@code x = x * 48271 % (2^31 - 1); delay = x % (max + 1)} ms, seeded 42 (W2) and 4242 (W6), so
 * both implementations sleep exactly the same delays.
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.github.asyncio4j.benchmarks.Workloads [W1 ... W8] [--scale F]}.
 */
public final class Workloads {

    /** Warm-up iterations run for this long (at least one, at most {@link #WARMUP_MAX}); {@code -Dworkloads.warmupMillis}. */
    static final String WARMUP_PROPERTY = "workloads.warmupMillis";
    private static final int WARMUP_MAX = 50;
    private static final int MEASURED = 5;

    private Workloads() {
    }

    /** One workload: its unit and one iteration, run on the loop, returning its figure. */
    private record Workload(String unit, LongFunction<Mono<Double>> iteration, long size) {
    }

    /**
     * Runs the named workloads (all when none is named).
     *
     * @param args workload names, and {@code --scale F} to multiply the counts
     */
    public static void main(String[] args) {
        try {
            run(args, System.out);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
        }
    }

    /**
     * Runs the named workloads (all when none is named), printing one line each to {@code out}.
     *
     * @param args workload names, and {@code --scale F} to multiply the counts
     * @param out where the result lines go
     * @throws IllegalArgumentException for an unknown workload name or a bad {@code --scale}
     */
    static void run(String[] args, PrintStream out) {
        double scale = 1.0;
        List<String> names = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--scale")) {
                if (i + 1 == args.length) {
                    throw new IllegalArgumentException("--scale needs a factor, e.g. --scale 0.1");
                }
                scale = Double.parseDouble(args[++i]);
                if (!(scale > 0)) {
                    throw new IllegalArgumentException("--scale must be positive, was " + args[i]);
                }
            } else {
                names.add(args[i].toUpperCase(Locale.ROOT));
            }
        }
        Map<String, Workload> all = workloads(scale);
        if (names.isEmpty()) {
            names.addAll(all.keySet());
        }
        for (String n : names) {
            if (!all.containsKey(n)) {
                throw new IllegalArgumentException("unknown workload " + n + ": choose among " + all.keySet());
            }
        }
        EventLoop loop = EventLoop.start("workloads");
        try {
            for (String n : names) {
                Workload w = all.get(n);
                double median = measure(loop, w);
                out.println(n + " asyncio4j " + format(median) + " " + w.unit());
                if (n.equals("W2")) {
                    out.println("W2-heap asyncio4j " + format(w2Heap(loop, w.size())) + " MiB");
                }
                if (n.equals("W4")) {
                    Workload perItem = new Workload(w.unit(), Workloads::w4PerItem, w.size());
                    out.println("W4-per-item asyncio4j " + format(measure(loop, perItem)) + " " + w.unit());
                }
            }
        } finally {
            loop.close();
        }
    }

    private static Map<String, Workload> workloads(double scale) {
        Map<String, Workload> m = new LinkedHashMap<>();
        m.put("W1", new Workload("tasks/s", Workloads::w1, scaled(1_000_000, scale)));
        m.put("W2", new Workload("ms", Workloads::w2, scaled(100_000, scale)));
        m.put("W3", new Workload("ns", Workloads::w3, scaled(1_000_000, scale)));
        m.put("W4", new Workload("items/s", Workloads::w4, scaled(1_000_000, scale)));
        m.put("W5", new Workload("tasks/s", Workloads::w5, scaled(100_000, scale)));
        m.put("W6", new Workload("ms", Workloads::w6, scaled(100_000, scale)));
        m.put("W7", new Workload("acq/s", Workloads::w7, scaled(1_000, scale)));
        m.put("W8", new Workload("ops/s", Workloads::w8, scaled(100_000, scale)));
        return m;
    }

    private static long scaled(long n, double scale) {
        return Math.max(1, Math.round(n * scale));
    }

    private static double measure(EventLoop loop, Workload w) {
        long warmupEnd = System.nanoTime() + Long.getLong(WARMUP_PROPERTY, 2_000L) * 1_000_000L;
        for (int i = 0; i < WARMUP_MAX && (i == 0 || System.nanoTime() < warmupEnd); i++) {
            System.gc();
            loop.submit(w.iteration().apply(w.size())).join();
        }
        double[] values = new double[MEASURED];
        for (int i = 0; i < MEASURED; i++) {
            System.gc();
            values[i] = loop.submit(w.iteration().apply(w.size())).join();
        }
        Arrays.sort(values);
        return values[MEASURED / 2];
    }

    private static String format(double v) {
        return Math.abs(v) < 1000 ? String.format(Locale.ROOT, "%.1f", v) : String.format(Locale.ROOT, "%.0f", v);
    }

    /** Park–Miller delays in ms: advance, then draw. */
    static int[] delays(long seed, int max, int n) {
        int[] d = new int[n];
        long x = seed;
        for (int i = 0; i < n; i++) {
            x = x * 48271 % 2147483647L;
            d[i] = (int) (x % (max + 1));
        }
        return d;
    }

    private static int max(int[] values) {
        int m = 0;
        for (int v : values) {
            m = Math.max(m, v);
        }
        return m;
    }

    // W1 spawn-gather: n tasks whose body returns its index, all gathered; tasks/s.
    private static Mono<Double> w1(long n) {
        return Mono.defer(() -> {
            long t0 = System.nanoTime();
            List<Task<Long>> tasks = new ArrayList<>((int) n);
            for (long i = 0; i < n; i++) {
                tasks.add(Asyncio.createTask(Mono.just(i)));
            }
            return Asyncio.gather(tasks).map(results -> {
                long t1 = System.nanoTime();
                check(results.size() == n && results.get((int) n - 1) == n - 1, "W1 results");
                return n / ((t1 - t0) / 1e9);
            });
        });
    }

    // W2 sleep-fanout: n tasks sleeping seeded 0-100 ms in one TaskGroup; wall ms minus the largest delay.
    private static Mono<Double> w2(long n) {
        int[] delays = delays(42, 100, (int) n);
        return Mono.defer(() -> {
            long t0 = System.nanoTime();
            return TaskGroup.run(tg -> {
                for (int d : delays) {
                    tg.createTask(Asyncio.sleep(Duration.ofMillis(d)));
                }
                return Mono.<Void>empty();
            }).then(Mono.fromCallable(() -> (System.nanoTime() - t0) / 1e6 - max(delays)));
        });
    }

    /** W2 once more, untimed, reading the heap pools' peak usage (bytes live at the peak), in MiB. */
    private static double w2Heap(EventLoop loop, long n) {
        System.gc();
        List<MemoryPoolMXBean> heap = new ArrayList<>();
        long before = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                heap.add(pool);
                before += pool.getUsage().getUsed();
                pool.resetPeakUsage();
            }
        }
        loop.submit(w2(n)).join();
        long peak = 0;
        for (MemoryPoolMXBean pool : heap) {
            peak += pool.getPeakUsage().getUsed();
        }
        return (peak - before) / (1024.0 * 1024.0);
    }

    // W3 await-chain: one task awaiting n fresh, already-completing child tasks in sequence; ns per step.
    private static Mono<Double> w3(long n) {
        return Mono.defer(() -> {
            long t0 = System.nanoTime();
            long[] acc = {0};
            long[] i = {0};
            Mono<Void> step = Mono.defer(() -> Asyncio.createTask(Mono.just(i[0]++)))
                    .doOnNext(v -> acc[0] += v).then();
            return Asyncio.createTask(step.repeat(n - 1).then()).then(Mono.fromCallable(() -> {
                long t1 = System.nanoTime();
                check(acc[0] == n * (n - 1) / 2, "W3 sum");
                return (t1 - t0) / (double) n;
            }));
        });
    }

    // W4 queue: one producer task, one consumer task, n ints through an AsyncQueue(100); items/s.
    // Written as a Reactor user writes a producer and a consumer: the producer task putAll()s a
    // Flux.range (each item put only when there is room), the consumer task takes n items from
    // asFlux() (each got only when there is one).
    private static Mono<Double> w4(long n) {
        return Mono.defer(() -> {
            AsyncQueue<Integer> q = new AsyncQueue<>(100);
            long t0 = System.nanoTime();
            Task<Void> producer = Asyncio.createTask(q.putAll(Flux.range(0, (int) n)));
            long[] total = {0};
            Task<Void> consumer = Asyncio.createTask(q.asFlux().take(n).doOnNext(v -> total[0] += v).then());
            return Asyncio.gather(producer, consumer).then(Mono.fromCallable(() -> {
                long t1 = System.nanoTime();
                check(total[0] == n * (n - 1) / 2, "W4 sum");
                return n / ((t1 - t0) / 1e9);
            }));
        });
    }

    /**
     * W4 written as CPython's script is, one await per item: the producer task repeats a fresh
     * {@code put} ({@code for i in range(n): await q.put(i)}), the consumer task a fresh
     * {@code get}. The same transfer as {@link #w4}, with a Reactor subscription per put and per
     * get (a {@code defer(..).repeat()} resubscription, which alone costs about what the rest of
     * the item does; see {@code ReactorComparisonBenchmark.w4RepeatIdiomReactor}); printed as
     * {@code W4-per-item}.
     */
    private static Mono<Double> w4PerItem(long n) {
        return Mono.defer(() -> {
            AsyncQueue<Long> q = new AsyncQueue<>(100);
            long t0 = System.nanoTime();
            long[] next = {0};
            Task<Void> producer = Asyncio.createTask(Mono.defer(() -> q.put(next[0]++)).repeat(n - 1).then());
            long[] total = {0};
            Task<Void> consumer = Asyncio.createTask(q.get().doOnNext(v -> total[0] += v).repeat(n - 1).then());
            return Asyncio.gather(producer, consumer).then(Mono.fromCallable(() -> {
                long t1 = System.nanoTime();
                check(total[0] == n * (n - 1) / 2, "W4-per-item sum");
                return n / ((t1 - t0) / 1e9);
            }));
        });
    }

    // W5 cancel-all: n tasks sleeping an hour, all cancelled and awaited; tasks/s over cancel..all done.
    private static Mono<Double> w5(long n) {
        return Mono.defer(() -> {
            List<Task<Void>> tasks = new ArrayList<>((int) n);
            for (long i = 0; i < n; i++) {
                tasks.add(Asyncio.createTask(Asyncio.sleep(Duration.ofHours(1))));
            }
            return Asyncio.sleep(Duration.ZERO).then(Mono.defer(() -> {
                long t0 = System.nanoTime();
                for (Task<Void> t : tasks) {
                    t.cancel();
                }
                return Asyncio.gatherSettled(tasks).map(outcomes -> {
                    long t1 = System.nanoTime();
                    for (Outcome<Void> o : outcomes) {
                        check(o.error() instanceof CancellationException, "W5 every task cancelled");
                    }
                    return n / ((t1 - t0) / 1e9);
                });
            }));
        });
    }

    // W6 as-completed: n tasks with seeded 0-50 ms sleeps consumed via asCompleted; wall ms minus the largest delay.
    private static Mono<Double> w6(long n) {
        int[] delays = delays(4242, 50, (int) n);
        return Mono.defer(() -> {
            long t0 = System.nanoTime();
            List<Task<Void>> tasks = new ArrayList<>(delays.length);
            for (int d : delays) {
                tasks.add(Asyncio.createTask(Asyncio.sleep(Duration.ofMillis(d))));
            }
            return Asyncio.asCompleted(tasks, null).concatMap(t -> t.thenReturn(1), 0).count().map(consumed -> {
                check(consumed == delays.length, "W6 consumed");
                return (System.nanoTime() - t0) / 1e6 - max(delays);
            });
        });
    }

    // W7 lock: 1,000 tasks each taking one lock n times with sleep(ZERO) inside; acquisitions/s.
    private static Mono<Double> w7(long perTask) {
        int tasksCount = 1_000;
        return Mono.defer(() -> {
            AsyncLock lock = new AsyncLock();
            long[] counter = {0};
            long t0 = System.nanoTime();
            List<Task<Void>> workers = new ArrayList<>(tasksCount);
            Mono<Void> once = lock.withLock(() -> {
                counter[0]++;
                return Asyncio.sleep(Duration.ZERO);
            });
            for (int i = 0; i < tasksCount; i++) {
                workers.add(Asyncio.createTask(once.repeat(perTask - 1).then()));
            }
            return Asyncio.gather(workers).then(Mono.fromCallable(() -> {
                long total = tasksCount * perTask;
                check(counter[0] == total, "W7 count");
                return total / ((System.nanoTime() - t0) / 1e9);
            }));
        });
    }

    // W8 waitFor-no-fire: n sequential waitFor(fast child, 10 s); ops/s.
    private static Mono<Double> w8(long n) {
        return Mono.defer(() -> {
            long t0 = System.nanoTime();
            long[] acc = {0};
            long[] i = {0};
            Duration ten = Duration.ofSeconds(10);
            return Flux.defer(() -> Asyncio.waitFor(Mono.fromCallable(() -> i[0]++), ten))
                    .repeat(n - 1).doOnNext(v -> acc[0] += v).then(Mono.fromCallable(() -> {
                        check(acc[0] == n * (n - 1) / 2, "W8 sum");
                        return n / ((System.nanoTime() - t0) / 1e9);
                    }));
        });
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException("workload check failed: " + what);
        }
    }
}
