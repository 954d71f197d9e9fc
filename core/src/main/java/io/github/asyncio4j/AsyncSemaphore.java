package io.github.asyncio4j;

import java.util.Objects;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;

/**
 * asyncio's {@code Semaphore}: a counter of permits for the tasks of one event loop.
 * {@link #acquire()} takes a permit, waiting while there is none; {@link #release()} gives one
 * back. The classic use bounds concurrency:
 *
 * <pre>{@code
 * AsyncSemaphore limit = new AsyncSemaphore(3);
 * List<Task<String>> tasks = urls.stream()
 *         .map(url -> Asyncio.createTask(limit.withPermit(() -> fetch(url))))
 *         .toList();
 * }</pre>
 *
 * <p><b>Fairness</b> (CPython 3.13): waiters get permits in arrival order, and a newcomer waits
 * behind queued tasks even when permits are free ({@link #isLocked()} is {@code true} while anyone
 * waits). When several permits come back at once, each resumed waiter wakes as many more as
 * permits allow, so they are admitted in FIFO order.
 *
 * <p><b>Cancellation</b>: a cancelled waiter never consumes a permit; if it had already been
 * handed one (cancelled by its task, or its subscription cancelled Reactor-style after the
 * wake-up), the permit goes back and the next waiter is woken: no hang, no over-admission. Cancel
 * from the loop thread ({@code timeout(d, loop)}, a task's cancellation): a {@code cancel()} from
 * another thread can cross a completion already on its way, which a Reactor subscriber then ignores.
 *
 * <p>{@link #release()} always adds a permit, even above the initial count and without a prior
 * acquire (use {@link AsyncBoundedSemaphore} to forbid that).
 *
 * <p><b>Threads</b>: the semaphore binds to the loop of its first use; using it from another
 * loop throws (or signals) {@link IllegalStateException}. {@link #release()} from a plain thread
 * runs on the loop and waits for it. {@link #isLocked()} and {@link #toString()} may be called from
 * any thread; off the loop they read a snapshot.
 */
public class AsyncSemaphore {

    final LoopBinding binding = new LoopBinding(this);
    /** Tasks waiting in {@link #acquire()}, in arrival order; woken ones stay until they run. */
    final WaitList waiters = new WaitList();
    /** Free permits; a woken waiter's permit is already taken off (CPython 3.13's {@code _wake_up_next}). */
    int value;
    /** The semaphore as {@link MonoAcquire} sees it. */
    private final Permits permits = new Permits() {
        @Override
        public LoopBinding binding() {
            return binding;
        }

        @Override
        public WaitList waiters() {
            return waiters;
        }

        @Override
        public boolean tryAcquireHere() {
            return AsyncSemaphore.this.tryAcquireHere();
        }

        @Override
        public void releaseHere() {
            AsyncSemaphore.this.releaseHere();
        }

        @Override
        public void resumedWithPermit() {
            // The permit was taken off for us when we were woken. Permits may have come back
            // meanwhile to newcomers that had to queue behind us (FIFO): wake as many as allowed,
            // or three back-to-back releases admit out of order (3.12 did; CPython 3.13 fixed it,
            // see test_acquire_fifo_order_4).
            wakeUpAsAllowed();
        }

        @Override
        public void leftWithoutPermit(boolean woken) {
            // A permit handed to us already goes back, and whoever it allows is woken.
            if (woken) {
                value++;
            }
            wakeUpAsAllowed();
        }

        @Override
        public String acquireName() {
            return AsyncSemaphore.this.getClass().getSimpleName() + ".acquire()";
        }

        @Override
        public String toString() {
            return AsyncSemaphore.this.toString();
        }
    };
    private final Mono<Void> acquire = new MonoAcquire(permits, this);

    /**
     * Creates a semaphore with {@code permits} free permits, bound to no loop yet.
     *
     * @param permits the initial number of permits, zero or more
     * @throws IllegalArgumentException if {@code permits} is negative
     */
    public AsyncSemaphore(int permits) {
        if (permits < 0) {
            throw new IllegalArgumentException("Semaphore initial value must be >= 0, got " + permits);
        }
        this.value = permits;
    }

