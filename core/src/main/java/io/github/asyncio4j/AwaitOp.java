package io.github.asyncio4j;

import java.util.concurrent.CancellationException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.Exceptions;
import reactor.core.publisher.Operators;
import org.jspecify.annotations.Nullable;
import reactor.util.context.Context;

/**
 * One subscription to a Mono of a synchronization primitive: the coroutine CPython runs for
 * {@code acquire()}, {@code wait()}, {@code get()}... as a small state machine on the loop thread.
 *
 * <p>Where CPython writes {@code fut = loop.create_future(); waiters.append(fut); await fut}, a
 * subclass calls {@link #awaitFuture()} (after linking itself into the primitive's {@link WaitList}):
 * the future is subscribed with the downstream's Context, so from a task it is that task's await
 * point and a task cancellation cancels it. The outcome comes back, as a step of the task, to
 * {@link #resumed()} (the future was set: CPython's {@code await fut} returned) or
 * {@link #interrupted(Throwable)} (a {@link CancelledException}: CPython's
 * {@code except CancelledError}). A subclass may also await an inner Mono ({@link #awaitMono}),
 * with the same two callbacks. It ends with {@link #complete()}, {@link #succeed(Object)} or
 * {@link #fail(Throwable)}.
 *
 * <p>Reactor cancellation (the downstream cancels, say a {@code timeout} operator or
 * {@code firstWithValue}) is the second way out: it cancels what is awaited and calls
 * {@link #abandon()} on the loop, where the subclass undoes what it holds, exactly as on its
 * {@code CancelledException} path: a waiter that was already woken passes the wake-up on, one that
 * already acquired releases. The cancellation and the delivery of the outcome race through one
 * compare-and-set on {@link #state}, so an outcome is either delivered or undone, never lost:
 * {@link #complete()} and {@link #fail(Throwable)} that lose the race call {@link #abandon()}, and
 * {@link #succeed(Object)} hands its value to {@link #undelivered(Object)}.
 *
 * <p>Threads: everything but {@link #request(long)} and {@link #cancel()} runs on the loop thread;
 * those two may be called from any thread.
 *
 * @param <T> the value type of the Mono
 */
abstract class AwaitOp<T> implements InnerSubscription<T>, CoreSubscriber<Object> {

    static final int REQUESTED = 1;
    static final int HAS_VALUE = 2;
    static final int DONE = 4;
    static final int CANCELLED = 8;

    @SuppressWarnings("rawtypes")
    private static final AtomicIntegerFieldUpdater<AwaitOp> STATE =
            AtomicIntegerFieldUpdater.newUpdater(AwaitOp.class, "state");

    final CoreSubscriber<? super T> actual;
    final EventLoop loop;
    /** {@link #REQUESTED}, {@link #HAS_VALUE}, {@link #DONE}, {@link #CANCELLED}: the only cross-thread state. */
    private volatile int state;
    @Nullable
    private T value;

    /** Links of the primitive's {@link WaitList} this op waits in, if any. */
    @Nullable
    WaitList waitList;
    @Nullable
    AwaitOp<?> prevWaiter;
    @Nullable
    AwaitOp<?> nextWaiter;

    /** The waiter future this op parks on now, or parked on last; {@code null} before it first parks. */
    @Nullable
    Park fut;
    /** What this op awaits now (the future's awaiter or an inner Mono's subscription). */
    @Nullable
    private volatile Subscription upstream;
    @Nullable
    private Object received;
    private boolean abandoned;
    /**
     * The downstream's Context, read once: the future this op parks on and every inner Mono ask
     * for it, and asking a chain of operators for it costs a call per operator.
     */
    @Nullable
    private Context context;

    AwaitOp(CoreSubscriber<? super T> actual, EventLoop loop) {
        this.actual = actual;
        this.loop = loop;
    }

    /** As {@link #AwaitOp(CoreSubscriber, EventLoop)}, with the Context the subscribing code already read. */
    AwaitOp(CoreSubscriber<? super T> actual, EventLoop loop, Context context) {
        this.actual = actual;
        this.loop = loop;
        this.context = context;
    }

    // ------------------------------------------------------------------------------------------
    // What a subclass writes (loop thread)
    // ------------------------------------------------------------------------------------------

    /** The first attempt, CPython's code up to its first {@code await}. */
    abstract void start();

    /** What this op awaited completed normally. */
    abstract void resumed();

