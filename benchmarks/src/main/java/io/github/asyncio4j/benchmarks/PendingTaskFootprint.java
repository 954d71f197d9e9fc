package io.github.asyncio4j.benchmarks;

import io.github.asyncio4j.Asyncio;
import io.github.asyncio4j.EventLoop;
import io.github.asyncio4j.Task;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;

/**
 * The heap a pending task retains: {@code n} tasks, each suspended in {@code Asyncio.sleep(1 h)},
 * measured as the growth of the used heap after full GCs, minus what the same {@code n} bodies
 * retain when held without tasks. What is left is the task itself, its body's subscriber and
 * Reactor {@code Context}, the sleep's await point (which is also its timer) and its slot in the
 * loop's timer heap.
 *
 * <p>Run it with {@code java -cp benchmarks/target/benchmarks.jar
 * io.github.asyncio4j.benchmarks.PendingTaskFootprint [n]} (default {@code n} = 100,000). The
 * figure depends on the JVM's object layout (compressed oops and class pointers, the default below
 * 32 GB of heap): the output says which. Use the default G1 or the Parallel collector (both give the
 * same figure): with {@code -XX:+UseSerialGC} on JDK 17 the used heap read after {@code System.gc()}
 * sometimes still counts objects that are already unreachable, and the figures come out wrong (the
 * body's size comes out negative, which the output then flags).
 */
public final class PendingTaskFootprint {

    private static final Duration ONE_HOUR = Duration.ofHours(1);

    private PendingTaskFootprint() {
    }

    /** What one measurement found. */
    record Footprint(int tasks, double bytesPerBody, double bytesPerPendingTask, int pendingOnLoop) {
        String report() {
            String warning = bytesPerBody > 0 ? ""
                    : "%nWARNING: a body cannot weigh nothing: the heap readings are unreliable with this collector; use G1 or Parallel";
            return String.format(Locale.ROOT,
                    "pending tasks: %,d (all pending on sleep: %s)%n"
                            + "body alone (Asyncio.sleep(1 h) Mono): %.1f B%n"
                            + "retained per pending task, body excluded: %.1f B" + warning,
                    tasks, pendingOnLoop == tasks, bytesPerBody, bytesPerPendingTask);
        }
    }

    /**
     * Measures and prints the footprint.
     *
     * @param args optionally the number of tasks (default 100,000)
     */
    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        if (n <= 0) {
            throw new IllegalArgumentException("the number of tasks must be positive, got " + n);
        }
        System.out.println(ManagementFactory.getRuntimeMXBean().getVmName() + " "
                + System.getProperty("java.version") + ", " + gcAndLayout());
        try (EventLoop loop = EventLoop.builder().name("footprint-loop").start()) {
            // A first round grows what the loop keeps for good (its ready queue), loads the classes
            // and settles the JIT, so that only the tasks are charged in the second.
            measure(loop, n);
            System.out.println(measure(loop, n).report());
        }
    }

    /** One measurement of {@code n} bodies, then {@code n} pending tasks, on {@code loop}. */
    static Footprint measure(EventLoop loop, int n) {
        settle(loop);
        long empty = usedHeapAfterGc();
        long withBodies = usedHeapWhileHolding(loop, () -> newBodies(n));
        settle(loop);
        long before = usedHeapAfterGc();
        int[] pending = new int[1];
        long withTasks = usedHeapWhileHolding(loop, () -> {
            Task<?>[] tasks = startPendingTasks(loop, n);
            for (Task<?> t : tasks) {
                pending[0] += t.isDone() ? 0 : 1;
            }
            return tasks;
        });
        cancelAll(loop);
        if (Boolean.getBoolean("footprint.verbose")) {
            System.out.printf("used heap: empty %,d, with bodies %,d, before tasks %,d, with tasks %,d%n",
                    empty, withBodies, before, withTasks);
        }
        double perBody = (double) (withBodies - empty) / n;
        double perTask = (double) (withTasks - before) / n - perBody;
        return new Footprint(n, perBody, perTask, pending[0]);
    }

    /**
     * The used heap while what {@code make} returns is held; it is unreachable once this returns
     * (no local of the caller ever sees it, so no frame of the caller keeps it alive).
     */
    private static long usedHeapWhileHolding(EventLoop loop, Supplier<Object> make) {
        Object held = make.get();
        settle(loop);
        long used = usedHeapAfterGc();
        Reference.reachabilityFence(held);
        return used;
    }

    private static Mono<?>[] newBodies(int n) {
        Mono<?>[] bodies = new Mono<?>[n];
        for (int i = 0; i < n; i++) {
            bodies[i] = Asyncio.sleep(ONE_HOUR);
        }
        return bodies;
    }

    /**
     * Creates {@code n} tasks sleeping an hour, from a task on the loop, and returns once every
     * one has started and armed its timer: the bodies run in the iteration after their creation,
     * ahead of the creator's {@code sleep(ZERO)}, which resumes it in that same iteration.
     */
    private static Task<?>[] startPendingTasks(EventLoop loop, int n) {
        return loop.submit(Mono.defer(() -> {
            Task<?>[] tasks = new Task<?>[n];
            for (int i = 0; i < n; i++) {
                tasks[i] = Asyncio.createTask(Asyncio.sleep(ONE_HOUR));
            }
            return Asyncio.sleep(Duration.ZERO).thenReturn(tasks);
        })).join();
    }

    /**
     * Runs one empty callback on the loop and waits for it. The loop thread's stack may still hold
     * the last callback it ran until it runs another (whether it does depends on the JIT), and that
     * callback may hold something big, such as the answer of {@code allTasks()}.
     */
    private static void settle(EventLoop loop) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        loop.callSoonThreadsafe(() -> done.complete(null));
        done.join();
    }

    /** Cancels every task of the loop and waits until they are done. */
    private static void cancelAll(EventLoop loop) {
        loop.submit(Mono.fromRunnable(() -> {
            for (Task<?> t : loop.allTasks()) {
                if (t != Task.current().orElse(null)) {
                    t.cancel();
                }
            }
        }).then(Asyncio.sleep(Duration.ZERO))).join();
        int left = loop.allTasks().size();
        if (left != 0) {
            throw new IllegalStateException(left + " task(s) still pending after the measurement:\n" + loop.dumpTasks());
        }
    }

    /** The used heap after full collections, once two in a row agree (at most ten). */
    static long usedHeapAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long previous = -1;
        for (int i = 0; i < 10; i++) {
            memory.gc();
            long used = memory.getHeapMemoryUsage().getUsed();
            if (used == previous) {
                return used;
            }
            previous = used;
        }
        return previous;
    }

    private static String gcAndLayout() {
        StringBuilder sb = new StringBuilder("GC:");
        ManagementFactory.getGarbageCollectorMXBeans().forEach(gc -> sb.append(' ').append(gc.getName()).append(';'));
        com.sun.management.HotSpotDiagnosticMXBean hotspot =
                ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
        if (hotspot != null) {
            sb.append(" UseCompressedOops=").append(hotspot.getVMOption("UseCompressedOops").getValue())
                    .append(", UseCompressedClassPointers=")
                    .append(hotspot.getVMOption("UseCompressedClassPointers").getValue());
        }
        return sb.toString();
    }
}
