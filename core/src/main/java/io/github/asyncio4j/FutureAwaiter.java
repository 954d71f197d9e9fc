package io.github.asyncio4j;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import reactor.core.CoreSubscriber;
import reactor.core.Scannable;
import reactor.core.publisher.Operators;
import org.jspecify.annotations.Nullable;

/**
 * One subscription to an {@link AsyncFuture}: CPython's {@code await fut}.
 *
 * <p>It is linked into the future's callback chain and, when subscribed from a task, into that
 * task's await points. When the future completes, it runs as a loop callback (a step of the
 * awaiting task) and delivers the outcome, unless the task has a cancellation pending, which it
 * then delivers instead, as CPython's {@code __step} throws {@code CancelledError} into a coroutine
 * whose {@code _must_cancel} is set. Awaiting from another loop delivers on the awaiting side's loop.
 */
final class FutureAwaiter<T> extends Waiter implements InnerSubscription<T>, EventLoop.ForeignWaiter {

    private static final int WAITING = 0;
    private static final int DONE = 1;
    private static final int CANCELLED = 2;

    /** {@link #value} for a cancellation taken without a message. */
    private static final Object NO_MESSAGE = new Object();

    private static final int REQUESTED = 1;
    private static final int HAS_VALUE = 2;

    @SuppressWarnings("rawtypes")
    private static final AtomicIntegerFieldUpdater<FutureAwaiter> STATE =
            AtomicIntegerFieldUpdater.newUpdater(FutureAwaiter.class, "state");
    @SuppressWarnings("rawtypes")
    private static final AtomicIntegerFieldUpdater<FutureAwaiter> DEMAND =
            AtomicIntegerFieldUpdater.newUpdater(FutureAwaiter.class, "demand");

    final AsyncFuture<T> future;
    final CoreSubscriber<? super T> actual;
    /** The loop the awaiting side lives on, or {@code null} for a plain thread. */
    private final EventLoop home;
    private volatile int state;
    private volatile int demand;
    /**
     * Done: the value waiting for demand. Still waiting: the task cancellation this await point
     * took (task's loop thread), its message or {@link #NO_MESSAGE}, to hand back if it is never
     * delivered. One field for both, as they never meet: a value is stored only once delivering.
     */
    private Object value;
    /** A task cancellation this await point took (task's loop thread), to hand back if it never delivers it. */

    FutureAwaiter(AsyncFuture<T> future, CoreSubscriber<? super T> actual, @Nullable Task<?> task,
                  @Nullable CancelScope scope, @Nullable EventLoop home) {
        this.future = future;
        this.actual = actual;
        this.task = task;
        this.scope = scope;
        this.home = home;
    }

    /**
     * Links this awaiter into the future (on the future's loop), then into the task (on the task's
     * loop), in that order: a cancellation pending on the task cancels the future at once, and
     * this awaiter must already be in the future's chain to deliver it.
     */
    void register() {
        EventLoop fl = future.loop;
        if (fl.inLoop()) {
            linkToFuture();
        } else {
            // A plain thread (block(), a subscriber off any loop) or a task of another loop: it
            // must hear of a loop that closes before linking this, or it would wait forever.
            Link link = new Link();
            try {
                fl.execute(link);
            } catch (RejectedExecutionException closed) {
                link.rejected();
            }
        }
        Task<?> t = task;
        if (t != null) {
            if (t.loop.inLoop()) {
                t.addAwaitPoint(this);
            } else {
                t.loop.execute(() -> {
                    if (state == WAITING) {
                        t.addAwaitPoint(this);
                    }
                });
            }
        }
    }

    private void linkToFuture() {
        if (state != WAITING) {
            return;
        }
        if (future.isDone()) {
            future.loop.enqueue(this);
        } else {
            future.link(this);
            if (home != future.loop) {
                // A plain thread or another loop waits on this loop: if the loop closes with the
                // future still pending, it must be told (see loopClosed).
                future.loop.trackForeignWaiter(this);
            }
        }
    }

    /** {@link #linkToFuture()} from off the future's loop, settled even if that loop closes first. */
    private final class Link implements Runnable, EventLoop.Rejectable {
        @Override
        public void run() {
            linkToFuture();
        }

        /**
         * The loop closed before linking: a future done by then still delivers its outcome; a
         * pending one never will, so the subscriber gets
         * {@code RejectedExecutionException("event loop is closed")} (see {@link #emitOutcome()}).
         * A plain thread's subscriber hears of it on this thread (the loop's is gone); a subscriber
         * on a loop, as a later callback of that loop (a step, for a task), never from inside
         * {@link #register()}, which has yet to add this await point to the task.
         */
        @Override
        public void rejected() {
            deliverOnHome();
        }
    }

    /**
     * The future's loop closed with this awaiter of another thread or loop still linked, the future
     * pending (a plain future nobody set, a task still running after the shutdown timeout) or its
     * outcome not yet delivered: unlinks it and delivers what there is, "event loop is closed" for
     * a pending future, rather than leave a thread or another loop's task waiting forever (the
     * closing loop's thread, from {@link EventLoop}'s close).
     */
    @Override
    public void loopClosed() {
        future.unlink(this);
        deliverOnHome();
    }

