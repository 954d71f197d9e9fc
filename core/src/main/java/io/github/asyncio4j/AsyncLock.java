package io.github.asyncio4j;

import java.util.Objects;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;

/**
 * asyncio's {@code Lock}: a mutual-exclusion lock for the tasks of one event loop, not owned by
 * any task (any task may {@link #release()} it), FIFO-fair and cancellation-safe.
 *
 * <pre>{@code
 * AsyncLock lock = new AsyncLock();
 * Mono<Integer> counted = lock.withLock(() -> readCounter().flatMap(n -> writeCounter(n + 1)));
 * }</pre>
 *
 * <p><b>Fairness</b> (CPython 3.13): {@link #acquire()} takes the lock at once only if it is
 * unlocked <em>and</em> nobody waits for it. {@link #release()} wakes exactly the first waiter;
 * until that waiter runs, {@link #isLocked()} reads {@code false}, yet a newcomer still queues
 * behind it, so waiters get the lock in arrival order.
 *
 * <p><b>Cancellation</b>: a waiter cancelled while it waits leaves the queue. A waiter that was
 * already woken when it is cancelled (by its task, or by a Reactor {@code cancel()} of the
 * {@code acquire()} subscription, as {@code timeout} or {@code Mono.firstWithValue} do) passes the
 * wake-up on to the next waiter, so exactly one task gets the lock and it is never leaked.
 * Cancel from the loop thread, as asyncio code does ({@code timeout(d, loop)}, a task's
 * cancellation): a {@code cancel()} from another thread can cross a completion already on its way,
 * which a Reactor subscriber then ignores, leaving the lock held by nobody.
 *
 * <p><b>Threads</b>: the lock binds to the loop of its first use (see {@link #acquire()}); using
 * it from another loop throws (or signals) {@link IllegalStateException}. {@link #release()} from a
 * plain thread runs on the loop and waits for it. {@link #isLocked()} and {@link #toString()} may
 * be called from any thread; off the loop they read a snapshot.
 */
public final class AsyncLock {

    final LoopBinding binding = new LoopBinding(this);
    /** Tasks waiting in {@link #acquire()}, in arrival order; woken ones stay until they run. */
    final WaitList waiters = new WaitList();
    boolean locked;
    /** The lock as {@link MonoAcquire} sees it: a single permit. */
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
            return AsyncLock.this.tryAcquireHere();
        }

        @Override
        public void releaseHere() {
            AsyncLock.this.releaseHere();
        }

        @Override
        public void resumedWithPermit() {
            locked = true;
        }

        @Override
        public void leftWithoutPermit(boolean woken) {
            // If the lock is free, the first waiter must run: we may have been woken ourselves, and
            // the wake-up would be lost with us (CPython's: if not self._locked: self._wake_up_first()).
            if (!locked) {
                wakeUpFirst();
            }
        }

        @Override
        public String acquireName() {
            return "AsyncLock.acquire()";
        }

        @Override
        public String toString() {
            return AsyncLock.this.toString();
        }
    };
    private final Mono<Void> acquire = new MonoAcquire(permits, this);

    /** Creates an unlocked lock, bound to no loop yet. */
    public AsyncLock() {
    }

    /**
     * Acquires the lock (asyncio's {@code await lock.acquire()}): a cold Mono that completes empty
     * once this subscriber holds the lock. Subscribing when the lock is free and nobody waits takes
     * it at once; otherwise the subscriber waits in line, FIFO. Subscribe it from a task (or a loop
     * callback) on the lock's loop; the first such subscription binds the lock to that loop.
     *
     * <p>Cancelling the subscribing task delivers {@link CancelledException} here and the lock is not
     * held; cancelling the subscription (Reactor-style) likewise leaves it not held. Either way a
     * wake-up already received is passed on.
     *
     * @return a cold Mono completing when the lock is held; it fails with
     *     {@link IllegalStateException} when subscribed with no running loop, or from a loop other
     *     than the one the lock is bound to
     */
    public Mono<Void> acquire() {
        return acquire;
    }

    /**
     * Releases the lock (asyncio's {@code release()}) and wakes the first waiter, if any. Any task
     * may release a held lock. On the loop thread it runs at once; from a plain thread it runs on
     * the loop and waits for it.
     *
     * @throws IllegalStateException {@code "Lock is not acquired"} when the lock is not held; or
     *     when called from the thread of a loop other than the lock's
     */
    public void release() {
        if (binding.here()) {
            releaseHere();
        } else {
            binding.run(this::releaseHere);
        }
    }

    /**
     * Whether the lock is held (asyncio's {@code locked()}). Between a {@link #release()} and the
     * moment the woken waiter runs, it reads {@code false}, although a newcomer would still wait.
     *
     * @return {@code true} while the lock is held
     */
    public boolean isLocked() {
        return locked;
    }

    /**
     * Runs {@code body} while holding the lock (asyncio's {@code async with lock:}): a cold Mono
     * that acquires the lock, then calls {@code body} and subscribes its Mono, and releases the
     * lock when that Mono ends in any way (value, empty, error, or cancellation), before its
     * outcome flows on. The supplier is called only once the lock is held.
     *
     * <p>If releasing fails because the body released the lock itself, the Mono fails with that
     * {@link IllegalStateException} (the body's own error, if any, added as suppressed), as
     * {@code async with} does.
     *
     * @param body makes the Mono to run under the lock; called on the loop thread
     * @param <T> the value type
     * @return a cold Mono of the body's outcome
     * @throws NullPointerException if {@code body} is {@code null}; the Mono fails with a
     *     {@link NullPointerException} if {@code body} returns {@code null}
     */
    public <T> Mono<T> withLock(Supplier<? extends Mono<T>> body) {
        Objects.requireNonNull(body, "body");
        return new MonoHolding<>(permits, this, body, "AsyncLock.withLock()");
    }

    // ------------------------------------------------------------------------------------------
    // Loop thread
    // ------------------------------------------------------------------------------------------

    /** CPython's fast path: free and nobody waiting (waiters whose future was cancelled do not count). */
    boolean tryAcquireHere() {
        if (locked) {
            return false;
        }
        for (AwaitOp<?> w = waiters.first(); w != null; w = w.nextWaiter) {
            if (!w.futureCancelled()) {
                return false;
            }
        }
        locked = true;
        return true;
    }

    void releaseHere() {
        if (!locked) {
            throw new IllegalStateException("Lock is not acquired: call release() only after acquire() completed, "
                    + "once per acquire");
        }
        locked = false;
        wakeUpFirst();
    }

    /**
     * Makes sure the first waiter will run (CPython's {@code _wake_up_first}). A first waiter that
     * is already done (woken, or cancelled but not yet gone) is left alone: when it runs, it either
     * takes the lock or passes the wake-up on.
     */
    void wakeUpFirst() {
        AwaitOp<?> first = waiters.first();
        if (first != null) {
            first.wake();
        }
    }

    /**
     * The lock's state as asyncio's {@code repr} shows it: {@code AsyncLock@1b2c3d[unlocked]},
     * {@code [locked]} or {@code [locked, waiters:2]}.
     */
    @Override
    public String toString() {
        String extra = locked ? "locked" : "unlocked";
        int n = waiters.size();
        if (n > 0) {
            extra += ", waiters:" + n;
        }
        return "AsyncLock@" + Integer.toHexString(System.identityHashCode(this)) + "[" + extra + "]";
    }
}
