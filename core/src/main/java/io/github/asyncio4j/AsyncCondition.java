package io.github.asyncio4j;

import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;

/**
 * asyncio's {@code Condition}: tasks of one event loop wait, holding a lock, until another task
 * signals them.
 *
 * <pre>{@code
 * AsyncCondition nonEmpty = new AsyncCondition();
 * Mono<String> take = nonEmpty.withLock(() -> nonEmpty.awaitUntil(() -> !items.isEmpty())
 *         .then(Mono.fromCallable(items::remove)));
 * Mono<Void> offer = nonEmpty.withLock(() -> Mono.fromRunnable(() -> { items.add("x"); nonEmpty.signal(); }));
 * }</pre>
 *
 * <p>The condition has a lock, its own or the {@link AsyncLock} given to the constructor;
 * {@link #acquire()}, {@link #release()}, {@link #isLocked()} and {@link #withLock} are that
 * lock's. {@link #await()} must be called holding it: it releases the lock, waits for a
 * {@link #signal()}, and re-acquires the lock before it completes, so a signalled task does not
 * resume until the signaller has released the lock. Wake-ups may be spurious: re-check the state
 * after each {@code await()}, or use {@link #awaitUntil(BooleanSupplier)}, which does.
 *
 * <p><b>Cancellation</b> (CPython 3.13): a wait cancelled by its task re-acquires the lock before
 * the {@link CancelledException} leaves {@code await()} (retrying if cancelled again meanwhile);
 * the exception is the very one the task received. A task that was signalled but ends its wait with
 * an error passes the signal on to the next waiter, so no wake-up is lost.
 *
 * <p>A subscription to {@code await()} cancelled Reactor-style (by {@code timeout},
 * {@code firstWithValue}...) cannot wait to re-acquire the lock: it re-takes the lock at once if it
 * is free and nobody waits for it, else it leaves the lock to others, and passes any signal on.
 * Inside {@link #withLock}, that lock is then not released again at the end of the body. To bound a
 * wait, prefer {@code Asyncio.timeout} or {@code Asyncio.waitFor}: they cancel the way asyncio does,
 * so the lock is always held again when the wait ends.
 *
 * <p><b>Threads</b>: the condition binds to the loop of its first use; using it from another loop
 * throws (or signals) {@link IllegalStateException}. {@link #signal()} and friends from a plain
 * thread run on the loop and wait for it.
 */
public final class AsyncCondition {

    final LoopBinding binding = new LoopBinding(this);
    final AsyncLock lock;
    /** Tasks waiting in {@link #await()}, in arrival order; signalled ones stay until they run. */
    final WaitList waiters = new WaitList();
    private final Mono<Void> await = new MonoConditionWait(this);

    /** Creates a condition with a lock of its own, bound to no loop yet. */
    public AsyncCondition() {
        this(new AsyncLock());
    }

    /**
     * Creates a condition on {@code lock}, which other conditions (or plain users of the lock)
     * may share.
     *
     * @param lock the lock to use
     * @throws NullPointerException if {@code lock} is {@code null}
     */
    public AsyncCondition(AsyncLock lock) {
        this.lock = Objects.requireNonNull(lock, "lock");
    }

    /**
     * Acquires the underlying lock; see {@link AsyncLock#acquire()}.
     *
     * @return a cold Mono completing when the lock is held
     */
    public Mono<Void> acquire() {
        return lock.acquire();
    }

    /**
     * Releases the underlying lock; see {@link AsyncLock#release()}.
     *
     * @throws IllegalStateException if the lock is not held
     */
    public void release() {
        lock.release();
    }

    /**
     * Whether the underlying lock is held; see {@link AsyncLock#isLocked()}.
     *
     * @return {@code true} while the lock is held
     */
    public boolean isLocked() {
        return lock.isLocked();
    }

    /**
     * Runs {@code body} holding the underlying lock (asyncio's {@code async with cond:}); see
     * {@link AsyncLock#withLock(Supplier)}.
     *
     * @param body makes the Mono to run under the lock
     * @param <T> the value type
     * @return a cold Mono of the body's outcome
     * @throws NullPointerException if {@code body} is {@code null}
     */
    public <T> Mono<T> withLock(Supplier<? extends Mono<T>> body) {
        return lock.withLock(body);
    }