    /** The future is done: runs on the future's loop; moves to the awaiting loop if that is another. */
    @Override
    public void run() {
        if (home != future.loop) {
            future.loop.untrackForeignWaiter(this);
        }
        deliverOnHome();
    }

    /** Delivers the outcome on the awaiting side: as a callback of its loop if that is another loop, else here. */
    private void deliverOnHome() {
        EventLoop h = home;
        if (h != null && h != future.loop) {
            h.execute(this::deliver);
        } else {
            deliver();
        }
    }

    private void deliver() {
        if (!STATE.compareAndSet(this, WAITING, DONE)) {
            return;
        }
        // CPython's __step: a pending cancellation replaces what the await point delivers, unless
        // that is already a cancellation (the future was cancelled, typically by the first of
        // several task.cancel() calls).
        resumeTask(future.state == AsyncFuture.CANCELLED);
    }

    @Override
    void resumed(@Nullable CancelledException instead) {
        if (instead != null) {
            actual.onError(instead);
        } else {
            emitOutcome();
        }
    }

    @SuppressWarnings("unchecked")
    private void emitOutcome() {
        AsyncFuture<T> f = future;
        switch (f.state) {
            case AsyncFuture.SUCCEEDED:
                emitValue((T) f.outcome);
                return;
            case AsyncFuture.FAILED:
                f.markRetrieved();
                actual.onError((Throwable) f.outcome);
                return;
            case AsyncFuture.CANCELLED:
                actual.onError(f.cancelledError());
                return;
            default:
                // Still pending: its loop closed before this awaiter could link (Link.rejected)
                // or while it waited (loopClosed).
                actual.onError(new RejectedExecutionException("event loop is closed"));
        }
    }

    private void emitValue(@Nullable T v) {
        if (v == null) {
            actual.onComplete();
            return;
        }
        for (;;) {
            int d = demand;
            if ((d & REQUESTED) != 0) {
                actual.onNext(v);
                actual.onComplete();
                return;
            }
            value = v;
            if (DEMAND.compareAndSet(this, d, d | HAS_VALUE)) {
                return;
            }
        }
    }

    @SuppressWarnings("unchecked")
    private T takeValue() {
        T v = (T) value;
        value = null;
        return v;
    }

    @Override
    public void request(long n) {
        if (!Operators.validate(n)) {
            return;
        }
        EventLoop h = home;
        if (h != null && h.inLoop()) {
            // The value is delivered on this thread too (deliver runs on the home loop), and
            // requests come one at a time (Reactive Streams 2.7): nothing races this update.
            int d = demand;
            if ((d & REQUESTED) != 0) {
                return;
            }
            DEMAND.lazySet(this, d | REQUESTED);
            if ((d & HAS_VALUE) != 0) {
                T v = takeValue();
                actual.onNext(v);
                actual.onComplete();
            }
            return;
        }
        for (;;) {
            int d = demand;
            if ((d & REQUESTED) != 0) {
                return;
            }
            if (DEMAND.compareAndSet(this, d, d | REQUESTED)) {
                if ((d & HAS_VALUE) != 0) {
                    T v = takeValue();
                    actual.onNext(v);
                    actual.onComplete();
                }
                return;
            }
        }
    }

    /**
     * Reactor cancellation of this subscription: stop waiting and cancel the future, as cancelling
     * a coroutine that awaits a future or task cancels it.
     */
    @Override
    public void cancel() {
        if (!STATE.compareAndSet(this, WAITING, CANCELLED)) {
            if (state == DONE) {
                value = null;
            }
            return;
        }
        Task<?> t = task;
        if (t != null) {
            t.loop.runOnLoop(() -> {
                t.removeAwaitPoint(this);
                // Still waiting when cancelled: value holds the cancellation taken, if any.
                Object took = value;
                if (took != null) {
                    value = null;
                    t.cancelLostBy(scope, took == NO_MESSAGE ? null : (String) took);
                }
            });
        }
        future.loop.runOnLoop(() -> {
            future.unlink(this);
            if (home != future.loop) {
                future.loop.untrackForeignWaiter(this);
            }
            future.cancel();
        });
    }

    @Override
    boolean cancelFromTask(String msg) {
        if (state != WAITING) {
            return false;
        }
        boolean taken = future.cancel(msg);
        if (taken) {
            value = msg != null ? msg : NO_MESSAGE;
        }
        return taken;
    }

    @Override
    String describe() {
        return "await " + future;
    }

    @Override
    public CoreSubscriber<? super T> actual() {
        return actual;
    }

    @Override
    @Nullable
    public Object scanUnsafe(Attr key) {
        if (key == Attr.PARENT) {
            return future;
        }
        if (key == Attr.CANCELLED) {
            return state == CANCELLED;
        }
        if (key == Attr.TERMINATED) {
            return state == DONE;
        }
        if (key == Attr.RUN_ON) {
            return future.loop;
        }
        if (key == Attr.RUN_STYLE) {
            return Attr.RunStyle.ASYNC;
        }
        return InnerSubscription.super.scanUnsafe(key);
    }
}
