package io.github.asyncio4j;

import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.Exceptions;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;
import org.jspecify.annotations.Nullable;
import reactor.util.context.Context;

/**
 * asyncio's {@code Timeout}: the deadline of one {@link Asyncio#timeout} or {@link Asyncio#timeoutAt}
 * block, handed to its body so the body can read, move or remove it.
 *
 * <p>When the deadline passes, the block's body is cancelled at its current await point (only the
 * await points inside the block: work running beside it in the same task is not touched, while the
 * task's {@link Task#cancelling()} count moves as CPython's does). If the body then ends with the
 * {@link CancelledException}, and no other cancellation of the task is pending, the block fails
 * with {@link TimeoutException} whose cause is that cancellation. A body that suppresses the
 * cancellation and returns ends the block normally ({@link #expired()} still says {@code true}). A
 * cancellation from outside the block, or from an enclosing timeout, passes through unchanged.
 *
 * <p>States, as CPython's: active, expiring (fired, body not yet ended), expired, finished.
 * Threads: a Timeout belongs to its task's loop; {@link #reschedule(Long)} from another thread is
 * queued onto the loop.
 */
public final class Timeout extends CancelScope {

    private static final int ACTIVE = 1;
    private static final int EXPIRING = 2;
    private static final int EXPIRED = 3;
    private static final int FINISHED = 4;

    private final EventLoop loop;
    private final int cancellingAtEntry;
    private volatile int state = ACTIVE;
    @Nullable
    private volatile Long when;
    @Nullable
    private Expiry expiry;
    /** Set while the body runs: how to stop a body that waits on a foreign publisher. */
    @Nullable
    private BodySubscriber<?> subscriber;

    private Timeout(Task<?> task, @Nullable CancelScope parent) {
        super(task, parent);
        this.loop = task.loop;
        this.cancellingAtEntry = task.cancelling();
    }

    /**
     * The deadline on the loop's clock (compare with {@link EventLoop#time()}), in nanoseconds
     * (asyncio's {@code when()}).
     *
     * @return the deadline, or {@code null} when the block has none
     */
    @Nullable
    public Long when() {
        return when;
    }

    /**
     * Moves the deadline (asyncio's {@code reschedule}); {@code null} removes it. A deadline at or
     * before the loop's current time fires in the next loop iteration.
     *
     * @param whenNanos the new deadline on the loop's clock, or {@code null} for none
     * @throws IllegalStateException {@code "Cannot change state of expiring Timeout"} (or expired,
     *     finished) once it fired or its block ended
     */
    public void reschedule(@Nullable Long whenNanos) {
        int s = state;
        if (s != ACTIVE) {
            throw new IllegalStateException("Cannot change state of " + stateName(s)
                    + " Timeout: reschedule() works only while its block runs and before it fires");
        }
        when = whenNanos;
        loop.runOnLoop(() -> {
            if (state == ACTIVE) {
                arm(when);
            }
        });
    }

    /**
     * Whether the deadline passed and the block was cancelled because of it (asyncio's
     * {@code expired()}); stays {@code true} even when the body suppressed the cancellation.
     *
     * @return {@code true} once the timeout fired
     */
    public boolean expired() {
        int s = state;
        return s == EXPIRING || s == EXPIRED;
    }

    @Override
    public String toString() {
        int s = state;
        if (s == ACTIVE) {
            Long w = when;
            return "<Timeout [active] when=" + (w == null ? "None" : String.format("%.3f", w / 1e9)) + ">";
        }
        return "<Timeout [" + stateName(s) + "]>";
    }

    private static String stateName(int s) {
        switch (s) {
            case ACTIVE:
                return "active";
            case EXPIRING:
                return "expiring";
            case EXPIRED:
                return "expired";
            default:
                return "finished";
        }
    }

    // ------------------------------------------------------------------------------------------
    // The block (loop thread)
    // ------------------------------------------------------------------------------------------

    private void arm(@Nullable Long deadline) {
        Expiry e = expiry;
        if (e != null) {
            e.cancelled = true;
            loop.removeTimer(e);
            expiry = null;
        }
        if (deadline == null) {
            return;
        }
        e = new Expiry(this);
        expiry = e;
        if (deadline <= loop.time()) {
            // CPython schedules an elapsed deadline with call_soon: it fires at the block's first
            // suspension, and a block that never suspends ends without error (TO-05).
            loop.enqueue(e);
        } else {
            e.when = deadline;
            loop.addTimer(e);
        }
    }

    /** The deadline passed: cancel the block's await points (CPython's {@code _on_timeout}). */
    private void fire() {
        expiry = null;
        if (state != ACTIVE) {
            return;
        }
        state = EXPIRING;
        task.countCancelRequest();
        task.requestCancel(this, null);
    }

    @Override
    void cancelForeign(@Nullable String msg) {
        BodySubscriber<?> s = subscriber;
        if (s != null) {
            s.cancelForeignBody(CancelledException.raisedBy(loop, msg));
        }
    }

    /**
     * The block ended with {@code error} ({@code null}: normally); what it ends with instead
     * (CPython's {@code __aexit__}).
     */
    @Nullable
    private Throwable exit(@Nullable Throwable error) {
        Expiry e = expiry;
        if (e != null) {
            e.cancelled = true;
            loop.removeTimer(e);
            expiry = null;
        }
        subscriber = null;
        mustCancel = false;
        if (state == EXPIRING) {
            state = EXPIRED;
            if (task.uncancel() <= cancellingAtEntry && error != null) {
                if (error instanceof CancellationException) {
                    TimeoutException timedOut = new TimeoutException();
                    timedOut.initCause(error);
                    return timedOut;
                }
                // CPython 3.13 chains a TimeoutError into the failure's __context__ (TO-13); Java has
                // no implicit context, so the TimeoutException is attached as a suppressed exception.
                TimeoutException timedOut = new TimeoutException("the failure happened while a timeout expired");
                if (error instanceof ExceptionGroup eg) {
                    for (Throwable member : eg.exceptions()) {
                        member.addSuppressed(timedOut);
                    }
                }
                error.addSuppressed(timedOut);
            }
        } else {
            state = FINISHED;
        }
        return error;
    }

