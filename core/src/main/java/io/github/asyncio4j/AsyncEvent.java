package io.github.asyncio4j;

import reactor.core.publisher.Mono;

/**
 * asyncio's {@code Event}: a flag that tasks of one event loop can wait for. It starts unset;
 * {@link #set()} sets it and wakes every waiting task, {@link #clear()} unsets it.
 *
 * <pre>{@code
 * AsyncEvent ready = new AsyncEvent();
 * Asyncio.createTask(ready.await().then(Mono.fromRunnable(() -> log("go"))));
 * ready.set();
 * }</pre>
 *
 * <p>A {@link #set()} is never undone: every task that was waiting when it happened resumes, even
 * if {@link #clear()} follows at once; they resume in the order they started waiting. A task that
 * subscribes after {@code set()} does not wait at all (and, since it does not wait, it may run
 * before the woken waiters).
 *
 * <p><b>Threads</b>: the event binds to the loop of its first use; using it from another loop
 * throws (or signals) {@link IllegalStateException}. {@link #set()} and {@link #clear()} from a
 * plain thread run on the loop and wait for it. {@link #isSet()} may be called from any thread;
 * off the loop it reads a snapshot.
 */
public final class AsyncEvent {

    final LoopBinding binding;
    final WaitList waiters = new WaitList();
    boolean value;
    private final Mono<Void> await;

    /** Creates an unset event, bound to no loop yet. */
    public AsyncEvent() {
        this.binding = new LoopBinding(this);
        this.await = new MonoEventWait(this, "AsyncEvent.await()");
    }

    /** An event sharing the binding of the primitive built on it (an {@link AsyncQueue}'s join). */
    AsyncEvent(LoopBinding binding, String what) {
        this.binding = binding;
        this.await = new MonoEventWait(this, what);
    }

    /**
     * Sets the flag and wakes every task waiting in {@link #await()} (asyncio's {@code set()});
     * idempotent. On the loop thread it runs at once; from a plain thread it runs on the loop and
     * waits for it.
     *
     * @throws IllegalStateException when called from the thread of a loop other than the event's
     */
    public void set() {
        if (binding.here()) {
            setHere();
        } else {
            binding.run(this::setHere);
        }
    }

    /**
     * Unsets the flag (asyncio's {@code clear()}): later {@link #await()}s wait for the next
     * {@link #set()}. Tasks already woken by a {@code set()} still resume.
     *
     * @throws IllegalStateException when called from the thread of a loop other than the event's
     */
    public void clear() {
        binding.run(this::clearHere);
    }

    /**
     * Whether the flag is set (asyncio's {@code is_set()}).
     *
     * @return {@code true} if set
     */
    public boolean isSet() {
        return value;
    }

    /**
     * Waits until the flag is set (asyncio's {@code await event.wait()}): a cold Mono that
     * completes empty at once if the flag is set when it is subscribed, else when {@link #set()}
     * is called. Cancelling the subscribing task (or the subscription) removes the waiter.
     *
     * @return a cold Mono; it fails with {@link IllegalStateException} when subscribed with no
     *     running loop, or from a loop other than the event's
     */
    public Mono<Void> await() {
        return await;
    }

    // ------------------------------------------------------------------------------------------
    // Loop thread
    // ------------------------------------------------------------------------------------------

    void setHere() {
        if (!value) {
            value = true;
            for (AwaitOp<?> w = waiters.first(); w != null; w = w.nextWaiter) {
                w.wake();
            }
        }
    }

    void clearHere() {
        value = false;
    }

    /**
     * The event's state as asyncio's {@code repr} shows it: {@code AsyncEvent@1b2c3d[unset]},
     * {@code [set]} or {@code [unset, waiters:2]}.
     */
    @Override
    public String toString() {
        String extra = value ? "set" : "unset";
        int n = waiters.size();
        if (n > 0) {
            extra += ", waiters:" + n;
        }
        return "AsyncEvent@" + Integer.toHexString(System.identityHashCode(this)) + "[" + extra + "]";
    }
}
