package io.github.asyncio4j;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Leaks and soak (issue 8, part 3): ten million tasks through create, complete, fail and cancel
 * cycles on one loop, with the retained heap (measured after a full GC, every million tasks)
 * staying flat; and loops, with their threads, gone after {@code close()}.
 *
 * <p>The bound on the heap is generous (it must not depend on the collector's mood): a leak of even
 * a few bytes per task would grow it by tens of megabytes over the run, far above the slack.
 * {@code -Dsoak.tasks=N} changes the number of tasks.
 */
@Timeout(value = 300, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SoakTest {

    private static final int BATCH = 1_000;
    private static final long SLACK_BYTES = 24L << 20;
    private static final IllegalStateException FAILURE = new IllegalStateException("soak failure") {
        private static final long serialVersionUID = 1L;

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    };

    @Test
    @DisplayName("soak: 10 million tasks created, completed, failed and cancelled; the retained heap stays flat and no task is left")
    void tenMillionTasks() {
        long tasks = Long.getLong("soak.tasks", 10_000_000L);
        int batches = (int) (tasks / BATCH);
        int measureEvery = Math.max(1, batches / 10);
        List<Long> heap = new ArrayList<>();
        List<Integer> pending = new ArrayList<>();
        long[] outcomes = new long[4];
        List<Throwable> reported = new ArrayList<>();
        long started = System.nanoTime();
        Asyncio.run(() -> Flux.range(0, batches)
                .concatMap(b -> batch(outcomes).doOnSuccess(n -> {
                    if ((b + 1) % measureEvery == 0) {
                        pending.add(EventLoop.running().taskCount());
                        heap.add(retainedHeap());
                    }
                }), 0)
                .then(), EventLoop.builder().virtualTime().exceptionHandler((l, t) -> reported.add(t)));
        double took = (System.nanoTime() - started) / 1e9;
        System.out.printf("soak: %,d tasks (%,d values, %,d after a sleep, %,d failed, %,d cancelled) in %.1f s; "
                        + "retained heap after GC, every %,d tasks: %s MB%n",
                outcomes[0] + outcomes[1] + outcomes[2] + outcomes[3], outcomes[0], outcomes[1], outcomes[2], outcomes[3],
                took, (long) measureEvery * BATCH, heap.stream().map(b -> String.format("%.1f", b / 1048576.0)).collect(Collectors.toList()));

        assertThat(outcomes[0] + outcomes[1] + outcomes[2] + outcomes[3]).isEqualTo((long) batches * BATCH);
        assertThat(reported).as("reported to the loop's exception handler").isEmpty();
        assertThat(pending).as("tasks left between batches (the main task only)").containsOnly(1);
        long first = heap.get(0);
        assertThat(heap).as("retained heap (bytes) stays within %d MB of the first measurement", SLACK_BYTES >> 20)
                .allSatisfy(h -> assertThat(h).isLessThanOrEqualTo(first + SLACK_BYTES));
    }

    /** A thousand tasks: a quarter complete at once, a quarter after a sleep, a quarter fail, a quarter are cancelled. */
    private static Mono<Integer> batch(long[] outcomes) {
        return Mono.defer(() -> {
            List<Task<Integer>> ts = new ArrayList<>(BATCH);
            for (int j = 0; j < BATCH; j++) {
                switch (j & 3) {
                    case 0:
                        ts.add(Asyncio.createTask(Mono.just(j)));
                        break;
                    case 1:
                        ts.add(Asyncio.createTask(Asyncio.sleep(Duration.ofMillis(1 + j % 7), j)));
                        break;
                    case 2:
                        ts.add(Asyncio.createTask(Mono.error(FAILURE)));
                        break;
                    default:
                        Task<Integer> t = Asyncio.createTask(Asyncio.sleep(Duration.ofHours(1), j));
                        t.cancel();
                        ts.add(t);
                }
            }
            return Asyncio.gatherSettled(ts).map(results -> {
                for (int j = 0; j < results.size(); j++) {
                    Outcome<Integer> o = results.get(j);
                    if (o.isSuccess()) {
                        outcomes[(j & 3) == 0 ? 0 : 1]++;
                    } else if (o.error() instanceof CancelledException) {
                        outcomes[3]++;
                    } else {
                        outcomes[2]++;
                    }
                }
                return results.size();
            });
        });
    }

    private static long retainedHeap() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    @Test
    @DisplayName("close: 100 loops that ran tasks are closed, their threads have ended, and the loops are collectable")
    void loopsAndThreadsAreGoneAfterClose() throws Exception {
        List<WeakReference<EventLoop>> refs = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            EventLoop loop = EventLoop.start("soak-close-" + i);
            Thread[] t = new Thread[1];
            // Tasks of every kind, some still pending when the loop closes.
            loop.submit(Mono.fromRunnable(() -> t[0] = Thread.currentThread())).get(10, SECONDS);
            loop.createTask(Asyncio.sleep(Duration.ofHours(1)));
            loop.submit(Asyncio.sleep(Duration.ofMillis(1), i)).get(10, SECONDS);
            loop.callLater(Duration.ofHours(1), () -> { });
            loop.close();
            assertThat(loop.isClosed()).isTrue();
            assertThat(t[0].isAlive()).as("thread of %s after close()", loop).isFalse();
            refs.add(new WeakReference<>(loop));
        }
        for (int i = 0; i < 3 && refs.stream().anyMatch(r -> r.get() != null); i++) {
            System.gc();
        }
        assertThat(refs).as("closed loops are collectable").allSatisfy(r -> assertThat(r.get()).isNull());
        Set<String> alive = Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(n -> n.startsWith("soak-close-")).collect(Collectors.toSet());
        assertThat(alive).as("loop threads still alive").isEmpty();
    }

    @Test
    @DisplayName("close: loops of Asyncio.run are collectable once it returns")
    void asyncioRunLoopsAreCollectable() {
        List<WeakReference<EventLoop>> refs = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            int n = i;
            refs.add(new WeakReference<>(Asyncio.run(() -> Mono.fromCallable(EventLoop::running)
                    .flatMap(l -> Asyncio.sleep(Duration.ofMillis(n), l)), EventLoop.builder().virtualTime())));
        }
        for (int i = 0; i < 3 && refs.stream().anyMatch(r -> r.get() != null); i++) {
            System.gc();
        }
        assertThat(refs).as("loops of finished Asyncio.run calls are collectable").allSatisfy(r -> assertThat(r.get()).isNull());
    }
}
