package io.github.asyncio4j;

import static io.github.asyncio4j.PrimitiveLoop.exec;
import static io.github.asyncio4j.PrimitiveLoop.tick;
import static io.github.asyncio4j.PrimitiveLoop.ticks;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeoutException;
import java.util.function.LongFunction;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.reactivestreams.Subscription;
import reactor.core.Disposable;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Seeded-random, model-based tests of the primitives: thousands of random interleavings of
 * acquire/release/put/get, task cancellation, Reactor cancellation (timeouts, disposals,
 * {@code firstWithValue}) and shutdown, on the virtual-time loop, each checked against a simple
 * model: items are conserved (every item put is got exactly once or is still queued), permits are
 * conserved (free + held + handed to a woken waiter = the initial count), no wake-up is lost (no
 * waiter sleeps while what it waits for is free), and every task ends once the contention stops.
 *
 * <p>Each run is seeded with {@code base + i}; a failure names its seed and the operations of
 * that run. Replay one seed with {@code -Dprims.replay=<seed>}; change the base or the number of
 * runs with {@code -Dprims.seed=<base>} and {@code -Dprims.runs=<n>}.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class PrimitivesModelTest {

    private static final long BASE_SEED = Long.getLong("prims.seed", 20_261_122L);
    private static final int RUNS = Integer.getInteger("prims.runs", 3000);
    private static final Long REPLAY = Long.getLong("prims.replay");

    /** One random run: a body for the loop, then checks on the outcome. */
    interface Run {
        Mono<Void> body();

        void check();

        List<String> log();
    }

    private static void forEachSeed(LongFunction<Run> make) {
        long first = REPLAY != null ? REPLAY : BASE_SEED;
        int runs = REPLAY != null ? 1 : RUNS;
        for (int i = 0; i < runs; i++) {
            long seed = first + i;
            Run run = make.apply(seed);
            try {
                new PrimitiveLoop().run(run::body);
                run.check();
            } catch (Throwable t) {
                List<String> log = run.log();
                throw new AssertionError("seed " + seed + " failed (replay with -Dprims.replay=" + seed + "): " + t
                        + "\nlast operations: " + log.subList(Math.max(0, log.size() - 60), log.size()), t);
            }
        }
    }

    @Test
    @DisplayName("model: random put/get/putNowait/getNowait/asFlux with task cancels, Reactor timeouts, disposals and "
            + "shutdowns conserve every item, on FIFO, LIFO and priority queues, bounded or not")
    void queues() {
        forEachSeed(QueueRun::new);
    }

    @Test
    @DisplayName("model: random acquire/release/withPermit/withLock with task cancels, Reactor timeouts, disposals and "
            + "firstWithValue races conserve permits and never over-admit")
    void semaphoresAndLocks() {
        forEachSeed(PermitRun::new);
    }

    @Test
    @DisplayName("model: random producers and consumers on a condition, with cancels and Reactor timeouts, lose no "
            + "signal and no item")
    void conditions() {
        forEachSeed(ConditionRun::new);
    }

    /** What every run shares: the random source, the log, the tasks and subscriptions it starts. */
    abstract static class Base implements Run {
        final SplittableRandom rnd;
        final List<String> log = new ArrayList<>();
        final List<Task<?>> tasks = new ArrayList<>();
        final List<Disposable> subs = new ArrayList<>();
        EventLoop loop;

        Base(long seed) {
            this.rnd = new SplittableRandom(seed);
        }

        @Override
        public List<String> log() {
            return log;
        }

        @Override
        public Mono<Void> body() {
            loop = EventLoop.running();
            setUp();
            int steps = 10 + rnd.nextInt(60);
            return Flux.range(0, steps)
                    .concatMap(i -> Mono.defer(this::step).then(exec(this::invariants)), 1)
                    .then(Mono.defer(this::settle));
        }

        abstract void setUp();

        abstract Mono<Void> step();

        abstract void invariants();

        abstract Mono<Void> settle();

        Duration ms(int max) {
            return Duration.ofMillis(rnd.nextInt(max + 1));
        }

        <T> Task<T> spawn(String what, Mono<T> body) {
            Task<T> t = Asyncio.createTask(body, what);
            tasks.add(t);
            log.add("spawn " + what);
            return t;
        }

        Mono<Void> cancelSomeTask() {
            List<Task<?>> live = tasks.stream().filter(t -> !t.isDone()).toList();
            if (!live.isEmpty()) {
                Task<?> t = live.get(rnd.nextInt(live.size()));
                log.add("cancel " + t.getName());
                t.cancel();
            }
            return Mono.empty();
        }

        Mono<Void> disposeSome() {
            if (!subs.isEmpty()) {
                Disposable d = subs.remove(rnd.nextInt(subs.size()));
                log.add("dispose " + d);
                d.dispose();
            }
            return Mono.empty();
        }

        Mono<Void> pause() {
            if (rnd.nextBoolean()) {
                int n = 1 + rnd.nextInt(3);
                log.add("ticks " + n);
                return ticks(n);
            }
            Duration d = ms(30);
            log.add("sleep " + d.toMillis() + "ms");
            return Asyncio.sleep(d);
        }

        /** Every task must end once contention stops; a lost wake-up would leave one waiting forever. */
        Mono<Void> allTasksEnd() {
            return Mono.defer(() -> Mono.when(tasks.stream().map(t -> t.then().onErrorResume(e -> Mono.empty())).toList()))
                    .timeout(Duration.ofSeconds(3600), loop)
                    .onErrorMap(TimeoutException.class, e -> new AssertionError("tasks never ended: "
                            + tasks.stream().filter(t -> !t.isDone()).map(Task::getName).toList()));
        }

        static void require(boolean ok, String what) {
            if (!ok) {
                throw new AssertionError(what);
            }
        }
    }

    // ----------------------------------------------------------------------------------------------
    // Queues
    // ----------------------------------------------------------------------------------------------

    static final class QueueRun extends Base {
        AsyncQueue<Integer> q;
        int maxsize;
        final Set<Integer> confirmed = new HashSet<>();
        final List<Integer> got = new ArrayList<>();
        final Set<Integer> discarded = new HashSet<>();
        final List<BaseSubscriber<Integer>> lazies = new ArrayList<>();
        final List<Integer> remaining = new ArrayList<>();
        int nextId;
        int putBacks;

        QueueRun(long seed) {
            super(seed);
        }

        @Override
        void setUp() {
            maxsize = rnd.nextInt(5);
            int kind = rnd.nextInt(3);
            q = kind == 0 ? new AsyncQueue<>(maxsize) : kind == 1 ? new AsyncLifoQueue<>(maxsize) : new AsyncPriorityQueue<>(maxsize);
            log.add(q.getClass().getSimpleName() + " maxsize " + maxsize);
        }

        private void gotItem(Integer v) {
            got.add(v);
        }

        private void swallowShutdown(Throwable e) {
            require(e instanceof QueueShutDownException, "unexpected error " + e);
        }

        @Override
        Mono<Void> step() {
            int id = nextId;
            switch (rnd.nextInt(17)) {
                case 0:
                case 1:
                    nextId++;
                    spawn("put" + id, q.put(id).then(exec(() -> confirmed.add(id))));
                    return Mono.empty();
                case 2: {
                    nextId++;
                    Duration d = ms(20);
                    spawn("putTimeout" + id, q.put(id).timeout(d, loop).then(exec(() -> confirmed.add(id)))
                            .onErrorResume(TimeoutException.class, e -> Mono.empty()));
                    return Mono.empty();
                }
                case 3:
                    nextId++;
                    log.add("reactorPut " + id);
                    subs.add(q.put(id).subscribe(v -> { }, this::swallowShutdown, () -> confirmed.add(id)));
                    return Mono.empty();
                case 4:
                    nextId++;
                    try {
                        q.putNowait(id);
                        confirmed.add(id);
                        log.add("putNowait " + id);
                    } catch (QueueFullException | QueueShutDownException e) {
                        log.add("putNowait " + id + " refused: " + e.getClass().getSimpleName());
                    }
                    return Mono.empty();
                case 5:
                case 6:
                    spawn("get" + tasks.size(), q.get().doOnNext(this::gotItem));
                    return Mono.empty();
                case 7: {
                    Duration d = ms(20);
                    spawn("getTimeout" + tasks.size(), q.get().timeout(d, loop).doOnNext(this::gotItem)
                            .onErrorResume(TimeoutException.class, e -> Mono.empty()));
                    return Mono.empty();
                }
                case 8:
                    log.add("reactorGet");
                    subs.add(q.get().subscribe(this::gotItem, this::swallowShutdown));
                    return Mono.empty();
                case 9:
                    try {
                        Integer v = q.getNowait();
                        got.add(v);
                        log.add("getNowait " + v);
                    } catch (QueueEmptyException | QueueShutDownException e) {
                        log.add("getNowait refused: " + e.getClass().getSimpleName());
                    }
                    return Mono.empty();
                case 10: {
                    log.add("lazyGet");
                    BaseSubscriber<Integer> lazy = new BaseSubscriber<>() {
                        @Override
                        protected void hookOnSubscribe(Subscription subscription) {
                            // requests later, or never
                        }

                        @Override
                        protected void hookOnNext(Integer value) {
                            gotItem(value);
                        }

                        @Override
                        protected void hookOnError(Throwable throwable) {
                            swallowShutdown(throwable);
                        }
                    };
                    lazies.add(lazy);
                    q.get().subscribe(lazy);
                    return Mono.empty();
                }
                case 11: {
                    int demand = 1 + rnd.nextInt(3);
                    log.add("asFlux requesting " + demand);
                    BaseSubscriber<Integer> flux = new BaseSubscriber<>() {
                        @Override
                        protected void hookOnSubscribe(Subscription subscription) {
                            request(demand);
                        }

                        @Override
                        protected void hookOnNext(Integer value) {
                            gotItem(value);
                        }
                    };
                    subs.add(flux);
                    q.asFlux().subscribe(flux);
                    return Mono.empty();
                }
                case 12:
                    return cancelSomeTask();
                case 13:
                    return disposeSome();
                case 14:
                    if (!lazies.isEmpty()) {
                        BaseSubscriber<Integer> lazy = lazies.remove(rnd.nextInt(lazies.size()));
                        if (rnd.nextBoolean()) {
                            log.add("lazy requests");
                            lazy.request(1);
                        } else {
                            log.add("lazy disposed");
                            putBacks++;
                            lazy.dispose();
                        }
                    }
                    return Mono.empty();
                case 15:
                    if (!q.shutdown && rnd.nextInt(12) == 0) {
                        boolean immediate = rnd.nextBoolean();
                        return shutdown(immediate);
                    }
                    return pause();
                default:
                    return pause();
            }
        }

        private Mono<Void> shutdown(boolean immediate) {
            log.add("shutdown" + (immediate ? "(immediate)" : ""));
            if (immediate) {
                // Items held by lazy subscribers go back first, so the model can see them discarded.
                for (BaseSubscriber<Integer> lazy : lazies) {
                    putBacks++;
                    lazy.dispose();
                }
                lazies.clear();
                discarded.addAll(q.items.snapshot());
            }
            q.shutdown(immediate);
            return Mono.empty();
        }

        @Override
        void invariants() {
            require(q.getClaims >= 0 && q.putClaims >= 0, "negative claims " + q);
            require(maxsize <= 0 || q.size() <= maxsize + putBacks, "over capacity " + q);
            boolean parkedGetter = false;
            for (AwaitOp<?> w = q.getters.first(); w != null; w = w.nextWaiter) {
                parkedGetter |= !w.fut.isDone();
            }
            require(!(parkedGetter && q.size() > q.getClaims), "lost wake-up: a getter sleeps beside a free item " + q);
            boolean parkedPutter = false;
            for (AwaitOp<?> w = q.putters.first(); w != null; w = w.nextWaiter) {
                parkedPutter |= !w.fut.isDone();
            }
            require(!(parkedPutter && q.hasFreeSlot() && !q.shutdown), "lost wake-up: a putter sleeps beside a free slot " + q);
        }

        @Override
        Mono<Void> settle() {
            log.add("settle");
            for (BaseSubscriber<Integer> lazy : lazies) {
                putBacks++;
                lazy.dispose();
            }
            lazies.clear();
            if (!q.shutdown) {
                q.shutdown();
            }
            return allTasksEnd()
                    .then(ticks(3))
                    .then(exec(() -> {
                        for (Disposable d : subs) {
                            d.dispose();
                        }
                        while (!q.isEmpty()) {
                            remaining.add(q.getNowait());
                        }
                    }));
        }

        @Override
        public void check() {
            assertThat(new HashSet<>(got)).as("an item got twice: %s", got).hasSize(got.size());
            Set<Integer> accounted = new HashSet<>(got);
            for (Integer r : remaining) {
                assertThat(accounted.add(r)).as("item %s both got and left over", r).isTrue();
            }
            for (Integer d : discarded) {
                assertThat(accounted.add(d)).as("item %s both got/left and discarded", d).isTrue();
            }
            assertThat(accounted).as("items got, left and discarded are the items put").isEqualTo(confirmed);
            assertThat(q.getters.isEmpty() && q.putters.isEmpty()).as("waiters left: %s", q).isTrue();
            assertThat(q.getClaims + q.putClaims).as("claims left: %s", q).isZero();
        }
    }

    // ----------------------------------------------------------------------------------------------
    // Semaphores and locks
    // ----------------------------------------------------------------------------------------------

    static final class PermitRun extends Base {
        int permits;
        AsyncSemaphore sem;
        AsyncLock lock;
        int holders;
        int maxHolders;

        PermitRun(long seed) {
            super(seed);
        }

        @Override
        void setUp() {
            int kind = rnd.nextInt(3);
            if (kind == 2) {
                permits = 1;
                lock = new AsyncLock();
                log.add("AsyncLock");
            } else {
                permits = 1 + rnd.nextInt(3);
                sem = kind == 0 ? new AsyncSemaphore(permits) : new AsyncBoundedSemaphore(permits);
                log.add(sem.getClass().getSimpleName() + "(" + permits + ")");
            }
        }

        private Mono<Void> acquire() {
            return lock != null ? lock.acquire() : sem.acquire();
        }

        private void release() {
            if (lock != null) {
                lock.release();
            } else {
                sem.release();
            }
        }

        private <T> Mono<T> holding(java.util.function.Supplier<Mono<T>> body) {
            return lock != null ? lock.withLock(body) : sem.withPermit(body);
        }

        private void enter() {
            holders++;
            maxHolders = Math.max(maxHolders, holders);
            require(holders <= permits, "over-admission: " + holders + " holders of " + permits);
        }

        private void exit() {
            holders--;
        }

        /** Holds for a while, then gives the permit back, however the hold ends. */
        private Mono<Void> hold(boolean manual) {
            Duration d = ms(20);
            return Mono.defer(() -> {
                enter();
                return Asyncio.sleep(d).doFinally(sig -> {
                    exit();
                    if (manual) {
                        release();
                    }
                });
            });
        }

        @Override
        Mono<Void> step() {
            switch (rnd.nextInt(12)) {
                case 0:
                case 1:
                case 2:
                    spawn("holding" + tasks.size(), holding(() -> hold(false)));
                    return Mono.empty();
                case 3:
                    spawn("manual" + tasks.size(), acquire().then(hold(true)));
                    return Mono.empty();
                case 4: {
                    Duration d = ms(20);
                    spawn("timeout" + tasks.size(), acquire().timeout(d, loop).then(hold(true))
                            .onErrorResume(TimeoutException.class, e -> Mono.empty()));
                    return Mono.empty();
                }
                case 5: {
                    Duration d = ms(30);
                    log.add("reactorAcquire");
                    subs.add(acquire().subscribe(v -> { }, e -> {
                        throw new AssertionError("acquire failed", e);
                    }, () -> {
                        enter();
                        loop.callLater(d, () -> {
                            exit();
                            release();
                        });
                    }));
                    return Mono.empty();
                }
                case 6: {
                    Duration d = ms(20);
                    spawn("race" + tasks.size(), Mono.firstWithValue(acquire().thenReturn(true), Asyncio.sleep(d, false))
                            .flatMap(won -> won ? hold(true) : Mono.empty()));
                    return Mono.empty();
                }
                case 7:
                case 8:
                    return cancelSomeTask();
                case 9:
                    return disposeSome();
                default:
                    return pause();
            }
        }

        private int wokenPending(WaitList waiters) {
            int n = 0;
            for (AwaitOp<?> w = waiters.first(); w != null; w = w.nextWaiter) {
                if (w.woken()) {
                    n++;
                }
            }
            return n;
        }

        @Override
        void invariants() {
            require(holders <= permits, "over-admission");
            if (lock != null) {
                require(holders == (lock.isLocked() ? 1 : 0), "lock held " + lock.isLocked() + " by " + holders);
            } else {
                int woken = wokenPending(sem.waiters);
                require(sem.value + holders + woken == permits, "permits not conserved: free " + sem.value + " + held "
                        + holders + " + handed " + woken + " != " + permits);
                boolean parked = false;
                for (AwaitOp<?> w = sem.waiters.first(); w != null; w = w.nextWaiter) {
                    parked |= !w.fut.isDone();
                }
                // A newcomer may queue behind a woken waiter although permits are free (FIFO); that waiter
                // wakes as many as allowed when it runs. Without one, the sleeper would never wake.
                require(!(parked && sem.value > 0 && woken == 0), "lost wake-up: a waiter sleeps beside a free permit " + sem);
            }
        }

        @Override
        Mono<Void> settle() {
            log.add("settle");
            return allTasksEnd()
                    .then(Asyncio.sleep(Duration.ofSeconds(1)))
                    .then(ticks(3));
        }

        @Override
        public void check() {
            assertThat(holders).isZero();
            assertThat(maxHolders).isLessThanOrEqualTo(permits);
            if (lock != null) {
                assertThat(lock.isLocked()).as("lock leaked: %s", lock).isFalse();
                assertThat(lock.waiters.isEmpty()).isTrue();
            } else {
                assertThat(sem.value).as("permits leaked: %s", sem).isEqualTo(permits);
                assertThat(sem.waiters.isEmpty()).isTrue();
            }
        }
    }

    // ----------------------------------------------------------------------------------------------
    // Conditions
    // ----------------------------------------------------------------------------------------------

    static final class ConditionRun extends Base {
        final AsyncCondition cond = new AsyncCondition();
        final ArrayDeque<Integer> items = new ArrayDeque<>();
        final Set<Integer> produced = new HashSet<>();
        final List<Integer> got = new ArrayList<>();
        final List<Task<?>> consumers = new ArrayList<>();
        int nextId;

        ConditionRun(long seed) {
            super(seed);
        }

        @Override
        void setUp() {
            log.add("AsyncCondition");
        }

        private Mono<Void> consumer(boolean reactorTimeout) {
            return cond.withLock(() -> {
                Mono<Void> ready = cond.awaitUntil(() -> !items.isEmpty());
                if (reactorTimeout) {
                    Duration d = ms(20);
                    return ready.timeout(d, loop).then(exec(() -> got.add(items.poll())))
                            .onErrorResume(TimeoutException.class, e -> Mono.empty());
                }
                return ready.then(exec(() -> got.add(items.poll())));
            });
        }

        private Mono<Void> producer(int id, int signals) {
            return cond.withLock(() -> exec(() -> {
                items.add(id);
                produced.add(id);
                if (signals == 0) {
                    cond.signalAll();
                } else {
                    cond.signal(signals);
                }
            }));
        }

        /**
         * Once the loop is idle, an item left over while a consumer sleeps means a lost signal: each
         * item came with at least one signal, and a signalled consumer that leaves passes it on.
         */
        private Mono<Void> quiesce() {
            log.add("quiesce");
            return Asyncio.sleep(Duration.ofSeconds(1)).then(exec(() -> {
                boolean sleeping = false;
                for (AwaitOp<?> w = cond.waiters.first(); w != null; w = w.nextWaiter) {
                    sleeping |= !w.fut.isDone();
                }
                require(items.isEmpty() || !sleeping, "lost signal: " + items.size() + " item(s) left while a consumer "
                        + "sleeps " + cond);
            }));
        }

        @Override
        Mono<Void> step() {
            switch (rnd.nextInt(11)) {
                case 0:
                case 1:
                    consumers.add(spawn("consumer" + tasks.size(), consumer(false)));
                    return Mono.empty();
                case 2:
                    consumers.add(spawn("timedConsumer" + tasks.size(), consumer(true)));
                    return Mono.empty();
                case 3:
                case 4: {
                    int id = nextId++;
                    spawn("producer" + id, producer(id, rnd.nextInt(3)));
                    return Mono.empty();
                }
                case 5:
                case 6:
                    return cancelSomeTask();
                case 7:
                    return rnd.nextInt(4) == 0 ? quiesce() : pause();
                case 8: {
                    // x19's race: signal one consumer, then cancel the oldest (the one signalled, FIFO)
                    // before it has run.
                    int id = nextId++;
                    log.add("produce " + id + " then cancel the oldest consumer");
                    return producer(id, 1).then(exec(() -> consumers.stream().filter(t -> !t.isDone()).findFirst()
                            .ifPresent(t -> {
                                log.add("cancel " + t.getName());
                                t.cancel();
                            })));
                }
                default:
                    return pause();
            }
        }

        @Override
        void invariants() {
            require(got.stream().noneMatch(java.util.Objects::isNull), "a consumer found no item: " + got);
        }

        /** Feeds every consumer still waiting: each must get an item, or a signal was lost. */
        @Override
        Mono<Void> settle() {
            log.add("settle");
            return quiesce().then(Mono.defer(() -> {
                long waiting = consumers.stream().filter(t -> !t.isDone()).count();
                for (int i = 0; i < waiting; i++) {
                    int id = nextId++;
                    spawn("feeder" + id, producer(id, 1));
                }
                return allTasksEnd();
            }));
        }

        @Override
        public void check() {
            assertThat(new HashSet<>(got)).as("an item got twice: %s", got).hasSize(got.size());
            Set<Integer> accounted = new HashSet<>(got);
            accounted.addAll(items);
            assertThat(accounted).hasSize(got.size() + items.size()).isEqualTo(produced);
            assertThat(cond.isLocked()).as("lock leaked").isFalse();
            assertThat(cond.waiters.isEmpty() && cond.lock.waiters.isEmpty()).as("waiters left").isTrue();
        }
    }
}
