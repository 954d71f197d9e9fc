package io.github.asyncio4j;

import static io.github.asyncio4j.PrimitiveLoop.exec;
import static io.github.asyncio4j.PrimitiveLoop.s;
import static io.github.asyncio4j.PrimitiveLoop.tick;
import static io.github.asyncio4j.PrimitiveLoop.ticks;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * {@link AsyncSemaphore} and {@link AsyncBoundedSemaphore}: the {@code SEM-} rows of BEHAVIORS.md,
 * and {@code withPermit}. Every row has a Java twin (SEM-01's default of one permit aside: the
 * Java constructor takes the count explicitly).
 */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class AsyncSemaphoreTest {

    private final PrimitiveLoop loop = new PrimitiveLoop();

    @Test
    @DisplayName("SEM-01 a negative initial value is an IllegalArgumentException; a semaphore of 0 is locked")
    void initialValue() {
        assertThatThrownBy(() -> new AsyncSemaphore(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Semaphore initial value must be >= 0");
        assertThatThrownBy(() -> new AsyncBoundedSemaphore(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new AsyncSemaphore(0).isLocked()).isTrue();
        assertThat(new AsyncSemaphore(1).isLocked()).isFalse();
    }

    @Test
    @DisplayName("SEM-02 release() always adds a permit, without bound or prior acquire; a BoundedSemaphore released "
            + "above its initial value is an IllegalStateException (x05)")
    void releaseWithoutBound() {
        List<Object> seen = loop.run(() -> {
            AsyncSemaphore sem = new AsyncSemaphore(1);
            AsyncBoundedSemaphore bounded = new AsyncBoundedSemaphore(1);
            List<Object> s = new ArrayList<>();
            return exec(() -> {
                sem.release();
                sem.release();
                s.add(sem.value);
                s.add(sem.isLocked());
                try {
                    bounded.release();
                    s.add("released");
                } catch (IllegalStateException e) {
                    s.add(e.getMessage());
                }
            })
                    .then(sem.acquire()).then(sem.acquire()).then(sem.acquire())
                    .then(exec(() -> s.add(sem.isLocked())))
                    .then(bounded.acquire())
                    .then(exec(() -> {
                        bounded.release();
                        s.add(bounded.value);
                    }))
                    .thenReturn(s);
        });
        assertThat(seen).hasSize(5);
        assertThat(seen.subList(0, 2)).containsExactly(3, false);
        assertThat((String) seen.get(2)).startsWith("BoundedSemaphore released too many times");
        assertThat(seen.subList(3, 5)).containsExactly(true, 1);
    }

    @Test
    @DisplayName("SEM-03 isLocked() is true while the value is 0 or any live waiter exists; a newcomer waits behind "
            + "queued tasks even when permits are free")
    void lockedWhileWaitersQueue() {
        List<Object> seen = loop.run(() -> {
            AsyncSemaphore sem = new AsyncSemaphore(0);
            List<Object> s = new ArrayList<>();
            List<Task<Void>> t = new ArrayList<>();
            return exec(() -> {
                t.add(Asyncio.createTask(sem.acquire().then(exec(() -> s.add("first")))));
                t.add(Asyncio.createTask(sem.acquire().then(exec(() -> s.add("second")))));
            })
                    .then(tick())
                    .then(exec(() -> {
                        sem.release();
                        sem.release();
                        sem.release();
                        s.add("value " + sem.value + ", locked " + sem.isLocked());
                    }))
                    .then(sem.acquire())
                    .then(exec(() -> s.add("newcomer")))
                    .then(Mono.defer(() -> Mono.when(t)))
                    .then(exec(() -> s.add("value " + sem.value + ", locked " + sem.isLocked())))
                    .thenReturn(s);
        });
        assertThat(seen).containsExactly("value 1, locked true", "first", "second", "newcomer", "value 0, locked true");
    }

    @Test
    @DisplayName("SEM-04 waiters are served FIFO; a task that releases and re-acquires goes to the back "
            + "(test_acquire_fifo_order)")
    void fifo() {
        List<String> seen = loop.run(() -> {
            AsyncSemaphore sem = new AsyncSemaphore(1);
            List<String> result = new ArrayList<>();
            List<Task<Void>> t = new ArrayList<>();
            for (String name : List.of("c1", "c2", "c3")) {
                t.add(Asyncio.createTask(sem.acquire()
                        .then(exec(() -> result.add(name + " got it")))
                        .then(tick())
                        .then(exec(sem::release))
                        .then(sem.acquire())
                        .then(exec(() -> result.add(name + " again")))
                        .then(exec(sem::release))));
            }
            return Mono.when(t).thenReturn(result);
        });
        assertThat(seen).containsExactly("c1 got it", "c2 got it", "c3 got it", "c1 again", "c2 again", "c3 again");
    }

    @Test
    @DisplayName("SEM-05 a cancelled waiter never consumes a permit: one already handed to it goes back and the next "
            + "waiter gets it (x05)")
    void cancelledWaiterReturnsPermit() {
        List<Object> seen = loop.run(() -> {
            AsyncSemaphore z = new AsyncSemaphore(0);
            List<Task<Void>> t = new ArrayList<>();
            return exec(() -> {
                t.add(Asyncio.createTask(z.acquire()));
                t.add(Asyncio.createTask(z.acquire()));
            })
                    .then(tick())
                    .then(exec(() -> {
                        t.get(0).cancel();
                        z.release();
                    }))
                    .then(ticks(2))
                    .then(Mono.fromCallable(() -> List.of(t.get(0).isCancelled(), t.get(1).isDone(), z.isLocked(), z.value)));
        });
        assertThat(seen).containsExactly(true, true, true, 0);
    }

    @Test
    @DisplayName("SEM-05 a waiter woken and then cancelled, by its task or Reactor-style, hands its permit on: no hang, "
            + "no over-admission (test_acquire_cancel_before_awoken, test_acquire_hang)")
    void wokenThenCancelled() {
        List<Object> seen = loop.run(() -> {
            AsyncSemaphore sem = new AsyncSemaphore(0);
            AtomicInteger admitted = new AtomicInteger();
            List<Task<Void>> t = new ArrayList<>();
            Disposable[] reactorWaiter = new Disposable[1];
            return exec(() -> {
                t.add(Asyncio.createTask(sem.acquire().then(exec(admitted::incrementAndGet))));
                reactorWaiter[0] = sem.acquire().subscribe(v -> { }, e -> { }, admitted::incrementAndGet);
                t.add(Asyncio.createTask(sem.acquire().then(exec(admitted::incrementAndGet))));
                t.add(Asyncio.createTask(sem.acquire().then(exec(admitted::incrementAndGet))));
            })
                    .then(tick())
                    .then(exec(() -> {
                        sem.release();
                        sem.release();
                        t.get(0).cancel();
                        reactorWaiter[0].dispose();
                    }))
                    .then(ticks(3))
                    .then(Mono.fromCallable(() -> List.of(admitted.get(), t.get(1).isDone(), t.get(2).isDone(), sem.value,
                            sem.waiters.size())));
        });
        assertThat(seen).containsExactly(2, true, true, 0, 0);
    }

    @Test
    @DisplayName("SEM-05 a Reactor timeout on a waiting acquire takes no permit")
    void reactorTimeout() {
        List<Object> seen = loop.run(() -> {
            AsyncSemaphore sem = new AsyncSemaphore(0);
            List<Object> s = new ArrayList<>();
            return sem.acquire().timeout(s(1), EventLoop.running())
                    .onErrorResume(TimeoutException.class, e -> exec(() -> s.add("timed out")))
                    .then(exec(() -> {
                        sem.release();
                        s.add(sem.value);
                        s.add(sem.isLocked());
                    }))
                    .thenReturn(s);
        });
        assertThat(seen).containsExactly("timed out", 1, false);
    }

    @Test
    @DisplayName("SEM-06 three back-to-back releases admit three queued tasks in FIFO order ([1, 2, 3, 4], 3.13's "
            + "test_acquire_fifo_order_4)")
    void fifoOrder4() {
        List<Object> seen = loop.run(() -> {
            AsyncSemaphore sem = new AsyncSemaphore(0);
            List<Object> result = new ArrayList<>();
            List<Task<Void>> t4 = new ArrayList<>();
            Mono<Void> c4 = exec(() -> result.add(4));
            Mono<Void> c1 = sem.acquire().then(exec(() -> {
                t4.add(Asyncio.createTask(c4));
                result.add(1);
            }));
            Mono<Void> c2 = exec(() -> {
                sem.release();
                sem.release();
                sem.release();
                result.add("c2 sees value " + sem.value + ", locked " + sem.isLocked());
            }).then(sem.acquire()).then(exec(() -> result.add(2)));
            Mono<Void> c3 = sem.acquire().then(exec(() -> result.add(3)));
            List<Task<Void>> ts = List.of(Asyncio.createTask(c1), Asyncio.createTask(c2), Asyncio.createTask(c3));
            return Mono.when(ts).then(Mono.defer(() -> t4.get(0))).timeout(s(0.2), EventLoop.running())
                    .thenReturn(result);
        });
        assertThat(seen).containsExactly("c2 sees value 2, locked true", 1, 2, 3, 4);
    }

    @Test
    @DisplayName("SEM-07 toString shows [unlocked, value:N], [locked] and waiters:N")
    void repr() {
        List<String> seen = loop.run(() -> {
            AsyncSemaphore sem = new AsyncSemaphore(1);
            List<String> s = new ArrayList<>();
            List<Task<Void>> t = new ArrayList<>();
            return exec(() -> s.add(sem.toString()))
                    .then(sem.acquire())
                    .then(exec(() -> {
                        s.add(sem.toString());
                        t.add(Asyncio.createTask(sem.acquire()));
                    }))
                    .then(tick())
                    .then(exec(() -> {
                        s.add(sem.toString());
                        s.add(new AsyncBoundedSemaphore(2).toString());
                        t.get(0).cancel();
                    }))
                    .then(tick())
                    .thenReturn(s);
        });
        assertThat(seen.get(0)).matches("AsyncSemaphore@[0-9a-f]+\\[unlocked, value:1\\]");
        assertThat(seen.get(1)).endsWith("[locked]");
        assertThat(seen.get(2)).endsWith("[locked, waiters:1]");
        assertThat(seen.get(3)).matches("AsyncBoundedSemaphore@[0-9a-f]+\\[unlocked, value:2\\]");
    }

    @Test
    @DisplayName("withPermit releases its permit when the body succeeds, fails or is cancelled, and bounds concurrency")
    void withPermit() {
        List<Object> seen = loop.run(() -> {
            AsyncBoundedSemaphore sem = new AsyncBoundedSemaphore(2);
            AtomicInteger running = new AtomicInteger();
            AtomicInteger peak = new AtomicInteger();
            List<Object> s = new ArrayList<>();
            List<Task<String>> t = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                int n = i;
                t.add(Asyncio.createTask(sem.withPermit(() -> {
                    peak.accumulateAndGet(running.incrementAndGet(), Math::max);
                    Mono<String> body = n == 3 ? Mono.error(new IllegalArgumentException("boom " + n))
                            : Asyncio.sleep(s(1), "done " + n);
                    return body.doFinally(sig -> running.decrementAndGet());
                })));
            }
            return Asyncio.sleep(s(0.5))
                    .then(exec(() -> t.get(1).cancel()))
                    .then(Mono.defer(() -> Mono.when(t.stream().map(x -> x.onErrorResume(e -> Mono.empty())).toList())))
                    .then(Mono.fromCallable(() -> {
                        s.add(peak.get());
                        s.add(sem.value);
                        s.add(t.get(1).isCancelled());
                        s.add(t.get(3).exception().getMessage());
                        s.add(t.get(5).result());
                        s.add(PrimitiveLoop.now());
                        return s;
                    }));
        });
        assertThat(seen).containsExactly(2, 2, true, "boom 3", "done 5", 2.5);
    }
}
