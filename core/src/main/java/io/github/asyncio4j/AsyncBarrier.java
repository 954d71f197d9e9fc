package io.github.asyncio4j;

import reactor.core.publisher.Mono;

/**
 * asyncio's {@code Barrier} (3.11+): a fixed number of tasks of one event loop wait for each
 * other, and are released together once all have arrived.
 *
 * <pre>{@code
 * AsyncBarrier ready = new AsyncBarrier(3);
 * // in each of three tasks:
 * Mono<Integer> arrived = prepare().then(ready.await());   // 0, 1 or 2: the order of arrival
 * }</pre>
 *
 * <p>The barrier cycles through <em>filling</em> (tasks arrive and wait; {@link #waiting()} counts
 * them) and <em>draining</em> (the last arrival releases them all; each gets its distinct index
 * {@code 0..parties-1} in arrival order). Tasks arriving while it drains wait for the next round,
 * so the barrier is reusable. {@link #reset()} sends the current waiters a
 * {@link BrokenBarrierException} and goes back to filling; {@link #abort()} breaks the barrier for
 * good (every current and future {@code await()} fails) until a {@code reset()} repairs it.
 *
 * <p><b>Cancellation</b>: a waiter cancelled by its task, or whose subscription is cancelled,
 * leaves the barrier ({@link #waiting()} goes down); one cancelled after the barrier released it
 * has already counted as arrived and the round goes on without it.
 *
 * <p>CPython builds it on a {@code Condition} whose lock is only ever held within one step, so it
 * is never contended; this port keeps the condition's waiting and signalling rules (and so the
 * order in which tasks resume) without the lock.
 *
 * <p><b>Threads</b>: the barrier binds to the loop of its first use; using it from another loop
 * signals {@link IllegalStateException}. The getters may be called from any thread; off the loop
 * they read a snapshot.
 */
public final class AsyncBarrier {

    /** CPython's {@code _BarrierState}. */
    enum State {
        FILLING("filling"), DRAINING("draining"), RESETTING("resetting"), BROKEN("broken");

        final String word;

        State(String word) {
            this.word = word;
        }
    }

    final LoopBinding binding = new LoopBinding(this);
    /** The condition's waiters: tasks blocked while draining, and tasks waiting for the round to fill. */
    final WaitList waiters = new WaitList();
    private final int parties;
    State state = State.FILLING;
    /** Tasks inside {@code await()} that have taken an index and not left yet. */
    int count;
    private final Mono<Integer> await = new MonoBarrierWait(this);

    /**
     * Creates a barrier for {@code parties} tasks, bound to no loop yet.
     *
     * @param parties how many tasks must arrive to release them, at least 1
     * @throws IllegalArgumentException if {@code parties < 1}
     */
    public AsyncBarrier(int parties) {
        if (parties < 1) {
            throw new IllegalArgumentException("parties must be > 0, got " + parties);
        }
        this.parties = parties;
    }

    /**
     * Waits for the barrier (asyncio's {@code await barrier.wait()}, or {@code async with barrier as i}):
     * a cold Mono that waits until {@link #parties()} tasks are waiting, then emits this task's
     * index, from 0 for the first arrival to {@code parties - 1} for the last, the one whose arrival
     * released them all. Arriving while the barrier drains, it first waits for the next round.
     *
     * @return a cold Mono of the arrival index; it fails with {@link BrokenBarrierException}
     *     {@code "Barrier aborted"} on a broken barrier, {@code "Abort or reset of barrier"} when a
     *     {@link #reset()} or {@link #abort()} happens while it waits, and with
     *     {@link IllegalStateException} when subscribed with no running loop or from another loop
     */
    public Mono<Integer> await() {
        return await;
    }

    /**
     * Resets the barrier (asyncio's {@code await barrier.reset()}): a cold Mono that, at
     * subscription, makes the tasks waiting now fail with {@link BrokenBarrierException} and
     * returns the barrier to filling (it stays resetting until those tasks have left). A broken
     * barrier is repaired.
     *
     * @return a cold Mono completing once done
     */
    public Mono<Void> reset() {
        return new MonoLoopAction(binding, this::resetHere, "AsyncBarrier.reset()");
    }

    /**
     * Breaks the barrier (asyncio's {@code await barrier.abort()}): a cold Mono that, at
     * subscription, makes the tasks waiting now fail with {@link BrokenBarrierException}
     * {@code "Abort or reset of barrier"} and every later {@link #await()} fail with
     * {@code "Barrier aborted"}, until {@link #reset()}.
     *
     * @return a cold Mono completing once done
     */
    public Mono<Void> abort() {
        return new MonoLoopAction(binding, this::abortHere, "AsyncBarrier.abort()");
    }

    /**
     * How many tasks must arrive to release the barrier (asyncio's {@code parties}).
     *
     * @return the number of parties
     */
    public int parties() {
        return parties;
    }

    /**
     * How many tasks wait for the barrier to fill (asyncio's {@code n_waiting}); 0 while it drains
     * or resets.
     *
     * @return the number of waiting tasks
     */
    public int waiting() {
        return state == State.FILLING ? count : 0;
    }

    /**
     * Whether the barrier is broken (asyncio's {@code broken}): {@link #abort()} was called and no
     * {@link #reset()} since.
     *
     * @return {@code true} if broken
     */
    public boolean isBroken() {
        return state == State.BROKEN;
    }

    // ------------------------------------------------------------------------------------------
    // Loop thread
    // ------------------------------------------------------------------------------------------

    private void resetHere() {
        if (count > 0) {
            if (state != State.RESETTING) {
                state = State.RESETTING;
            }
        } else {
            state = State.FILLING;
        }
        notifyAllHere();
    }

    private void abortHere() {
        state = State.BROKEN;
        notifyAllHere();
    }

    /** The last task out of a draining or resetting round opens the next one (CPython's {@code _exit}). */
    void exitHere() {
        if (count == 0) {
            if (state == State.RESETTING || state == State.DRAINING) {
                state = State.FILLING;
            }
            notifyAllHere();
        }
    }

    /** Wakes up to {@code n} waiters whose future is not done (the condition's {@code _notify}). */
    void notifyHere(int n) {
        int woken = 0;
        for (AwaitOp<?> w = waiters.first(); w != null && woken < n; w = w.nextWaiter) {
            if (w.wake()) {
                woken++;
            }
        }
    }

    void notifyAllHere() {
        notifyHere(waiters.size());
    }

    /**
     * The barrier's state as asyncio's {@code repr} shows it: {@code AsyncBarrier@1b2c3d[filling, waiters:1/3]},
     * or {@code [broken]}.
     */
    @Override
    public String toString() {
        String extra = state.word;
        if (state != State.BROKEN) {
            extra += ", waiters:" + waiting() + "/" + parties;
        }
        return "AsyncBarrier@" + Integer.toHexString(System.identityHashCode(this)) + "[" + extra + "]";
    }
}
