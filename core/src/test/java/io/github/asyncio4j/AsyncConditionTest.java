package io.github.asyncio4j;

import static io.github.asyncio4j.PrimitiveLoop.exec;
import static io.github.asyncio4j.PrimitiveLoop.s;
import static io.github.asyncio4j.PrimitiveLoop.tick;
import static io.github.asyncio4j.PrimitiveLoop.ticks;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.publisher.Mono;

/**
 * {@link AsyncCondition}: the {@code COND-} rows of BEHAVIORS.md, and its Reactor-cancel path.
 *
 * <p>Without a Java twin: COND-05's "returns the final predicate value" ({@code awaitUntil} takes a
 * {@code BooleanSupplier}, so the value is {@code true}, and the Mono completes empty, as API.md fixes).
 */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class AsyncConditionTest {

    private final PrimitiveLoop loop = new PrimitiveLoop();

    @Test
    @DisplayName("COND-01 a condition makes its own lock or shares the one given; acquire, release and isLocked are the lock's")
    void ownOrSharedLock() {
        List<Object> seen = loop.run(() -> {
            AsyncLock lock = new AsyncLock();
            AsyncCondition shared = new AsyncCondition(lock);
            AsyncCondition own = new AsyncCondition();
            List<Object> s = new ArrayList<>();
            return shared.acquire()
                    .then(exec(() -> {
                        s.add(lock.isLocked());
                        s.add(shared.isLocked());
                        s.add(own.isLocked());
                        lock.release();
                        s.add(shared.isLocked());
                    }))
                    .then(own.withLock(() -> Mono.fromCallable(() -> own.isLocked() + " " + lock.isLocked())))
                    .doOnNext(s::add)
                    .then(lock.acquire())
                    .then(exec(() -> {
                        shared.release();
                        s.add(lock.isLocked());
                    }))
                    .thenReturn(s);
        });
        assertThat(seen).containsExactly(true, true, false, false, "true false", false);
    }

    @Test
    @DisplayName("COND-02 await without the lock, and signal/signalAll without it, are IllegalStateExceptions (x13)")
    void needsTheLock() {
        List<String> seen = loop.run(() -> {
            AsyncCondition cond = new AsyncCondition();
            List<String> s = new ArrayList<>();
            return exec(() -> {
                for (Runnable r : List.<Runnable>of(cond::signal, () -> cond.signal(3), cond::signalAll)) {
                    try {
                        r.run();
                        s.add("no error");
                    } catch (IllegalStateException e) {
                        s.add(e.getMessage());
                    }
                }
            })
                    .then(cond.await())
                    .onErrorResume(IllegalStateException.class, e -> exec(() -> s.add(e.getMessage())))
                    .then(cond.awaitUntil(() -> false))
                    .onErrorResume(IllegalStateException.class, e -> exec(() -> s.add(e.getMessage())))
                    .thenReturn(s);
        });
        assertThat(seen).hasSize(5);
        assertThat(seen.subList(0, 3)).allSatisfy(m -> assertThat(m).startsWith("cannot notify on un-acquired lock"));
        assertThat(seen.subList(3, 5)).allSatisfy(m -> assertThat(m).startsWith("cannot wait on un-acquired lock"));
    }

    @Test
    @DisplayName("COND-03 await releases the lock, waits for a signal, and re-acquires the lock: a signalled task "
            + "resumes only once the signaller has released it")
    void awaitReleasesAndReacquires() {
        List<Object> seen = loop.run(() -> {
            AsyncCondition cond = new AsyncCondition();
            List<Object> s = new ArrayList<>();
            Task<Void> waiter = Asyncio.createTask(cond.withLock(() -> exec(() -> s.add("waiting"))
                    .then(cond.await())
                    .then(exec(() -> s.add("resumed at " + PrimitiveLoop.now() + " holding the lock: " + cond.isLocked())))));
            return tick()
                    .then(exec(() -> s.add("lock free while waiting: " + !cond.isLocked())))
                    .then(cond.withLock(() -> exec(cond::signal)
                            .then(Asyncio.sleep(s(1)))
                            .then(exec(() -> s.add("signaller releases at " + PrimitiveLoop.now())))))
                    .then(waiter)
                    .then(exec(() -> s.add(cond.isLocked())))
                    .thenReturn(s);
        });
        assertThat(seen).containsExactly("waiting", "lock free while waiting: true", "signaller releases at 1.0",
                "resumed at 1.0 holding the lock: true", false);
    }

    @Test
    @DisplayName("COND-04 signal(n) wakes up to n waiters not yet signalled, FIFO (signal(2048) with fewer is fine); "
            + "signalAll wakes all (x13)")
    void signalN() {
        List<Object> seen = loop.run(() -> {
            AsyncCondition cond = new AsyncCondition();
            List<Integer> order = new ArrayList<>();
            List<Object> s = new ArrayList<>();
            List<Task<Void>> ts = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                int n = i;
                ts.add(Asyncio.createTask(cond.withLock(() -> cond.await().then(exec(() -> order.add(n))))));
            }
            return tick()
                    .then(cond.withLock(() -> exec(() -> cond.signal(2))))
                    .then(Asyncio.sleep(s(0.01)))
                    .then(exec(() -> s.add(List.copyOf(order))))
                    .then(cond.withLock(() -> exec(() -> {
                        cond.signal(1);
                        cond.signal(1);
                        cond.signal(0);
                    })))
                    .then(Asyncio.sleep(s(0.01)))
                    .then(exec(() -> s.add(List.copyOf(order))))
                    .then(Mono.defer(() -> {
                        Task<Void> late1 = Asyncio.createTask(cond.withLock(() -> cond.await().then(exec(() -> order.add(4)))));
                        Task<Void> late2 = Asyncio.createTask(cond.withLock(() -> cond.await().then(exec(() -> order.add(5)))));
                        return tick().then(cond.withLock(() -> exec(() -> cond.signal(2048)))).then(Mono.when(late1, late2));
                    }))
                    .then(exec(() -> s.add(List.copyOf(order))))
                    .then(Mono.defer(() -> {
                        List<Task<Void>> more = new ArrayList<>();
                        for (int i = 6; i < 9; i++) {
                            int n = i;
                            more.add(Asyncio.createTask(cond.withLock(() -> cond.await().then(exec(() -> order.add(n))))));
                        }
                        return tick().then(cond.withLock(() -> exec(cond::signalAll))).then(Mono.when(more));
                    }))
                    .then(Mono.when(ts))
                    .then(exec(() -> s.add(List.copyOf(order))))
                    .thenReturn(s);
        });
        assertThat(seen).containsExactly(List.of(0, 1), List.of(0, 1, 2, 3), List.of(0, 1, 2, 3, 4, 5),
                List.of(0, 1, 2, 3, 4, 5, 6, 7, 8));
    }

    @Test
    @DisplayName("COND-05 awaitUntil tests the predicate first (completing at once, even without the lock, if it "
            + "holds), then waits and re-tests after each wake-up (x13)")
    void awaitUntil() {
        List<Object> seen = loop.run(() -> {
            AsyncCondition cond = new AsyncCondition();
            int[] state = {0};
            int[] checks = {0};
            List<Object> s = new ArrayList<>();
            Task<Void> waiter = Asyncio.createTask(cond.withLock(() -> cond.awaitUntil(() -> {
                checks[0]++;
                return state[0] == 2;
            }).then(exec(() -> s.add("state 2 seen at " + PrimitiveLoop.now() + " after " + checks[0] + " checks, locked "
                    + cond.isLocked())))));
            return cond.awaitUntil(() -> true)
                    .then(exec(() -> s.add("true predicate without the lock")))
                    .then(Asyncio.sleep(s(1)))
                    .then(cond.withLock(() -> exec(() -> {
                        state[0] = 1;
                        cond.signalAll();
                    })))
                    .then(Asyncio.sleep(s(1)))
                    .then(cond.withLock(() -> exec(() -> {
                        state[0] = 2;
                        cond.signalAll();
                    })))
                    .then(waiter)
                    .then(cond.withLock(() -> cond.awaitUntil(() -> {
                        throw new IllegalArgumentException("predicate failed");
                    })))
                    .onErrorResume(IllegalArgumentException.class, e -> exec(() -> s.add(e.getMessage() + ", locked "
                            + cond.isLocked())))
                    .thenReturn(s);
        });
        assertThat(seen).containsExactly("true predicate without the lock", "state 2 seen at 2.0 after 3 checks, locked true",
                "predicate failed, locked false");
    }

    @Test
    @DisplayName("COND-06 a cancelled await re-acquires the lock before the CancelledException leaves it (x13)")
    void cancelledAwaitReacquires() {
        List<Object> seen = loop.run(() -> {
            AsyncCondition cond = new AsyncCondition();
            List<Object> s = new ArrayList<>();
            List<Task<Void>> w = new ArrayList<>();
            return cond.acquire()
                    .then(exec(() -> w.add(Asyncio.createTask(cond.await()))))
                    .then(tick())
                    .then(exec(() -> s.add("while waiting, locked " + cond.isLocked())))
                    .then(cond.acquire())
                    .then(exec(() -> {
                        w.get(0).cancel();
                        EventLoop.running().callSoon(cond::release);
                    }))
                    .then(Mono.defer(() -> w.get(0)))
                    .onErrorResume(CancelledException.class, e -> exec(() -> s.add("cancelled await left holding the lock: "
                            + cond.isLocked())))
                    .then(exec(cond::release))
                    .thenReturn(s);
        });
        assertThat(seen).containsExactly("while waiting, locked false", "cancelled await left holding the lock: true");
    }

    @Test
    @DisplayName("COND-06 COND-07 cancelled again while re-acquiring, await retries, holds the lock again, and raises "
            + "the newest CancelledException with its message")
    void cancelledTwice() {
        List<Object> seen = loop.run(() -> {
            AsyncCondition cond = new AsyncCondition();
            List<Object> s = new ArrayList<>();
            List<Task<Void>> w = new ArrayList<>();
            return cond.acquire()
                    .then(exec(() -> w.add(Asyncio.createTask(cond.await()))))
                    .then(tick())
                    .then(cond.acquire())
                    .then(exec(() -> w.get(0).cancel("first")))
                    .then(ticks(2))
                    .then(exec(() -> {
                        s.add("re-acquiring: " + cond.lock.waiters.size() + " lock waiter");
                        w.get(0).cancel("second");
                    }))
                    .then(ticks(2))
                    .then(exec(() -> {
                        s.add("still re-acquiring: " + cond.lock.waiters.size() + " lock waiter");
                        cond.release();
                    }))
                    .then(Mono.defer(() -> w.get(0)))
                    .onErrorResume(CancelledException.class, e -> exec(() -> {
                        s.add(e.getMessage());
                        s.add(cond.isLocked());
                        s.add(w.get(0).cancelling());
                    }))
                    .then(exec(cond::release))
                    .thenReturn(s);
        });
        assertThat(seen).containsExactly("re-acquiring: 1 lock waiter", "still re-acquiring: 1 lock waiter", "second", true, 2);
    }

    @Test
    @DisplayName("COND-07 the CancelledException leaving await is the one received, message kept, whether cancelled "
            + "while waiting or while re-acquiring")
    void cancelMessageKept() {
        List<Object> seen = loop.run(() -> {
            AsyncCondition cond = new AsyncCondition();
            List<Object> s = new ArrayList<>();
            List<Task<Void>> w = new ArrayList<>();
            Mono<Void> recordingWait = cond.withLock(() -> cond.await()
                    .doOnError(CancelledException.class, e -> s.add("inside: " + e.getMessage() + "@"
                            + System.identityHashCode(e))));
            return exec(() -> w.add(Asyncio.createTask(recordingWait)))
                    .then(tick())
                    .then(exec(() -> w.get(0).cancel("while waiting")))
                    .then(Mono.defer(() -> w.get(0)))
                    .onErrorResume(CancelledException.class, e -> exec(() -> s.add("task: " + e.getMessage())))
                    .then(exec(() -> w.add(Asyncio.createTask(recordingWait))))
                    .then(tick())
                    .then(cond.withLock(() -> exec(cond::signal)
                            .then(tick())
                            .then(exec(() -> w.get(1).cancel("while re-acquiring")))
                            .then(tick())))
                    .then(Mono.defer(() -> w.get(1)))
                    .onErrorResume(CancelledException.class, e -> exec(() -> s.add("task: " + e.getMessage())))
                    .then(exec(() -> s.add(cond.isLocked())))
                    .thenReturn(s);
        });
        assertThat(seen).hasSize(5);
        assertThat((String) seen.get(0)).startsWith("inside: while waiting@");
        assertThat(seen.get(1)).isEqualTo("task: while waiting");
        assertThat((String) seen.get(2)).startsWith("inside: while re-acquiring@");
        assertThat(seen.subList(3, 5)).containsExactly("task: while re-acquiring", false);
    }

    /** CPython 3.13's {@code test_cancelled_wakeup} (x19): a consumer signalled then cancelled passes the signal on. */
    @Test
    @DisplayName("COND-07 a waiter signalled and then cancelled passes the signal on: the other consumer takes the item (x19)")
    void signalledThenCancelledPassesOn() {
        List<Object> seen = loop.run(() -> {
            AsyncCondition condition = new AsyncCondition();
            int[] state = {0};
            List<Object> s = new ArrayList<>();
            List<Task<Void>> c = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                c.add(Asyncio.createTask(condition.withLock(() -> consume(condition, state))));
            }
            EventLoop l = EventLoop.running();
            return tick()
                    .then(condition.withLock(() -> exec(() -> {
                        state[0] += 1;
                        condition.signal(1);
                        c.get(0).cancel();
                    }).then(Mono.defer(() -> {
                        // wait_for(condition.wait_for(...), 0.05): time out, then wait for the
                        // cancelled wait to re-acquire the lock.
                        Task<Void> x = Asyncio.createTask(condition.awaitUntil(() -> state[0] == 0));
                        return x.timeout(s(0.05), l).onErrorResume(TimeoutException.class,
                                e -> x.onErrorResume(CancelledException.class, ce -> Mono.empty()));
                    }))
                            .then(exec(() -> {
                                s.add("item consumed by the other waiter: " + (state[0] == 0));
                                state[0] = -1;
                                condition.signalAll();
                            }))))
                    .then(Mono.defer(() -> c.get(1)))
                    .then(exec(() -> s.add(c.get(0).isCancelled())))
                    .thenReturn(s);
        });
        assertThat(seen).containsExactly("item consumed by the other waiter: true", true);
    }

    private static Mono<Void> consume(AsyncCondition condition, int[] state) {
        return condition.awaitUntil(() -> state[0] != 0)
                .then(Mono.defer(() -> {
                    if (state[0] < 0) {
                        return Mono.empty();
                    }
                    state[0] -= 1;
                    return consume(condition, state);
                }));
    }

    @Test
    @DisplayName("COND-06 a Reactor timeout on an uncontended await re-takes the lock at once, so withLock releases it")
    void reactorTimeoutUncontended() {
        List<Object> seen = loop.run(() -> {
            AsyncCondition cond = new AsyncCondition();
            List<Object> s = new ArrayList<>();
            return cond.withLock(() -> cond.await().timeout(s(1), EventLoop.running())
                            .onErrorResume(TimeoutException.class, e -> exec(() -> s.add("timed out, holding the lock: "
                                    + cond.isLocked() + ", waiters " + cond.waiters.size()))))
                    .then(exec(() -> s.add(cond.isLocked())))
                    .thenReturn(s);
        });
        assertThat(seen).containsExactly("timed out, holding the lock: true, waiters 0", false);
    }

    @Test
    @DisplayName("COND-06 a Reactor timeout on a contended await cannot wait for the lock: withLock then leaves the "
            + "other holder's lock alone, and the lock stays consistent")
    void reactorTimeoutContended() {
        List<Object> seen = loop.run(() -> {
            AsyncCondition cond = new AsyncCondition();
            List<Object> s = new ArrayList<>();
            EventLoop l = EventLoop.running();
            Task<Void> a = Asyncio.createTask(cond.withLock(() -> cond.await().timeout(s(1), l)
                    .onErrorResume(TimeoutException.class, e -> exec(() -> s.add("A timed out at " + PrimitiveLoop.now()
                            + ", lock held by B: " + cond.isLocked())))));
            Task<Void> b = Asyncio.createTask(Asyncio.sleep(s(0.5)).then(cond.acquire())
                    .then(Asyncio.sleep(s(2)))
                    .then(exec(() -> {
                        s.add("B releases at " + PrimitiveLoop.now());
                        cond.release();
                    })));
            return Mono.when(a, b)
                    .then(exec(() -> s.add(cond.isLocked())))
                    .then(cond.withLock(() -> exec(() -> s.add("usable again"))))
                    .thenReturn(s);
        });
        assertThat(seen).containsExactly("A timed out at 1.0, lock held by B: true", "B releases at 2.5", false,
                "usable again");
    }

    @Test
    @DisplayName("COND-07 a Reactor-cancelled await that was signalled passes the signal on")
    void reactorCancelAfterSignal() {
        List<Object> seen = loop.run(() -> {
            AsyncCondition cond = new AsyncCondition();
            List<Object> s = new ArrayList<>();
            reactor.core.Disposable[] first = new reactor.core.Disposable[1];
            List<Task<Void>> t = new ArrayList<>();
            return cond.acquire()
                    .then(exec(() -> first[0] = cond.await().subscribe(v -> { }, e -> s.add(e), () -> s.add("first woke"))))
                    .then(cond.acquire())
                    .then(exec(() -> t.add(Asyncio.createTask(cond.withLock(() -> cond.await().then(exec(() -> s.add("second woke"))))))))
                    .then(exec(cond::release))
                    .then(tick())
                    .then(cond.withLock(() -> exec(() -> {
                        cond.signal();
                        first[0].dispose();
                    })))
                    .then(Mono.defer(() -> t.get(0)))
                    .then(exec(() -> s.add(cond.isLocked())))
                    .thenReturn(s);
        });
        assertThat(seen).containsExactly("second woke", false);
    }
}