    /**
     * Waits until signalled (asyncio's {@code await cond.wait()}): a cold Mono that, at
     * subscription, releases the lock and waits; once signalled, it re-acquires the lock (waiting
     * for it if need be) and completes empty. See the class documentation for cancellation.
     *
     * @return a cold Mono; it fails with {@link IllegalStateException}
     *     {@code "cannot wait on un-acquired lock"} if the lock is not held when subscribed, and with
     *     {@link IllegalStateException} when subscribed with no running loop or from another loop
     */
    public Mono<Void> await() {
        return await;
    }

    /**
     * Waits until {@code predicate} holds (asyncio's {@code await cond.wait_for(predicate)}): a
     * cold Mono that tests {@code predicate} at subscription and completes at once, without
     * needing the lock, if it holds; otherwise it {@link #await()}s and tests again after every
     * wake-up, holding the lock. The predicate runs on the loop thread; if it throws, the Mono fails
     * with that exception.
     *
     * @param predicate the state to wait for
     * @return a cold Mono completing once {@code predicate} returned {@code true}
     * @throws NullPointerException if {@code predicate} is {@code null}
     */
    public Mono<Void> awaitUntil(BooleanSupplier predicate) {
        Objects.requireNonNull(predicate, "predicate");
        return new MonoConditionWaitUntil(this, predicate);
    }

    /**
     * Wakes one waiting task, if any (asyncio's {@code notify()}); see {@link #signal(int)}.
     *
     * @throws IllegalStateException {@code "cannot notify on un-acquired lock"} if the lock is not held
     */
    public void signal() {
        signal(1);
    }

    /**
     * Wakes up to {@code n} waiting tasks not yet signalled, in the order they started waiting
     * (asyncio's {@code notify(n)}); fewer waiters is fine, and {@code n <= 0} wakes nobody, as in
     * asyncio. A woken task resumes only once it has re-acquired the lock, so after signalling,
     * release it. From a plain thread it runs on the loop and waits for it.
     *
     * @param n how many to wake at most
     * @throws IllegalStateException {@code "cannot notify on un-acquired lock"} if the lock is not
     *     held; or when called from the thread of a loop other than the condition's
     */
    public void signal(int n) {
        binding.run(() -> {
            checkLockedForSignal();
            notifyHere(n);
        });
    }

    /**
     * Wakes every waiting task (asyncio's {@code notify_all()}).
     *
     * @throws IllegalStateException {@code "cannot notify on un-acquired lock"} if the lock is not
     *     held; or when called from the thread of a loop other than the condition's
     */
    public void signalAll() {
        binding.run(() -> {
            checkLockedForSignal();
            notifyHere(waiters.size());
        });
    }

    // ------------------------------------------------------------------------------------------
    // Loop thread
    // ------------------------------------------------------------------------------------------

    private void checkLockedForSignal() {
        if (!lock.locked) {
            throw new IllegalStateException("cannot notify on un-acquired lock: signal inside withLock(...), "
                    + "or between acquire() and release()");
        }
    }

    /** Wakes up to {@code n} waiters whose future is not done yet (CPython's {@code _notify}). */
    void notifyHere(int n) {
        int woken = 0;
        for (AwaitOp<?> w = waiters.first(); w != null && woken < n; w = w.nextWaiter) {
            if (w.wake()) {
                woken++;
            }
        }
    }

    /**
     * The condition's state as asyncio's {@code repr} shows it: {@code AsyncCondition@1b2c3d[unlocked]},
     * {@code [locked]} or {@code [locked, waiters:2]}.
     */
    @Override
    public String toString() {
        String extra = lock.locked ? "locked" : "unlocked";
        int n = waiters.size();
        if (n > 0) {
            extra += ", waiters:" + n;
        }
        return "AsyncCondition@" + Integer.toHexString(System.identityHashCode(this)) + "[" + extra + "]";
    }
}