    /**
     * Takes a permit (asyncio's {@code await sem.acquire()}): a cold Mono that completes empty once
     * this subscriber holds a permit. It takes one at once only if the semaphore is not
     * {@linkplain #isLocked() locked}; otherwise the subscriber waits in line, FIFO. Subscribe it
     * from a task (or a loop callback) on the semaphore's loop.
     *
     * @return a cold Mono completing when a permit is held; it fails with
     *     {@link IllegalStateException} when subscribed with no running loop, or from a loop other
     *     than the semaphore's
     */
    public Mono<Void> acquire() {
        return acquire;
    }

    /**
     * Gives a permit back (asyncio's {@code release()}) and wakes the first waiter, if any. On the
     * loop thread it runs at once; from a plain thread it runs on the loop and waits for it.
     *
     * @throws IllegalStateException when called from the thread of a loop other than the
     *     semaphore's; from an {@link AsyncBoundedSemaphore}, also when released too many times
     */
    public void release() {
        if (binding.here()) {
            releaseHere();
        } else {
            binding.run(this::releaseHere);
        }
    }

    /**
     * Whether {@link #acquire()} would have to wait (asyncio's {@code locked()}): no permit is
     * free, or some task is waiting (the FIFO rule lets queued tasks go first).
     *
     * @return {@code true} if an acquire now would wait
     */
    public boolean isLocked() {
        if (value == 0) {
            return true;
        }
        for (AwaitOp<?> w = waiters.first(); w != null; w = w.nextWaiter) {
            if (!w.futureCancelled()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Runs {@code body} while holding a permit (asyncio's {@code async with sem:}): a cold Mono that
     * acquires a permit, then calls {@code body} and subscribes its Mono, and releases the permit
     * when that Mono ends in any way (value, empty, error, or cancellation), before its outcome flows
     * on. The supplier is called only once the permit is held.
     *
     * @param body makes the Mono to run with the permit; called on the loop thread
     * @param <T> the value type
     * @return a cold Mono of the body's outcome
     * @throws NullPointerException if {@code body} is {@code null}; the Mono fails with a
     *     {@link NullPointerException} if {@code body} returns {@code null}
     */
    public <T> Mono<T> withPermit(Supplier<? extends Mono<T>> body) {
        Objects.requireNonNull(body, "body");
        return new MonoHolding<>(permits, null, body,
                getClass().getSimpleName() + ".withPermit()");
    }

    // ------------------------------------------------------------------------------------------
    // Loop thread
    // ------------------------------------------------------------------------------------------

    /** The fast path: not locked, so take a permit now. */
    boolean tryAcquireHere() {
        if (isLocked()) {
            return false;
        }
        value--;
        return true;
    }

    void releaseHere() {
        value++;
        wakeUpNext();
    }

    /**
     * Wakes the first waiter that is not done yet, taking its permit off for it (CPython 3.13's
     * {@code _wake_up_next}), so nobody can take that permit before the waiter runs.
     *
     * @return whether a waiter was woken
     */
    boolean wakeUpNext() {
        for (AwaitOp<?> w = waiters.first(); w != null; w = w.nextWaiter) {
            if (w.parked()) {
                value--;
                w.wake();
                return true;
            }
        }
        return false;
    }

    /** As many waiters as there are free permits (the {@code finally} of CPython 3.13's {@code acquire}). */
    void wakeUpAsAllowed() {
        while (value > 0) {
            if (!wakeUpNext()) {
                break;
            }
        }
    }

    /**
     * The semaphore's state as asyncio's {@code repr} shows it: {@code AsyncSemaphore@1b2c3d[unlocked, value:2]},
     * {@code [locked]} or {@code [locked, waiters:2]}.
     */
    @Override
    public String toString() {
        String extra = isLocked() ? "locked" : "unlocked, value:" + value;
        int n = waiters.size();
        if (n > 0) {
            extra += ", waiters:" + n;
        }
        return getClass().getSimpleName() + "@" + Integer.toHexString(System.identityHashCode(this)) + "[" + extra + "]";
    }
}
