package io.github.asyncio4j;

import static io.github.asyncio4j.PrimitiveLoop.exec;
import static io.github.asyncio4j.PrimitiveLoop.s;
import static io.github.asyncio4j.PrimitiveLoop.tick;
import static io.github.asyncio4j.PrimitiveLoop.ticks;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * {@link AsyncLock}: the {@code LOCK-} rows of BEHAVIORS.md, and {@code withLock}.
 *
 * <p>Without a Java twin:
 * <ul>
 *   <li>LOCK-02, its first half: the {@code loop=} parameter Python removed; {@code new AsyncLock()}
 *       has none to remove (the lazy binding half is tested below).</li>
 *   <li>LOCK-03: {@code await lock} is a {@code TypeError} in Python; an {@code AsyncLock} is not a
 *       {@code Mono}, so subscribing to it does not compile.</li>
 * </ul>
 */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class AsyncLockTest {

    private final PrimitiveLoop loop = new PrimitiveLoop();

    @Test
    @DisplayName("LOCK-01 acquire completes holding the lock, withLock runs its body holding it, isLocked reports it, "
            + "release of an unlocked lock is an IllegalStateException")
    void acquireReleaseLocked() {
        List<Object> seen = loop.run(() -> {
            AsyncLock lock = new AsyncLock();
            List<Object> s = new ArrayList<>();
            return exec(() -> s.add(lock.isLocked()))
                    .then(lock.acquire())
                    .then(exec(() -> {
                        s.add(lock.isLocked());
                        lock.release();
                        s.add(lock.isLocked());
                        try {
                            lock.release();
                            s.add("released twice");
                        } catch (IllegalStateException e) {
                            s.add(e.getMessage());
                        }
                    }))
                    .then(lock.withLock(() -> Mono.fromCallable(lock::isLocked)))
                    .doOnNext(s::add)
                    .then(Mono.fromCallable(() -> {
                        s.add(lock.isLocked());
                        return s;
                    }));
        });
        assertThat(seen).hasSize(6);
        assertThat(seen.subList(0, 3)).containsExactly(false, true, false);
        assertThat((String) seen.get(3)).startsWith("Lock is not acquired");
        assertThat(seen.subList(4, 6)).containsExactly(true, false);
    }

    @Test
    @DisplayName("LOCK-02 a lock binds to the loop of its first use: another loop gets an IllegalStateException, "
            + "and so does a subscription with no running loop")
    void bindsToFirstLoop() {
        AsyncLock lock = new AsyncLock();
        StepVerifier.create(lock.acquire())
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("no running event loop"))
                .verify(Duration.ofSeconds(5));
        loop.run(() -> lock.acquire().then(exec(lock::release)));
        assertThatThrownBy(() -> new PrimitiveLoop().run(lock::acquire))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("bound to a different event loop");
        assertThatThrownBy(() -> new PrimitiveLoop().run(() -> exec(lock::release)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("bound to a different event loop");
    }

    @Test
    @DisplayName("LOCK-04 strict FIFO without barging: after release() isLocked() is false, yet a newcomer queues "
            + "behind the woken waiter (s18)")
    void noBarging() {
        List<Object> seen = loop.run(() -> {
            AsyncLock lock = new AsyncLock();
            List<Object> order = new ArrayList<>();
            List<Task<Void>> w = new ArrayList<>();
            return lock.acquire()
                    .then(exec(() -> w.add(Asyncio.createTask(
                            lock.withLock(() -> exec(() -> order.add("queued-waiter")))))))
                    .then(tick())
                    .then(exec(() -> {
                        lock.release();
                        order.add("locked() right after release = " + lock.isLocked());
                    }))
                    .then(lock.acquire())
                    .then(exec(() -> {
                        order.add("releaser-reacquired");
                        lock.release();
                    }))
                    .then(Mono.defer(() -> w.get(0)))
                    .thenReturn(order);
        });
        assertThat(seen).containsExactly("locked() right after release = false", "queued-waiter", "releaser-reacquired");
    }

    @Test
    @DisplayName("LOCK-04 waiters get the lock in arrival order")
    void fifoOrder() {
        List<Integer> order = loop.run(() -> {
            AsyncLock lock = new AsyncLock();
            List<Integer> got = new ArrayList<>();
            List<Task<Void>> tasks = new ArrayList<>();
            return lock.acquire()
                    .then(exec(() -> {
                        for (int i = 0; i < 5; i++) {
                            int n = i;
                            tasks.add(Asyncio.createTask(lock.withLock(() -> exec(() -> got.add(n)).then(tick()))));
                        }
                    }))
                    .then(tick())
                    .then(exec(lock::release))
                    .then(Mono.defer(() -> Mono.when(tasks)))
                    .thenReturn(got);
        });
        assertThat(order).containsExactly(0, 1, 2, 3, 4);
    }

    @Test
    @DisplayName("withLock waits in the lock's own line: one waiter per waiting withLock, shown in the task dump as the "
            + "withLock waiting in the lock's acquire()")
    void withLockWaitsInTheLocksLine() {
        List<Object> seen = loop.run(() -> {
            AsyncLock lock = new AsyncLock();
            List<Object> s = new ArrayList<>();
            List<Task<Void>> tasks = new ArrayList<>();
            return lock.acquire()
                    .then(exec(() -> {
                        for (int i = 0; i < 3; i++) {
                            tasks.add(Asyncio.createTask(lock.withLock(PrimitiveLoop::tick), "w" + i));
                        }
                    }))
                    .then(tick())
                    .then(exec(() -> {
                        s.add(lock.toString().replaceAll("@[0-9a-f]+", ""));
                        s.add(EventLoop.running().dumpTasks().lines().filter(l -> l.contains("w0 ")).findFirst()
                                .orElseThrow().trim().replaceAll("@[0-9a-f]+", ""));
                        lock.release();
                    }))
                    .then(Mono.defer(() -> Mono.when(tasks)))
                    .then(exec(() -> s.add(lock.toString().replaceAll("@[0-9a-f]+", ""))))
                    .thenReturn(s);
        });
        assertThat(seen).containsExactly("AsyncLock[locked, waiters:3]",
                "w0 [pending] awaiting AsyncLock.withLock(), waiting in AsyncLock.acquire() of AsyncLock[locked, waiters:3]",
                "AsyncLock[unlocked]");
    }

    @Test
    @DisplayName("a withLock woken for the lock and cancelled before it runs passes the lock on: the next withLock runs "
            + "its body")
    void withLockWokenThenCancelledPassesTheLockOn() {
        List<Object> seen = loop.run(() -> {
            AsyncLock lock = new AsyncLock();
            List<Object> s = new ArrayList<>();
            Task<Void> first = Asyncio.createTask(lock.withLock(() -> exec(() -> s.add("first"))));
            Task<Void> second = Asyncio.createTask(lock.withLock(() -> exec(() -> s.add("second"))));
            return lock.acquire()
                    .then(tick())
                    .then(exec(() -> {
                        lock.release();
                        first.cancel("late");
                    }))
                    .then(second)
                    .then(first.onErrorResume(CancelledException.class, e -> exec(() -> s.add("first cancelled: "
                            + e.getMessage()))))
                    .then(exec(() -> s.add("locked " + lock.isLocked())))
                    .thenReturn(s);
        });
        assertThat(seen).containsExactly("second", "first cancelled: late", "locked false");
    }

    @Test
    @DisplayName("LOCK-05 a waiter cancelled before it was woken leaves the queue; the next one gets the lock (x16)")
    void cancelledWaiterLeaves() {
        List<Object> seen = loop.run(() -> {
            AsyncLock lock = new AsyncLock();
            List<Task<Void>> t = new ArrayList<>();
            return lock.acquire()
                    .then(exec(() -> t.add(Asyncio.createTask(lock.acquire(), "tb"))))
                    .then(tick())
                    .then(exec(() -> {
                        t.add(Asyncio.createTask(lock.acquire(), "tc"));
                        t.get(0).cancel();
                        lock.release();
                    }))
                    .then(tick())
                    .then(Mono.defer(() -> t.get(1)))
                    .then(Mono.fromCallable(() -> List.of(t.get(0).isCancelled(), t.get(1).isDone(), lock.isLocked(),
                            lock.waiters.size())));
        });
        assertThat(seen).containsExactly(true, true, true, 0);
    }

    @Test
    @DisplayName("LOCK-05 a waiter cancelled by its task after it was woken passes the wake-up on: exactly one task "
            + "gets the lock")
    void wokenThenCancelledByTask() {
        List<Object> seen = loop.run(() -> {
            AsyncLock lock = new AsyncLock();
            AtomicInteger holders = new AtomicInteger();
            List<Task<Void>> t = new ArrayList<>();
            return lock.acquire()
                    .then(exec(() -> t.add(Asyncio.createTask(lock.acquire().then(exec(holders::incrementAndGet))))))
                    .then(tick())
                    .then(exec(() -> t.add(Asyncio.createTask(lock.acquire().then(exec(holders::incrementAndGet))))))
                    .then(tick())
                    .then(exec(() -> {
                        lock.release();
                        t.get(0).cancel();
                    }))
                    .then(ticks(3))
                    .then(Mono.fromCallable(() -> List.of(t.get(0).isCancelled(), t.get(1).isDone(), lock.isLocked(),
                            holders.get())));
        });
        assertThat(seen).containsExactly(true, true, true, 1);
    }

    @Test
    @DisplayName("LOCK-05 cancel and release racing in one callback take the lock once (test_cancel_release_race)")
    void cancelReleaseRace() {
        List<Object> seen = loop.run(() -> {
            AsyncLock lock = new AsyncLock();
            AtomicInteger lockCount = new AtomicInteger();
            AtomicInteger callCount = new AtomicInteger();
            Mono<Void> lockit = Mono.defer(() -> {
                callCount.incrementAndGet();
                return lock.acquire().then(exec(lockCount::incrementAndGet));
            });
            List<Task<Void>> t = new ArrayList<>();
            return lock.acquire()
                    .then(exec(() -> {
                        for (int i = 0; i < 3; i++) {
                            t.add(Asyncio.createTask(lockit));
                        }
                    }))
                    .then(tick())
                    .then(exec(() -> EventLoop.running().callSoon(() -> {
                        t.get(0).cancel();
                        lock.release();
                    })))
                    .then(Mono.defer(() -> t.get(0)).onErrorResume(CancelledException.class, e -> Mono.empty()))
                    .then(Mono.fromCallable(() -> List.of(lockCount.get(), callCount.get(), t.get(0).isCancelled(),
                            t.get(1).isDone())))
                    .flatMap(r -> Mono.defer(() -> {
                        t.get(2).cancel();
                        return tick();
                    }).then(Mono.fromCallable(() -> {
                        List<Object> all = new ArrayList<>(r);
                        all.add(t.get(2).isCancelled());
                        return all;
                    })));
        });
        assertThat(seen).containsExactly(1, 3, true, true, true);
    }

    @Test
    @DisplayName("LOCK-05 a finished waiter that is cancelled does not block the next (test_finished_waiter_cancelled)")
    void finishedWaiterCancelled() {
        List<Object> seen = loop.run(() -> {
            AsyncLock lock = new AsyncLock();
            List<Task<Void>> t = new ArrayList<>();
            return lock.acquire()
                    .then(exec(() -> t.add(Asyncio.createTask(lock.acquire()))))
                    .then(tick())
                    .then(exec(() -> {
                        t.add(Asyncio.createTask(lock.acquire()));
                        t.get(0).cancel();
                        lock.release();
                    }))
                    .then(tick())
                    .then(Mono.fromCallable(() -> List.of(lock.isLocked(), t.get(1).isDone(), t.get(0).isCancelled())));
        });
        assertThat(seen).containsExactly(true, true, true);
    }

    @Test
    @DisplayName("LOCK-05 a Reactor timeout on a waiting acquire leaves the queue; the lock goes to the next waiter")
    void reactorTimeoutWhileWaiting() {
        List<Object> seen = loop.run(() -> {
            AsyncLock lock = new AsyncLock();
            List<Object> s = new ArrayList<>();
            List<Task<Void>> t = new ArrayList<>();
            return lock.acquire()
                    .then(exec(() -> {
                        EventLoop l = EventLoop.running();
                        t.add(Asyncio.createTask(lock.acquire().timeout(s(1), l)
                                .onErrorResume(TimeoutException.class, e -> exec(() -> s.add("timed out at " + PrimitiveLoop.now())))));
                        t.add(Asyncio.createTask(lock.acquire().then(exec(() -> s.add("second acquired")))));
                    }))
                    .then(Asyncio.sleep(s(2)))
                    .then(exec(() -> {
                        s.add("waiters " + lock.waiters.size());
                        lock.release();
                    }))
                    .then(Mono.defer(() -> Mono.when(t)))
                    .then(Mono.fromCallable(() -> {
                        s.add(lock.isLocked());
                        return s;
                    }));
        });
        assertThat(seen).containsExactly("timed out at 1.0", "waiters 1", "second acquired", true);
    }

    @Test
    @DisplayName("LOCK-05 a waiter whose subscription is cancelled after it was woken passes the wake-up on")
    void wokenThenReactorCancelled() {
        List<Object> seen = loop.run(() -> {
            AsyncLock lock = new AsyncLock();
            List<Object> s = new ArrayList<>();
            Disposable[] first = new Disposable[1];
            List<Task<Void>> t = new ArrayList<>();
            return lock.acquire()
                    .then(exec(() -> first[0] = lock.acquire().subscribe(v -> { }, e -> s.add(e), () -> s.add("first acquired"))))
                    .then(exec(() -> t.add(Asyncio.createTask(lock.acquire().then(exec(() -> s.add("second acquired")))))))
                    .then(tick())
                    .then(exec(() -> {
                        lock.release();
                        first[0].dispose();
                    }))
                    .then(Mono.defer(() -> t.get(0)))
                    .then(Mono.fromCallable(() -> {
                        s.add(lock.isLocked());
                        s.add(lock.waiters.size());
                        return s;
                    }));
        });
        assertThat(seen).containsExactly("second acquired", true, 0);
    }

    @Test
    @DisplayName("LOCK-05 Mono.firstWithValue racing two acquires: the loser is cancelled and the lock is held once")
    void firstWithValueRace() {
        List<Object> seen = loop.run(() -> {
            AsyncLock a = new AsyncLock();
            AsyncLock b = new AsyncLock();
            return a.acquire().then(b.acquire())
                    .then(exec(() -> EventLoop.running().callSoon(b::release)))
                    .then(Mono.firstWithValue(a.acquire().thenReturn("a"), b.acquire().thenReturn("b")))
                    .flatMap(winner -> tick().then(Mono.fromCallable(() -> List.<Object>of(winner, a.isLocked(), b.isLocked(),
                            a.waiters.size(), b.waiters.size()))));
        });
        assertThat(seen).containsExactly("b", true, true, 0, 0);
    }

    @Test
    @DisplayName("LOCK-05 a task cancelled in the iteration where a Reactor timeout withdraws its waiting acquire still "
            + "gets its CancelledException, at its next await point (the cancel is not lost)")
    void cancelRacingReactorTimeout() {
        List<Object> seen = loop.run(() -> {
            AsyncLock lock = new AsyncLock();
            List<Object> s = new ArrayList<>();
            EventLoop l = EventLoop.running();
            return lock.acquire().then(Mono.defer(() -> {
                Task<Void> t = Asyncio.createTask(lock.acquire().timeout(s(1), l)
                        .onErrorResume(TimeoutException.class, e -> exec(() -> s.add("timeout seen")))
                        .then(Asyncio.sleep(s(5)))
                        .then(exec(() -> s.add("body went on after cancel"))));
                // Registered before the timeout's timer: both fire at 1.0, the cancel first.
                l.callLater(s(1), () -> t.cancel("stop"));
                return t.onErrorResume(CancelledException.class, e -> exec(() -> s.add("cancelled: " + e.getMessage())))
                        .then(exec(() -> s.add("waiters " + lock.waiters.size() + ", at " + PrimitiveLoop.now())));
            })).thenReturn(s);
        });
        assertThat(seen).containsExactly("timeout seen", "cancelled: stop", "waiters 0, at 1.0");
    }

    @Test
    @DisplayName("LOCK-06 toString shows [unlocked], [locked] and [locked, waiters:N]")
    void repr() {
        List<String> seen = loop.run(() -> {
            AsyncLock lock = new AsyncLock();
            List<String> s = new ArrayList<>();
            List<Task<Void>> t = new ArrayList<>();
            return exec(() -> s.add(lock.toString()))
                    .then(lock.acquire())
                    .then(exec(() -> s.add(lock.toString())))
                    .then(exec(() -> {
                        t.add(Asyncio.createTask(lock.acquire()));
                        t.add(Asyncio.createTask(lock.acquire()));
                    }))
                    .then(tick())
                    .then(exec(() -> {
                        s.add(lock.toString());
                        t.forEach(Task::cancel);
                    }))
                    .then(tick())
                    .thenReturn(s);
        });
        assertThat(seen.get(0)).matches("AsyncLock@[0-9a-f]+\\[unlocked\\]");
        assertThat(seen.get(1)).endsWith("[locked]");
        assertThat(seen.get(2)).endsWith("[locked, waiters:2]");
    }

    @Test
    @DisplayName("withLock releases the lock when its body succeeds, fails, completes empty or is cancelled")
    void withLockReleasesAlways() {
        List<Object> seen = loop.run(() -> {
            AsyncLock lock = new AsyncLock();
            List<Object> s = new ArrayList<>();
            List<Task<String>> t = new ArrayList<>();
            return lock.withLock(() -> Mono.just("value"))
                    .doOnNext(s::add)
                    .then(exec(() -> s.add(lock.isLocked())))
                    .then(lock.withLock(() -> Mono.<String>error(new IllegalArgumentException("boom")))
                            .onErrorResume(e -> Mono.just(e.getMessage())))
                    .doOnNext(s::add)
                    .then(exec(() -> s.add(lock.isLocked())))
                    .then(lock.withLock(Mono::empty))
                    .then(exec(() -> s.add(lock.isLocked())))
                    .then(exec(() -> t.add(Asyncio.createTask(lock.withLock(() -> Asyncio.sleep(s(10), "never"))))))
                    .then(Asyncio.sleep(s(1)))
                    .then(exec(() -> {
                        s.add(lock.isLocked());
                        t.get(0).cancel();
                    }))
                    .then(Mono.defer(() -> t.get(0)).onErrorResume(CancelledException.class, e -> Mono.just("cancelled")))
                    .doOnNext(s::add)
                    .then(exec(() -> s.add(lock.isLocked())))
                    .then(lock.withLock(() -> Asyncio.sleep(s(10), "late")).timeout(s(1), EventLoop.running())
                            .onErrorResume(TimeoutException.class, e -> Mono.just("reactor-timeout")))
                    .doOnNext(s::add)
                    .then(Mono.fromCallable(() -> {
                        s.add(lock.isLocked());
                        return s;
                    }));
        });
        assertThat(seen).containsExactly("value", false, "boom", false, false, true, "cancelled", false,
                "reactor-timeout", false);
    }

    @Test
    @DisplayName("withLock calls its supplier only once the lock is held, and fails with the release error if the body "
            + "released the lock itself")
    void withLockSupplierAndDoubleRelease() {
        List<Object> seen = loop.run(() -> {
            AsyncLock lock = new AsyncLock();
            List<Object> s = new ArrayList<>();
            List<Task<Void>> t = new ArrayList<>();
            return lock.acquire()
                    .then(exec(() -> t.add(Asyncio.createTask(lock.withLock(() -> {
                        s.add("supplier called, locked=" + lock.isLocked());
                        return Mono.empty();
                    })))))
                    .then(Asyncio.sleep(s(1)))
                    .then(exec(() -> {
                        s.add("releasing");
                        lock.release();
                    }))
                    .then(Mono.defer(() -> t.get(0)))
                    .then(lock.withLock(() -> exec(lock::release)))
                    .onErrorResume(IllegalStateException.class, e -> exec(() -> s.add(e.getMessage().substring(0, 20))))
                    .thenReturn(s);
        });
        assertThat(seen).containsExactly("releasing", "supplier called, locked=true", "Lock is not acquired");
    }
}
