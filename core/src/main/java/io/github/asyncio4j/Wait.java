package io.github.asyncio4j;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import reactor.core.publisher.Mono;
import org.jspecify.annotations.Nullable;

/**
 * asyncio's {@code wait}: {@link Asyncio#wait(Collection, ReturnWhen, java.time.Duration)}.
 *
 * <p>A port of CPython's {@code _wait}: one waiter future, released by a done callback on each
 * future (counting, so each completion costs O(1)) or by the timeout, and awaited by the
 * subscriber. Cancelling the subscriber cancels only the waiter: {@code wait} never cancels what it
 * waits on, never raises on timeout, and leaves failures inside the done futures, unretrieved.
 * When the waiter is released, the callbacks are removed (O(1) each) and the futures are sorted
 * into done and pending in the step that resumes the subscriber, so a future that completed in
 * the same iteration counts as done (WAIT-05).
 */
final class Wait<T> {

    private final EventLoop loop;
    private final AsyncFuture<?>[] fs;
    private final ReturnWhen when;
    private final boolean hasTimeout;
    private final long timeoutNanos;
    private final AsyncFuture<Void> waiter;
    private Completion[] callbacks;
    @Nullable
    private TimedHandle timer;
    private int counter;
    private boolean disarmed;

    private Wait(EventLoop loop, AsyncFuture<?>[] fs, ReturnWhen when, boolean hasTimeout, long timeoutNanos) {
        this.loop = loop;
        this.fs = fs;
        this.when = when;
        this.hasTimeout = hasTimeout;
        this.timeoutNanos = timeoutNanos;
        this.waiter = new AsyncFuture<>(loop);
    }

    /**
     * The cold Mono of a wait on {@code futures}: the collection is checked and copied now
     * (duplicates collapse, input order kept); each subscription waits anew.
     */
    static <T> Mono<WaitResult<T>> wait(Collection<? extends AsyncFuture<? extends T>> futures, ReturnWhen when,
                                        java.time.@Nullable Duration timeout) {
        Objects.requireNonNull(futures, "fs");
        Objects.requireNonNull(when, "when");
        Set<AsyncFuture<?>> seen = Collections.newSetFromMap(new IdentityHashMap<>(futures.size() * 2));
        List<AsyncFuture<?>> distinct = new ArrayList<>(futures.size());
        EventLoop loop = null;
        int i = 0;
        for (AsyncFuture<?> f : futures) {
            if (f == null) {
                throw new NullPointerException("fs contains null at position " + i + ": pass futures or tasks only");
            }
            if (loop == null) {
                loop = f.loop;
            } else if (f.loop != loop) {
                throw new IllegalArgumentException("Asyncio.wait: " + f + " belongs to " + f.loop
                        + ", but the other futures to " + loop + "; wait on futures of one loop only");
            }
            if (seen.add(f)) {
                distinct.add(f);
            }
            i++;
        }
        if (distinct.isEmpty()) {
            throw new IllegalArgumentException("Set of Tasks/Futures is empty: Asyncio.wait needs at least one future");
        }
        AsyncFuture<?>[] fs = distinct.toArray(new AsyncFuture<?>[0]);
        EventLoop l = loop;
        boolean hasTimeout = timeout != null;
        long nanos = hasTimeout ? EventLoop.saturatedNanos(timeout) : 0L;
        return Mono.defer(() -> new Wait<T>(l, fs, when, hasTimeout, nanos).start());
    }

    private Mono<WaitResult<T>> start() {
        try {
            loop.runOnLoop(this::arm);
        } catch (RejectedExecutionException closed) {
            return Mono.error(closed);
        }
        return waiter.then(Mono.fromSupplier(this::result)).doFinally(signal -> disarmOnLoop());
    }

    /** Puts a callback on every future and starts the timer (loop thread). */
    private void arm() {
        counter = fs.length;
        Completion[] cbs = new Completion[fs.length];
        for (int i = 0; i < fs.length; i++) {
            AsyncFuture<?> f = fs[i];
            Completion c = new Completion(this, f);
            cbs[i] = c;
            // Through a callback even when done already, as CPython's add_done_callback: wait
            // always suspends at least once (WAIT-09).
            if (f.isDone()) {
                loop.enqueue(c);
            } else {
                f.link(c);
            }
        }
        callbacks = cbs;
        if (hasTimeout) {
            TimedHandle t = new TimedHandle(loop, this::release, VarMap.EMPTY);
            t.when = loop.deadlineAfter(timeoutNanos);
            loop.addTimer(t);
            timer = t;
        }
    }

    /** CPython's {@code _on_completion} (loop thread). */
    private void onCompletion(AsyncFuture<?> f) {
        if (disarmed) {
            return;
        }
        counter--;
        // A cancelled future is not an exception for FIRST_EXCEPTION (WAIT-06); reading the state
        // does not retrieve the failure, which stays for the caller to read (WAIT-07).
        if (counter <= 0 || when == ReturnWhen.FIRST_COMPLETED
                || (when == ReturnWhen.FIRST_EXCEPTION && f.state == AsyncFuture.FAILED)) {
            release();
        }
    }

    /** Wakes the subscriber: a future completed as asked, or the timeout passed (loop thread). */
    private void release() {
        TimedHandle t = timer;
        if (t != null) {
            timer = null;
            t.dispose();
        }
        if (!waiter.isDone()) {
            waiter.setResult(null);
        }
    }

    private void disarmOnLoop() {
        if (loop.inLoop()) {
            disarm();
        } else if (!loop.isClosed()) {
            try {
                loop.execute(this::disarm);
            } catch (RejectedExecutionException closedMeanwhile) {
                // The loop closed: its timers and callbacks are gone with it, nothing left to remove.
                assert loop.isClosed() : closedMeanwhile;
            }
        }
    }

    /** Removes the timer and the callbacks not yet run (loop thread), O(1) each. */
    private void disarm() {
        if (disarmed) {
            return;
        }
        disarmed = true;
        TimedHandle t = timer;
        if (t != null) {
            timer = null;
            t.dispose();
        }
        Completion[] cbs = callbacks;
        if (cbs != null) {
            for (int i = 0; i < cbs.length; i++) {
                fs[i].unlink(cbs[i]);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private WaitResult<T> result() {
        Set<AsyncFuture<T>> done = new LinkedHashSet<>();
        Set<AsyncFuture<T>> pending = new LinkedHashSet<>();
        for (AsyncFuture<?> f : fs) {
            (f.isDone() ? done : pending).add((AsyncFuture<T>) f);
        }
        return new WaitResult<>(done, pending);
    }

    /** The done callback {@code wait} puts on each future. */
    private static final class Completion extends Waiter {

        private final Wait<?> wait;
        private final AsyncFuture<?> future;

        Completion(Wait<?> wait, AsyncFuture<?> future) {
            this.wait = wait;
            this.future = future;
        }

        @Override
        public void run() {
            wait.onCompletion(future);
        }

        @Override
        String describe() {
            return "wait callback on " + future;
        }
    }
}