    /** What this op awaited failed; typically a {@link CancelledException} from the task. */
    abstract void interrupted(Throwable error);

    /**
     * The subscriber is gone (Reactor cancellation): undo what this op holds or waits for, without
     * signalling anything. Called at most once, and also when {@link #complete()} or
     * {@link #fail(Throwable)} find the subscriber gone, so it must look at its own phase.
     */
    abstract void abandon();

    /** A value {@link #succeed(Object)} could not deliver because the subscriber left; default: drop it. */
    void undelivered(T v) {
        Operators.onDiscard(v, actual.currentContext());
    }

    /** What this waits on, for the task dump and error messages. */
    abstract String describe();

    // ------------------------------------------------------------------------------------------
    // Tools for subclasses (loop thread)
    // ------------------------------------------------------------------------------------------

    /**
     * Parks on a new waiter future (CPython's {@code fut = create_future(); await fut}): a
     * {@link Park}, the future and the task's await of it in one object.
     */
    final void awaitFuture() {
        Object scope = downstreamContext().getOrDefault(CancelScope.KEY, null);
        Park p = new Park(this, CancelScope.taskOf(scope), CancelScope.scopeOf(scope));
        fut = p;
        if (isCancelled()) {
            // Cancelled from another thread while starting: the queued cancelOnLoop undoes the rest.
            p.state = Park.CANCELLED;
            p.ran = true;
            return;
        }
        Task<?> t = p.task;
        if (t != null) {
            // A cancellation pending on the task (or a scope) takes this await point at once.
            t.addAwaitPoint(p);
        }
    }

    /** Awaits an inner Mono with the downstream's Context; it may complete before this returns. */
    final void awaitMono(reactor.core.publisher.Mono<?> m) {
        received = null;
        m.subscribe(this);
    }

    /** The value the inner Mono emitted, once; {@code null} if it completed empty. */
    @Nullable
    final Object takeReceived() {
        Object v = received;
        received = null;
        return v;
    }

    /** Wakes this waiter if its future is still pending (CPython's {@code if not fut.done(): fut.set_result(...)}). */
    final boolean wake() {
        Park p = fut;
        if (p != null && p.state == Park.PENDING) {
            p.state = Park.WOKEN;
            loop.enqueue(p);
            return true;
        }
        return false;
    }

    /** Whether this waiter's future is still pending (CPython's {@code not fut.done()}). */
    final boolean parked() {
        Park p = fut;
        return p != null && p.state == Park.PENDING;
    }

    /** Whether this waiter's future was set: it was woken (CPython's {@code fut.done() and not fut.cancelled()}). */
    final boolean woken() {
        Park p = fut;
        return p != null && p.state == Park.WOKEN;
    }

    /** Whether this waiter's future was cancelled (CPython's {@code fut.cancelled()}). */
    final boolean futureCancelled() {
        Park p = fut;
        return p != null && p.state == Park.CANCELLED;
    }

    final boolean isCancelled() {
        return (state & CANCELLED) != 0;
    }

    /** Completes the downstream empty; if it left, {@link #abandon()} undoes what was just gained. */
    final void complete() {
        for (;;) {
            int s = state;
            if ((s & CANCELLED) != 0) {
                cancelOnLoop();
                return;
            }
            if ((s & DONE) != 0) {
                return;
            }
            if (STATE.compareAndSet(this, s, s | DONE)) {
                actual.onComplete();
                return;
            }
        }
    }

    /** Emits {@code v} (non-null) once requested; if the downstream left, {@link #undelivered(Object)} gets it back. */
    final void succeed(T v) {
        value = v;
        for (;;) {
            int s = state;
            if ((s & CANCELLED) != 0) {
                value = null;
                cancelOnLoop();
                undelivered(v);
                return;
            }
            if ((s & DONE) != 0) {
                value = null;
                return;
            }
            if ((s & REQUESTED) != 0) {
                if (STATE.compareAndSet(this, s, s | DONE)) {
                    value = null;
                    actual.onNext(v);
                    actual.onComplete();
                    return;
                }
            } else if (STATE.compareAndSet(this, s, s | HAS_VALUE)) {
                return;
            }
        }
    }

