package io.github.asyncio4j;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.publisher.Mono;

/**
 * Cross-thread stress (issue 8, part 2): eight threads hammer one real-time loop with
 * {@code callSoonThreadsafe}, {@code createTask}, {@code cancel}, {@code submit} and awaiting
 * tasks from outside, and the loop must lose nothing, run nothing twice and run nothing off its
 * thread. The bookkeeping of what ran is written only on the loop thread (plain arrays: the loop
 * owns them), and read after a final round trip through the loop has published it.
 *
 * <p>What may differ between runs is only the interleaving: every assertion holds for all of them.
 * The figures ({@code -Dstress.ops=N} operations per thread, default 250,000: two million in all)
 * are printed. The {@link Timeout} guards against a lost wake-up (the loop asleep with work queued),
 * which would hang a round trip; the ping-pong test aims at exactly that.
 */
@Timeout(value = 240, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CrossThreadStressTest {

    private static final int THREADS = 8;

    /** What each operation is; {@code ops[id]} is written by the thread that made it, before it is published to the loop. */
    private static final int CALLBACK = 0;
    private static final int TASK = 1;
    private static final int CANCELLED_TASK = 2;
    private static final int SUBMIT = 3;
    private static final int AWAITED_TASK = 4;

    @Test
    @DisplayName("stress: 8 threads, millions of callSoonThreadsafe/createTask/cancel/submit/await: nothing lost, nothing twice, nothing off the loop")
    void eightThreadsHammerOneLoop() throws Exception {
        int perThread = Integer.getInteger("stress.ops", 250_000);
        int total = perThread * THREADS;
        List<Throwable> reported = new java.util.concurrent.CopyOnWriteArrayList<>();
        EventLoop loop = EventLoop.builder().name("stress").exceptionHandler((l, t) -> reported.add(t)).start();
        // Loop-owned: written only on the loop thread.
        byte[] ran = new byte[total];
        byte[] doneCallbacks = new byte[total];
        AtomicReference<String> offLoop = new AtomicReference<>();
        Thread[] loopThread = new Thread[1];
        loop.submit(Mono.fromRunnable(() -> loopThread[0] = Thread.currentThread())).get(10, SECONDS);
        Runnable checkThread = () -> {
            if (Thread.currentThread() != loopThread[0]) {
                offLoop.compareAndSet(null, Thread.currentThread().getName());
            }
        };
        int[] kinds = new int[total];
        List<List<CompletableFuture<?>>> awaited = new ArrayList<>();
        AtomicLong cancelsAccepted = new AtomicLong();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        AtomicReference<Throwable> threadFailure = new AtomicReference<>();
        long began = System.nanoTime();
        for (int k = 0; k < THREADS; k++) {
            int base = k * perThread;
            List<CompletableFuture<?>> mine = new ArrayList<>();
            awaited.add(mine);
            Thread t = new Thread(() -> {
                SplittableRandom rnd = new SplittableRandom(base);
                try {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        int id = base + i;
                        Runnable body = () -> {
                            checkThread.run();
                            ran[id]++;
                        };
                        int kind = rnd.nextInt(10);
                        if (kind < 4) {
                            kinds[id] = CALLBACK;
                            loop.callSoonThreadsafe(body);
                        } else if (kind < 6) {
                            kinds[id] = TASK;
                            watch(loop.createTask(Mono.fromRunnable(body)), id, doneCallbacks, checkThread);
                        } else if (kind < 8) {
                            kinds[id] = CANCELLED_TASK;
                            Task<Void> task = loop.createTask(Mono.fromRunnable(body).then(Asyncio.sleep(Duration.ofMinutes(5))));
                            watch(task, id, doneCallbacks, checkThread);
                            if (task.cancel()) {
                                cancelsAccepted.incrementAndGet();
                            }
                        } else if (kind < 9) {
                            kinds[id] = SUBMIT;
                            mine.add(loop.submit(Mono.fromCallable(() -> {
                                body.run();
                                return id;
                            })));
                        } else {
                            kinds[id] = AWAITED_TASK;
                            Task<Integer> task = loop.createTask(Mono.fromCallable(() -> {
                                body.run();
                                return id;
                            }));
                            watch(task, id, doneCallbacks, checkThread);
                            mine.add(task.toFuture());
                        }
                    }
                    // A round trip through the loop: everything this thread queued before has run
                    // (the foreign queue is FIFO per producer) or, for tasks, has been started.
                    loop.submit(Mono.empty()).get(60, SECONDS);
                } catch (Throwable e) {
                    threadFailure.compareAndSet(null, e);
                }
            }, "stress-" + k);
            threads.add(t);
            t.start();
        }
        start.countDown();
        for (Thread t : threads) {
            t.join();
        }
        assertThat(threadFailure.get()).as("a hammering thread failed").isNull();
        long values = 0;
        for (List<CompletableFuture<?>> fs : awaited) {
            for (CompletableFuture<?> f : fs) {
                assertThat(f.get(60, SECONDS)).isNotNull();
                values++;
            }
        }
        // Every task has ended once nothing is left in allTasks(); a last round trip publishes the counters.
        while (!loop.submit(Mono.fromCallable(() -> loop.allTasks().size() == 1)).get(60, SECONDS)) {
            Thread.onSpinWait();
        }
        loop.submit(Asyncio.sleep(Duration.ZERO)).get(60, SECONDS);
        long took = System.nanoTime() - began;
        loop.close();

        assertThat(offLoop.get()).as("a callback ran off the loop thread").isNull();
        assertThat(reported).as("reported to the loop's exception handler").isEmpty();
        int[] counts = new int[5];
        for (int id = 0; id < total; id++) {
            counts[kinds[id]]++;
            switch (kinds[id]) {
                case CALLBACK:
                case SUBMIT:
                    assertThat(ran[id]).as("operation %d (kind %d) ran once", id, kinds[id]).isEqualTo((byte) 1);
                    break;
                case CANCELLED_TASK:
                    // Cancelled from another thread right after creation: its body ran once or never.
                    assertThat(ran[id]).as("cancelled task %d ran at most once", id).isLessThanOrEqualTo((byte) 1);
                    assertThat(doneCallbacks[id]).as("task %d's done callback ran once", id).isEqualTo((byte) 1);
                    break;
                default:
                    assertThat(ran[id]).as("task %d ran once", id).isEqualTo((byte) 1);
                    assertThat(doneCallbacks[id]).as("task %d's done callback ran once", id).isEqualTo((byte) 1);
            }
        }
        assertThat(cancelsAccepted.get()).as("every cancel() of a just-created task is accepted").isEqualTo(counts[CANCELLED_TASK]);
        System.out.printf("stress: %d operations from %d threads (%d callbacks, %d tasks, %d cancelled tasks, %d submits, "
                + "%d tasks awaited from outside; %d values received) in %.1f s%n", total, THREADS, counts[CALLBACK],
                counts[TASK], counts[CANCELLED_TASK], counts[SUBMIT], counts[AWAITED_TASK], values, took / 1e9);
    }

    private static void watch(Task<?> task, int id, byte[] doneCallbacks, Runnable checkThread) {
        task.addDoneCallback(f -> {
            checkThread.run();
            doneCallbacks[id]++;
        });
    }

    @Test
    @DisplayName("stress: 200,000 one-at-a-time round trips from other threads: the loop never sleeps through a wake-up")
    void pingPongNeverLosesAWakeUp() throws Exception {
        int trips = Integer.getInteger("stress.trips", 200_000);
        try (EventLoop loop = EventLoop.start("ping-pong")) {
            List<Thread> threads = new ArrayList<>();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            AtomicLong done = new AtomicLong();
            for (int k = 0; k < 2; k++) {
                Thread t = new Thread(() -> {
                    try {
                        for (int i = 0; i < trips / 2; i++) {
                            CompletableFuture<Boolean> pong = new CompletableFuture<>();
                            // Each trip waits for the loop to run one callback: the loop has gone
                            // idle in between, so each needs the wake-up protocol to work.
                            loop.callSoonThreadsafe(() -> pong.complete(Boolean.TRUE));
                            pong.get(30, SECONDS);
                            done.incrementAndGet();
                        }
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    }
                }, "ping-" + k);
                threads.add(t);
                t.start();
            }
            for (Thread t : threads) {
                t.join();
            }
            assertThat(failure.get()).as("a round trip never came back (a lost wake-up?)").isNull();
            assertThat(done.get()).isEqualTo(trips / 2 * 2);
        }
    }

    @Test
    @DisplayName("stress: cancel() and awaiting from other threads race the task's completion; each side sees one consistent outcome")
    void cancelRacesCompletion() throws Exception {
        int maxRounds = 200_000;
        try (EventLoop loop = EventLoop.start("cancel-race")) {
            SplittableRandom rnd = new SplittableRandom(7);
            int cancelled = 0;
            int completed = 0;
            int rounds = 0;
            // Until each outcome was seen often enough: the race is real, its winner is the machine's.
            while ((cancelled < 1000 || completed < 1000) && rounds < maxRounds) {
                int i = rounds++;
                int yields = rnd.nextInt(4);
                Mono<Integer> body = Mono.just(i);
                for (int y = 0; y < yields; y++) {
                    body = Asyncio.sleep(Duration.ZERO).then(body);
                }
                Task<Integer> task = loop.createTask(body);
                CompletableFuture<Integer> awaiting = task.toFuture();
                for (int spin = rnd.nextInt(2000); spin > 0; spin--) {
                    Thread.onSpinWait();
                }
                boolean accepted = task.cancel();
                try {
                    Integer v = awaiting.get(30, SECONDS);
                    assertThat(v).isEqualTo(i);
                    assertThat(task.isCancelled()).isFalse();
                    completed++;
                } catch (ExecutionException | CancellationException e) {
                    Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
                    assertThat(cause).isInstanceOf(CancellationException.class);
                    assertThat(accepted).as("cancelled although cancel() said the task was done").isTrue();
                    assertThat(task.isCancelled()).isTrue();
                    cancelled++;
                }
            }
            System.out.printf("stress: cancel raced completion %d times: %d cancelled, %d completed%n", rounds, cancelled, completed);
            assertThat(cancelled).as("cancels that won the race").isPositive();
            assertThat(completed).as("completions that won the race").isPositive();
        }
    }
}
