package io.github.asyncio4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.reactivestreams.Subscription;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Hooks;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The primitives used from other threads: subscriptions made, requested and cancelled off the loop
 * race the loop's deliveries through each operator's compare-and-set. These stress tests assert
 * only what must hold whatever the interleaving (an item is delivered to onNext or stays in the
 * queue; a lock is never held twice and never leaked), never timings; the seeds make the cancel
 * delays replayable, the thread schedule is the machine's.
 *
 * <p>The subscribers here keep a signal that arrives after their {@code cancel()} (Reactive Streams
 * allows that): a cancel from another thread can always cross a delivery already on its way. A
 * Reactor operator would drop such a late value (to {@code Hooks.onNextDropped}) or completion, which
 * is why cancellation should come from the loop thread ({@code timeout(d, loop)}, task cancellation).
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class PrimitivesThreadsTest {

    private final List<Throwable> reported = new CopyOnWriteArrayList<>();
    private final List<Object> dropped = new CopyOnWriteArrayList<>();
    private final EventLoop own = EventLoop.builder().name("threads-test").virtualTime().exceptionHandler((l, t) -> reported.add(t)).start();
    private final Scheduler canceller = Schedulers.newParallel("canceller", 2);

    PrimitivesThreadsTest() {
        Hooks.onNextDropped(dropped::add);
        Hooks.onErrorDropped(dropped::add);
    }

    @AfterEach
    void tearDown() {
        canceller.dispose();
        own.close();
        Hooks.resetOnNextDropped();
        Hooks.resetOnErrorDropped();
        assertThat(reported).as("reported to the loop's exception handler").isEmpty();
        assertThat(dropped).as("dropped to Reactor's hooks").isEmpty();
    }

    @Test
    @DisplayName("gets subscribed, requested and cancelled from other threads lose no item: each is delivered or stays queued")
    void queueGetsCancelledFromOtherThreads() throws Exception {
        int items = 5000;
        int getters = 8000;
        SplittableRandom rnd = new SplittableRandom(42);
        AsyncQueue<Integer> q = new AsyncQueue<>(16);
        Queue<Integer> got = new ConcurrentLinkedQueue<>();
        Set<Integer> extra = new HashSet<>();
        CountDownLatch settled = new CountDownLatch(getters);
        Set<Integer> confirmed = new HashSet<>();
        own.submit(q.join()).get(30, TimeUnit.SECONDS);
        java.util.concurrent.CompletableFuture<Void> producer = own.submit(Flux.range(0, items)
                .concatMap(i -> q.put(i).then(Mono.fromRunnable(() -> confirmed.add(i))), 1)
                .onErrorResume(QueueShutDownException.class, e -> Mono.empty())
                .then());
        for (int i = 0; i < getters; i++) {
            boolean requestLater = rnd.nextBoolean();
            long cancelAfter = rnd.nextLong(300);
            long requestAfter = rnd.nextLong(300);
            Recorder<Integer> s = new Recorder<>(!requestLater, got::add, () -> { });
            q.get().subscribe(s);
            if (requestLater) {
                canceller.schedule(() -> s.upstream.request(1), requestAfter, TimeUnit.MICROSECONDS);
            }
            canceller.schedule(() -> {
                s.upstream.cancel();
                settled.countDown();
            }, cancelAfter, TimeUnit.MICROSECONDS);
            if (i % 500 == 0) {
                // Keep the producer side busy too: top the queue up from another thread now and then.
                int base = items + i;
                own.execute(() -> {
                    if (!q.isFull()) {
                        q.putNowait(base);
                        extra.add(base);
                    }
                });
            }
        }
        assertThat(settled.await(30, TimeUnit.SECONDS)).isTrue();
        List<Integer> remaining = own.submit(Mono.fromCallable(() -> {
            q.shutdown();
            List<Integer> left = new ArrayList<>();
            while (!q.isEmpty()) {
                left.add(q.getNowait());
            }
            return left;
        })).get(30, TimeUnit.SECONDS);
        Set<Integer> seen = new HashSet<>();
        for (Integer v : got) {
            assertThat(seen.add(v)).as("item %s delivered twice", v).isTrue();
        }
        for (Integer v : remaining) {
            assertThat(seen.add(v)).as("item %s delivered and left over", v).isTrue();
        }
        producer.get(30, TimeUnit.SECONDS);
        Set<Integer> put = own.submit(Mono.fromCallable(() -> {
            Set<Integer> all = new HashSet<>(extra);
            all.addAll(confirmed);
            return all;
        })).get(30, TimeUnit.SECONDS);
        assertThat(seen).as("every item put is delivered once or still queued").isEqualTo(put);
        assertThat(own.submit(Mono.fromCallable(() -> q.getters.size() + q.getClaims)).get(30, TimeUnit.SECONDS)).isZero();
    }

    @Test
    @DisplayName("acquires subscribed and cancelled from other threads never hold the lock twice and never leak it")
    void lockAcquiresCancelledFromOtherThreads() throws Exception {
        int acquirers = 5000;
        SplittableRandom rnd = new SplittableRandom(7);
        AsyncLock lock = new AsyncLock();
        AtomicInteger holders = new AtomicInteger();
        AtomicInteger maxHolders = new AtomicInteger();
        AtomicInteger acquired = new AtomicInteger();
        CountDownLatch settled = new CountDownLatch(acquirers);
        own.submit(lock.acquire().then(Mono.fromRunnable(lock::release))).get(30, TimeUnit.SECONDS);
        for (int i = 0; i < acquirers; i++) {
            long cancelAfter = rnd.nextLong(300);
            Recorder<Void> s = new Recorder<>(true, v -> { }, () -> {
                // Delivered on the loop: hold for a moment, then release.
                acquired.incrementAndGet();
                maxHolders.accumulateAndGet(holders.incrementAndGet(), Math::max);
                own.callLater(Duration.ofNanos(java.util.concurrent.ThreadLocalRandom.current().nextLong(20_000)), () -> {
                    holders.decrementAndGet();
                    lock.release();
                });
            });
            lock.acquire().subscribe(s);
            canceller.schedule(() -> {
                s.upstream.cancel();
                settled.countDown();
            }, cancelAfter, TimeUnit.MICROSECONDS);
        }
        assertThat(settled.await(30, TimeUnit.SECONDS)).isTrue();
        // Whatever is still held is released by its timer; one more acquire, queued behind every
        // earlier one (FIFO), completes once they all let go.
        own.submit(lock.acquire().then(Mono.fromRunnable(lock::release))).get(30, TimeUnit.SECONDS);
        List<Object> end = own.submit(Mono.fromCallable(() -> List.<Object>of(lock.isLocked(), lock.waiters.size(), holders.get())))
                .get(30, TimeUnit.SECONDS);
        assertThat(end).containsExactly(false, 0, 0);
        assertThat(maxHolders.get()).isEqualTo(1);
        assertThat(acquired.get()).isPositive();
    }

    /** A subscriber that keeps every signal, also one arriving after its cancel(). */
    static final class Recorder<T> implements reactor.core.CoreSubscriber<T> {
        private final boolean requestAtOnce;
        private final java.util.function.Consumer<T> onNext;
        private final Runnable onComplete;
        volatile Subscription upstream;

        Recorder(boolean requestAtOnce, java.util.function.Consumer<T> onNext, Runnable onComplete) {
            this.requestAtOnce = requestAtOnce;
            this.onNext = onNext;
            this.onComplete = onComplete;
        }

        @Override
        public void onSubscribe(Subscription s) {
            upstream = s;
            if (requestAtOnce) {
                s.request(1);
            }
        }

        @Override
        public void onNext(T t) {
            onNext.accept(t);
        }

        @Override
        public void onError(Throwable t) {
            throw new AssertionError("unexpected error", t);
        }

        @Override
        public void onComplete() {
            onComplete.run();
        }
    }
}