    /** Fails the downstream; if it left, the error has nobody to go to (see {@link #dropped}). */
    final void fail(Throwable e) {
        for (;;) {
            int s = state;
            if ((s & CANCELLED) != 0) {
                cancelOnLoop();
                dropped(e);
                return;
            }
            if ((s & DONE) != 0) {
                loop.reportException("Exception in " + describe() + " after it completed", e);
                return;
            }
            if (STATE.compareAndSet(this, s, s | DONE)) {
                actual.onError(e);
                return;
            }
        }
    }

    private void dropped(Throwable e) {
        if (e instanceof CancellationException) {
            // The subscriber cancelled this Mono itself: a cancellation arriving afterwards is no news.
            return;
        }
        Operators.onErrorDropped(e, actual.currentContext());
    }

    // ------------------------------------------------------------------------------------------
    // Life cycle
    // ------------------------------------------------------------------------------------------

    /**
     * Hands this op to its subscriber and starts it on the loop: at once when called there, else as
     * a loop callback (it then fails with {@link RejectedExecutionException} if the loop is closed).
     */
    final void subscribeAndStart() {
        actual.onSubscribe(this);
        if (loop.inLoop()) {
            // The common case, tested first so that the hot path allocates no Runnable for begin().
            begin();
        } else if (!LoopBinding.runOnLoop(loop, this::begin)) {
            fail(new RejectedExecutionException("event loop is closed"));
        }
    }

    private void begin() {
        if (isCancelled()) {
            return;
        }
        try {
            start();
        } catch (Throwable t) {
            Exceptions.throwIfJvmFatal(t);
            fail(t);
        }
    }

    // ------------------------------------------------------------------------------------------
    // The inner side: the awaited future or Mono
    // ------------------------------------------------------------------------------------------

    @Override
    public Context currentContext() {
        return downstreamContext();
    }

    /** The downstream's Context (any thread: a race reads the same immutable Context twice). */
    final Context downstreamContext() {
        Context c = context;
        if (c == null) {
            c = actual.currentContext();
            context = c;
        }
        return c;
    }