    /** The timer of a Timeout: one object, removed from the heap when the block ends. */
    private static final class Expiry extends TimerHandle {
        private final Timeout timeout;
        boolean cancelled;

        Expiry(Timeout timeout) {
            this.timeout = timeout;
        }

        @Override
        public void run() {
            if (!cancelled) {
                timeout.fire();
            }
        }
    }

    // ------------------------------------------------------------------------------------------
    // The operator
    // ------------------------------------------------------------------------------------------

    /** {@code Asyncio.timeout}/{@code timeoutAt}: enters a Timeout at subscription and runs the body in it. */
    static final class MonoTimeout<T> extends Mono<T> {

        private final boolean relative;
        private final long nanos;
        private final boolean none;
        private final Function<Timeout, ? extends Mono<T>> body;

        MonoTimeout(boolean relative, long nanos, boolean none, Function<Timeout, ? extends Mono<T>> body) {
            this.relative = relative;
            this.nanos = nanos;
            this.none = none;
            this.body = body;
        }

        @Override
        public void subscribe(CoreSubscriber<? super T> actual) {
            Object scope = actual.currentContext().getOrDefault(CancelScope.KEY, null);
            Task<?> task = CancelScope.taskOf(scope);
            if (task == null) {
                Operators.error(actual, new IllegalStateException(Failures.noRunningLoop(
                        "Asyncio.timeout (a Timeout should be used inside a task)")));
                return;
            }
            if (task.loop.inLoop()) {
                enter(actual, task, CancelScope.scopeOf(scope));
            } else {
                BodySubscriber<T> deferred = new BodySubscriber<>(actual, null);
                actual.onSubscribe(deferred);
                task.loop.execute(() -> {
                    if (!deferred.cancelledBeforeStart()) {
                        enterWith(deferred, task, CancelScope.scopeOf(scope));
                    }
                });
            }
        }

        private void enter(CoreSubscriber<? super T> actual, Task<?> task, @Nullable CancelScope parent) {
            BodySubscriber<T> s = new BodySubscriber<>(actual, null);
            actual.onSubscribe(s);
            enterWith(s, task, parent);
        }

        private void enterWith(BodySubscriber<T> s, Task<?> task, @Nullable CancelScope parent) {
            Timeout t = new Timeout(task, parent);
            s.timeout = t;
            t.subscriber = s;
            Long deadline = none ? null : relative ? task.loop.deadlineAfter(nanos) : nanos;
            t.when = deadline;
            t.arm(deadline);
            Mono<T> inner;
            try {
                inner = java.util.Objects.requireNonNull(body.apply(t),
                        "the body of Asyncio.timeout returned null: it must return a Mono");
            } catch (Throwable e) {
                Exceptions.throwIfJvmFatal(e);
                s.onError(e);
                return;
            }
            s.context = s.actual.currentContext().put(CancelScope.KEY, t);
            inner.subscribe(s);
        }
    }

    /** Subscribes the body inside the Timeout and applies {@link #exit} to how it ends. */
    static final class BodySubscriber<T> implements CoreSubscriber<T>, InnerSubscription<T> {

        final CoreSubscriber<? super T> actual;
        Timeout timeout;
        Context context;
        private final Operators.DeferredSubscription upstream = new Operators.DeferredSubscription();
        private volatile boolean cancelled;
        private boolean done;

        BodySubscriber(CoreSubscriber<? super T> actual, @Nullable Timeout timeout) {
            this.actual = actual;
            this.timeout = timeout;
            this.context = actual.currentContext();
        }

        boolean cancelledBeforeStart() {
            return cancelled;
        }

        @Override
        public Context currentContext() {
            return context;
        }

        @Override
        public void onSubscribe(Subscription s) {
            upstream.set(s);
        }

        @Override
        public void onNext(T t) {
            if (done) {
                Operators.onNextDropped(t, context);
                return;
            }
            done = true;
            Throwable error = timeout.exit(null);
            if (error != null) {
                actual.onError(error);
            } else {
                actual.onNext(t);
                actual.onComplete();
            }
        }

        @Override
        public void onError(Throwable t) {
            if (done) {
                Operators.onErrorDropped(t, context);
                return;
            }
            done = true;
            Timeout to = timeout;
            actual.onError(to == null ? t : to.exit(t));
        }

        @Override
        public void onComplete() {
            if (done) {
                return;
            }
            done = true;
            Throwable error = timeout.exit(null);
            if (error != null) {
                actual.onError(error);
            } else {
                actual.onComplete();
            }
        }

        /** The body waits on a foreign publisher: stop it and end as if it raised {@code e}. */
        void cancelForeignBody(CancelledException e) {
            upstream.cancel();
            onError(e);
        }

        @Override
        public void request(long n) {
            upstream.request(n);
        }

        @Override
        public void cancel() {
            cancelled = true;
            upstream.cancel();
            Timeout to = timeout;
            if (to != null && !done) {
                done = true;
                to.loop.runOnLoop(() -> to.exit(null));
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
                return cancelled;
            }
            if (key == Attr.TERMINATED) {
                return done;
            }
            return InnerSubscription.super.scanUnsafe(key);
        }
    }
}
