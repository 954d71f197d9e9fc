package io.github.asyncio4j;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;
import reactor.core.CoreSubscriber;
import reactor.core.Scannable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;
import org.jspecify.annotations.Nullable;
import reactor.util.context.Context;

/**
 * asyncio's {@code Future}: a loop-bound, settable, awaitable one-shot, and a hot {@link Mono}.
 *
 * <p>States: pending, then done for good with a result, an exception, or cancelled. Subscribing
 * awaits it: a pending future delivers its outcome to each subscriber as a separate loop callback,
 * in registration order, after it completes (never inline); a future that is already done delivers
 * at once, without a loop turn, as {@code await} of a done future does. A result of {@code null}
 * completes subscribers empty. Subscribed from a task, the future is that task's await point:
 * cancelling the task cancels the future with the same message. Cancelling a subscription cancels
 * the future, as cancelling a coroutine that awaits it does.
 *
 * <p>Threads: the state changes on the loop thread only. Every method may be called from any
 * thread; off the loop a mutation is marshalled onto it ({@link #cancel()} then answers whether the
 * future was still pending at the call), and the readers see the state safely published.
 *
 * <p>A future that fails and whose exception nobody retrieves (no subscriber, no
 * {@link #result()} or {@link #exception()}) is reported to the loop's exception handler
 * ("exception was never retrieved") when it is garbage-collected, or at the latest when the loop closes.
 *
 * @param <T> the value type
 */
public class AsyncFuture<T> extends Mono<T> implements Scannable {