    @Override
    public void onSubscribe(Subscription s) {
        upstream = s;
        if (isCancelled()) {
            // Cancelled while subscribing: cancelOnLoop may already have looked for an upstream.
            s.cancel();
            return;
        }
        s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(Object v) {
        received = v;
    }

    @Override
    public void onComplete() {
        if (loop.inLoop()) {
            innerCompleted();
        } else if (!LoopBinding.runOnLoop(loop, this::innerCompleted)) {
            fail(new RejectedExecutionException("event loop is closed"));
        }
    }

    @Override
    public void onError(Throwable e) {
        if (loop.inLoop()) {
            innerFailed(e);
        } else if (!LoopBinding.runOnLoop(loop, () -> innerFailed(e))) {
            fail(e);
        }
    }

    private void innerCompleted() {
        upstream = null;
        if (isCancelled()) {
            cancelOnLoop();
            return;
        }
        try {
            resumed();
        } catch (Throwable t) {
            Exceptions.throwIfJvmFatal(t);
            fail(t);
        }
    }

    private void innerFailed(Throwable e) {
        upstream = null;
        if (isCancelled()) {
            cancelOnLoop();
            dropped(e);
            return;
        }
        try {
            interrupted(e);
        } catch (Throwable t) {
            Exceptions.throwIfJvmFatal(t);
            t.addSuppressed(e);
            fail(t);
        }
    }

    // ------------------------------------------------------------------------------------------
    // The outer side: the subscription handed downstream (any thread)
    // ------------------------------------------------------------------------------------------

    @Override
    public final void request(long n) {
        if (!Operators.validate(n)) {
            return;
        }
        for (;;) {
            int s = state;
            if ((s & (REQUESTED | CANCELLED)) != 0) {
                return;
            }
            if ((s & HAS_VALUE) != 0) {
                if (STATE.compareAndSet(this, s, s | REQUESTED | DONE)) {
                    T v = value;
                    value = null;
                    actual.onNext(v);
                    actual.onComplete();
                    return;
                }
            } else if (STATE.compareAndSet(this, s, s | REQUESTED)) {
                return;
            }
        }
    }

    @Override
    public final void cancel() {
        for (;;) {
            int s = state;
            if ((s & (DONE | CANCELLED)) != 0) {
                return;
            }
            if (STATE.compareAndSet(this, s, s | CANCELLED)) {
                if ((s & HAS_VALUE) != 0) {
                    // Gained and stored, but never requested: give it back rather than lose it.
                    LoopBinding.runOnLoop(loop, this::giveBackValue);
                } else {
                    LoopBinding.runOnLoop(loop, this::cancelOnLoop);
                }
                return;
            }
        }
    }

    private void giveBackValue() {
        T v = value;
        value = null;
        abandoned = true;
        if (v != null) {
            undelivered(v);
        }
    }

    /** Stops awaiting and undoes what is held, once (loop thread). */
    final void cancelOnLoop() {
        if (abandoned) {
            return;
        }
        abandoned = true;
        Subscription s = upstream;
        upstream = null;
        if (s != null) {
            s.cancel();
        }
        Park p = fut;
        if (p != null && !p.ran) {
            p.withdraw();
        }
        abandon();
    }

    /**
     * The step that resumes this op from a park (CPython's {@code __step} after {@code await fut}):
     * a cancellation pending on the task replaces the outcome, unless the park was itself cancelled.
     */
    /** A park ran as a step of its task: woken, cancelled, or a cancellation pending on the task instead. */
    final void parkResumed(Park p, @Nullable CancelledException instead) {
        if (instead == null && p.state == Park.WOKEN) {
            innerCompleted();
        } else {
            CancelledException e = instead != null ? instead : p.cancelled;
            innerFailed(e != null ? e : CancelledException.raisedBy(loop, null));
        }
    }

    /**
     * One park of an {@link AwaitOp}: CPython's waiter future, and the task's {@code await} of it,
     * as a single loop callback and await point. Pending, then woken ({@code set_result}) or
     * cancelled (the task's cancellation, or the op withdrawn Reactor-style); it runs once, as a
     * step of the task, to resume the op. Loop thread only.
     */
    static final class Park extends Waiter {

        static final int PENDING = 0;
        static final int WOKEN = 1;
        static final int CANCELLED = 2;

        final AwaitOp<?> op;
        int state;
        /** It ran, or will never run (withdrawn). */
        boolean ran;
        /** The cancellation the task made this park take, delivered when it runs. */
        @Nullable
        CancelledException cancelled;

        Park(AwaitOp<?> op, @Nullable Task<?> task, @Nullable CancelScope scope) {
            this.op = op;
            this.task = task;
            this.scope = scope;
        }

        /** Whether the future is done: woken or cancelled (CPython's {@code fut.done()}). */
        boolean isDone() {
            return state != PENDING;
        }

        @Override
        public void run() {
            if (ran) {
                return;
            }
            ran = true;
            resumeTask(state == CANCELLED);
        }

        @Override
        void resumed(@Nullable CancelledException instead) {
            op.parkResumed(this, instead);
        }

        /** The task is being cancelled: cancel this park (CPython's {@code fut.cancel(msg)}), delivering next iteration. */
        @Override
        boolean cancelFromTask(@Nullable String msg) {
            if (state != PENDING || ran) {
                return false;
            }
            state = CANCELLED;
            cancelled = CancelledException.raisedBy(op.loop, msg);
            op.loop.enqueue(this);
            return true;
        }

        /**
         * The op was cancelled Reactor-style before this park ran: it never will; a pending park
         * counts as cancelled, and a task cancellation it had taken goes back to the task.
         */
        void withdraw() {
            ran = true;
            if (state == PENDING) {
                state = CANCELLED;
            }
            Task<?> t = task;
            if (t != null) {
                t.removeAwaitPoint(this);
                CancelledException took = cancelled;
                if (took != null) {
                    t.cancelLostBy(scope, took.getMessage());
                }
            }
        }

        @Override
        String describe() {
            return op.describe();
        }
    }

    @Override
    public CoreSubscriber<? super T> actual() {
        return actual;
    }

    @Override
    @Nullable
    public Object scanUnsafe(Attr key) {
        if (key == Attr.PARENT) {
            return upstream;
        }
        if (key == Attr.CANCELLED) {
            return isCancelled();
        }
        if (key == Attr.TERMINATED) {
            return (state & DONE) != 0;
        }
        if (key == Attr.RUN_ON) {
            return loop;
        }
        if (key == Attr.RUN_STYLE) {
            return Attr.RunStyle.ASYNC;
        }
        if (key == Attr.NAME) {
            return describe();
        }
        return InnerSubscription.super.scanUnsafe(key);
    }

    @Override
    public String toString() {
        return describe();
    }
}