    static final int PENDING = 0;
    static final int SUCCEEDED = 1;
    static final int FAILED = 2;
    static final int CANCELLED = 3;

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(AsyncFuture.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** {@link #cancelledError()} has handed out the exception that ended the future. */
    private static final byte CANCEL_ERROR_HANDED_OUT = 1;
    /** {@link EnsureFuture#ensureAll} has met this future among its arguments (always clear outside that call). */
    private static final byte ENSURE_MARK = 2;

    final EventLoop loop;
    /** Written only on the loop thread, after {@link #outcome}: a volatile read publishes both. */
    volatile int state;
    /** The value, the exception, or the {@link CancelledException} that ended it. */
    Object outcome;
    /** {@link #CANCEL_ERROR_HANDED_OUT} and {@link #ENSURE_MARK}: one byte, so a task stays 96 bytes. */
    private byte marks;
    private Unretrieved unretrieved;

    /** Done callbacks and awaiters, in registration order (an intrusive list). */
    private DoneLink head;
    private DoneLink tail;

    AsyncFuture(EventLoop loop) {
        this.loop = loop;
    }

    /**
     * The loop this future is bound to (asyncio's {@code get_loop()}).
     *
     * @return the loop
     */
    public EventLoop loop() {
        return loop;
    }

    /**
     * Whether the future is done: it has a result, an exception, or was cancelled.
     *
     * @return {@code true} once done
     */
    public boolean isDone() {
        return state != PENDING;
    }

    /**
     * Whether the future was cancelled.
     *
     * @return {@code true} if it ended cancelled
     */
    public boolean isCancelled() {
        return state == CANCELLED;
    }

    /**
     * The result (asyncio's {@code result()}).
     *
     * @return the value, {@code null} when it completed empty
     * @throws InvalidStateException {@code "Result is not set."} while pending
     * @throws CancelledException if it was cancelled
     * @throws RuntimeException the failure itself when unchecked, or a
     *     {@link java.util.concurrent.CompletionException} wrapping a checked one; an {@link Error}
     *     is rethrown as itself
     */
    @SuppressWarnings("unchecked")
    public T result() {
        switch (state) {
            case PENDING:
                throw new InvalidStateException("Result is not set.");
            case CANCELLED:
                throw cancelledError();
            case FAILED:
                markRetrieved();
                throw Failures.propagate((Throwable) outcome);
            default:
                return (T) outcome;
        }
    }

    /**
     * The exception (asyncio's {@code exception()}).
     *
     * @return the failure, or {@code null} if the future succeeded
     * @throws InvalidStateException {@code "Exception is not set."} while pending
     * @throws CancelledException if it was cancelled (thrown, not returned, as asyncio does)
     */
    @Nullable
    public Throwable exception() {
        switch (state) {
            case PENDING:
                throw new InvalidStateException("Exception is not set.");
            case CANCELLED:
                throw cancelledError();
            case FAILED:
                markRetrieved();
                return (Throwable) outcome;
            default:
                return null;
        }
    }

    /**
     * Cancels the future without a message; see {@link #cancel(String)}.
     *
     * @return {@code false} if it was already done
     */
    public boolean cancel() {
        return cancel(null);
    }

    /**
     * Cancels the future (asyncio's {@code cancel(msg)}): a pending future becomes cancelled and
     * its awaiters get a {@link CancelledException} carrying {@code msg}. On a future that already
     * failed it returns {@code false} but counts as retrieving the exception (nothing is reported).
     *
     * @param msg the cancel message, or {@code null}
     * @return {@code false} if it was already done (off the loop thread: when the call was made)
     */
    public boolean cancel(@Nullable String msg) {
        if (!loop.inLoop()) {
            if (state != PENDING) {
                return cancelDone();
            }
            loop.execute(() -> cancel(msg));
            return true;
        }
        if (state != PENDING) {
            return cancelDone();
        }
        finishCancelled(CancelledException.raisedBy(loop, msg));
        return true;
    }

    /** {@code cancel()} on a done future: {@code false}, and a failure counts as retrieved (FUT-17). */
    final boolean cancelDone() {
        if (state == FAILED) {
            markRetrieved();
        }
        return false;
    }

    /**
     * Completes the future with {@code value} (asyncio's {@code set_result}); {@code null}
     * completes its awaiters empty. Off the loop thread the completion is queued onto the loop.
     *
     * @param value the result
     * @throws InvalidStateException if the future is already done
     */
    public void setResult(@Nullable T value) {
        if (!loop.inLoop()) {
            checkPendingForSet();
            loop.execute(() -> completeOrReport(SUCCEEDED, value));
            return;
        }
        checkPendingForSet();
        complete(SUCCEEDED, value);
    }

    /**
     * Fails the future with {@code error} (asyncio's {@code set_exception}). Off the loop thread
     * the completion is queued onto the loop.
     *
     * @param error the failure
     * @throws NullPointerException if {@code error} is {@code null}
     * @throws InvalidStateException if the future is already done
     */
    public void setException(Throwable error) {
        Objects.requireNonNull(error, "error");
        if (!loop.inLoop()) {
            checkPendingForSet();
            loop.execute(() -> completeOrReport(FAILED, error));
            return;
        }
        checkPendingForSet();
        complete(FAILED, error);
    }

    void checkPendingForSet() {
        if (state != PENDING) {
            throw new InvalidStateException("invalid state: " + this + " is already done; a future can be set only once");
        }
    }

    private void completeOrReport(int how, Object value) {
        if (state != PENDING) {
            loop.reportException("set from another thread on a done future",
                    new InvalidStateException("invalid state: " + this + " was already done when a "
                            + (how == SUCCEEDED ? "setResult" : "setException") + " from another thread arrived"));
            return;
        }
        complete(how, value);
    }

    /**
     * Calls {@code cb} with this future once it is done (asyncio's {@code add_done_callback}),
     * always as a loop callback, never inline, even when it is done already; callbacks run in
     * registration order, in the {@link ContextVar} context of the code that registered them.
     *
     * @param cb the callback; an exception it throws goes to the loop's exception handler
     * @throws NullPointerException if {@code cb} is {@code null}
     */
    public void addDoneCallback(Consumer<? super AsyncFuture<T>> cb) {
        Objects.requireNonNull(cb, "cb");
        DoneCallback<T> node = new DoneCallback<>(this, cb, VarMap.capture());
        loop.runOnLoop(() -> {
            if (state != PENDING) {
                loop.enqueue(node);
            } else {
                link(node);
            }
        });
    }

    /**
     * Removes every registration of {@code cb} that has not run yet (asyncio's
     * {@code remove_done_callback}). After completion it removes nothing: the callbacks are already
     * scheduled.
     *
     * @param cb the callback, compared with {@code equals}
     * @return how many registrations were removed
     * @throws NullPointerException if {@code cb} is {@code null}
     */
    public int removeDoneCallback(Consumer<? super AsyncFuture<T>> cb) {
        Objects.requireNonNull(cb, "cb");
        return loop.onLoopAndWait(() -> {
            int removed = 0;
            DoneLink w = head;
            while (w != null) {
                DoneLink next = w.fNext;
                if (w instanceof DoneCallback<?> dc && dc.callback.equals(cb)) {
                    unlink(w);
                    removed++;
                }
                w = next;
            }
            return removed;
        }, 0);
    }

    // ------------------------------------------------------------------------------------------
    // Awaiting
    // ------------------------------------------------------------------------------------------

    /**
     * Awaits this future: see the class documentation. Subscribed from a task of another loop, the
     * outcome is delivered on that task's loop.
     */
    @Override
    public void subscribe(CoreSubscriber<? super T> actual) {
        Context ctx = actual.currentContext();
        Object scope = ctx.getOrDefault(CancelScope.KEY, null);
        Task<?> awaiting = CancelScope.taskOf(scope);
        if (awaiting == this) {
            Operators.error(actual, new IllegalStateException("Task cannot await on itself: " + this));
            return;
        }
        if (state != PENDING) {
            deliverNow(actual);
            return;
        }
        EventLoop home = awaiting != null ? awaiting.loop : EventLoop.currentOrNull();
        FutureAwaiter<T> a = new FutureAwaiter<>(this, actual, awaiting, CancelScope.scopeOf(scope), home);
        actual.onSubscribe(a);
        a.register();
    }

    @SuppressWarnings("unchecked")
    private void deliverNow(CoreSubscriber<? super T> actual) {
        switch (state) {
            case SUCCEEDED:
                T v = (T) outcome;
                if (v == null) {
                    Operators.complete(actual);
                } else {
                    actual.onSubscribe(Operators.scalarSubscription(actual, v));
                }
                return;
            case FAILED:
                markRetrieved();
                Operators.error(actual, (Throwable) outcome);
                return;
            default:
                Operators.error(actual, cancelledError());
        }
    }

    /** Links an awaiter or callback (loop thread). */
    final void link(DoneLink w) {
        DoneLink t = tail;
        w.fPrev = t;
        w.fNext = null;
        if (t == null) {
            head = w;
        } else {
            t.fNext = w;
        }
        tail = w;
    }

    /** Unlinks it if linked (loop thread); returns whether it was. */
    final boolean unlink(DoneLink w) {
        DoneLink p = w.fPrev;
        DoneLink n = w.fNext;
        if (p == null && head != w) {
            return false;
        }
        if (p == null) {
            head = n;
        } else {
            p.fNext = n;
        }
        if (n == null) {
            tail = p;
        } else {
            n.fPrev = p;
        }
        w.fPrev = null;
        w.fNext = null;
        return true;
    }

    // ------------------------------------------------------------------------------------------
    // Completion (loop thread)
    // ------------------------------------------------------------------------------------------

    final void finishCancelled(CancelledException e) {
        complete(CANCELLED, e);
    }

    /** Sets the outcome and schedules every callback and awaiter, in registration order. */
    void complete(int how, Object value) {
        if (how == FAILED && !hasAwaiter()) {
            // Before the state is published: a thread that sees the future done and calls
            // exception() must find this mark to clear it.
            unretrieved = Unretrieved.track(this, (Throwable) value);
        }
        outcome = value;
        // A release store publishes the outcome to every reader of the (volatile) state, as a
        // volatile write does, without the full fence: nothing here waits to read after it.
        STATE.setRelease(this, how);
        DoneLink w = head;
        head = null;
        tail = null;
        while (w != null) {
            DoneLink next = w.fNext;
            w.fPrev = null;
            w.fNext = null;
            loop.enqueue(w);
            w = next;
        }
        onDone();
    }

    private boolean hasAwaiter() {
        for (DoneLink w = head; w != null; w = w.fNext) {
            if (w instanceof FutureAwaiter) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@link EnsureFuture#ensureAll} has met this future among its arguments already (loop thread). */
    final boolean ensureMarked() {
        return (marks & ENSURE_MARK) != 0;
    }

    /** Sets or clears the mark of {@link #ensureMarked()} (loop thread). */
    final void ensureMark(boolean on) {
        marks = (byte) (on ? marks | ENSURE_MARK : marks & ~ENSURE_MARK);
    }

    /** Hook for subclasses, run on the loop right after the outcome is set. */
    void onDone() {
    }

    final void markRetrieved() {
        Unretrieved u = unretrieved;
        if (u != null) {
            unretrieved = null;
            u.retrieved();
        }
    }

    /**
     * The cancellation to raise: the very exception that ended the future the first time (its
     * stack shows where the body was interrupted), a fresh one with the same message afterwards.
     */
    final CancelledException cancelledError() {
        CancellationException ended = (CancellationException) outcome;
        if ((marks & CANCEL_ERROR_HANDED_OUT) == 0 && ended instanceof CancelledException ce) {
            marks |= CANCEL_ERROR_HANDED_OUT;
            return ce;
        }
        CancelledException fresh = CancelledException.raisedBy(loop, ended.getMessage());
        fresh.initCause(ended.getCause());
        return fresh;
    }

    /**
     * How this future reads once it has failed with {@code error}: for the "never retrieved" report,
     * whose text is made while the future completes, before its state says so.
     */
    String failedDescription(Throwable error) {
        return "<" + kind() + " finished exception=" + error + ">";
    }

    /** "Future" or "Task", for messages. */
    String kind() {
        return "Future";
    }

    @Override
    @Nullable
    public Object scanUnsafe(Attr key) {
        if (key == Attr.TERMINATED) {
            return isDone();
        }
        if (key == Attr.CANCELLED) {
            return isCancelled();
        }
        if (key == Attr.ERROR) {
            return state == FAILED ? outcome : null;
        }
        if (key == Attr.RUN_STYLE) {
            return Attr.RunStyle.ASYNC;
        }
        return null;
    }

    /** State words as asyncio's repr: pending, cancelled, finished. */
    String stateName() {
        switch (state) {
            case PENDING:
                return "pending";
            case CANCELLED:
                return "cancelled";
            default:
                return "finished";
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("<").append(kind()).append(' ').append(stateName());
        if (state == SUCCEEDED) {
            sb.append(" result=").append(outcome);
        } else if (state == FAILED) {
            sb.append(" exception=").append(outcome);
        }
        return sb.append('>').toString();
    }
}
