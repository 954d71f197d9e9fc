package io.github.asyncio4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.Exceptions;
import reactor.core.publisher.Mono;
import org.jspecify.annotations.Nullable;

/**
 * asyncio's {@code Task}: a body (a cold {@link Mono}) running on an {@link EventLoop}, whose
 * outcome the task caches; a hot {@code Mono} that any number of subscribers may await, from any
 * thread.
 *
 * <p>Create one with {@link EventLoop#createTask(Mono)} or {@link Asyncio#createTask(Mono)}: the
 * body is subscribed on the loop in the next iteration (asyncio's {@code create_task} does not
 * start the coroutine either), or at once with eager tasks.
 *
 * <p><b>Cancellation</b> is a request, as in asyncio. {@link #cancel(String)} returns {@code true}
 * for every call on a pending task and raises the {@link #cancelling()} count; the
 * {@link CancelledException} is delivered into the body at its current await point (any asyncio4j
 * Mono: a sleep, a task, a future, a lock...), where the body may clean up, even with more async
 * work, and rethrow it, or suppress it and go on. A task cancelled before it started never runs its
 * body. A task that cancels itself gets the exception at its next await point; if it returns
 * without awaiting again, it still ends cancelled. A body that waits on a foreign publisher (not an
 * asyncio4j Mono) has that publisher cancelled Reactor-style and the task ends cancelled at once.
 * The task ends cancelled when its body ends with a {@link CancellationException}.
 *
 * <p>Cancelling a subscription to a task cancels the task, as cancelling a coroutine that awaits
 * a task does; use {@link Asyncio#shield(Mono)} to await without that.
 *
 * @param <T> the value type
 */
public class Task<T> extends AsyncFuture<T> {

    private static final AtomicLong IDS = new AtomicLong();

    final long id;
    private volatile String name;
    /** This task's ContextVar context (a copy of its creator's, taken at creation). */
    VarMap vars;
    /**
     * The body (a {@link Mono}) until the first step takes it; then the body's subscriber (a
     * {@link TaskBody}) if the step subscribed it, or {@code null} for a body that the step called
     * in place ({@link #calledInPlace}): such a body has ended when it returns. One field for both
     * keeps a task at 88 bytes.
     */
    @Nullable private Object body;
    /** The task that created this one while it was pending, for {@link EventLoop#dumpTasks()}. */
    @Nullable Task<?> creator;

    private int cancelRequests;
    private boolean mustCancel;
    private String mustCancelMessage;
    /** How many steps of this task are on the loop thread's stack now. */
    int running;
    private boolean started;
    boolean registered;
    /** The await points of the body right now (CPython's {@code _fut_waiter}). */
    private Waiter awaitHead;
    Task<?> prevTask;
    Task<?> nextTask;

    Task(EventLoop loop, Mono<T> body, @Nullable String name, VarMap vars, @Nullable Task<?> creator) {
        super(loop);
        this.id = IDS.incrementAndGet();
        if (name != null) {
            // A volatile write costs a fence: the default name is made on demand, by getName().
            this.name = name;
        }
        this.vars = vars;
        this.creator = creator;
        this.body = body;
    }

    /**
     * Reactor's {@code Mono.just}, {@code Mono.empty}, {@code Mono.fromCallable} and
     * {@code Mono.fromSupplier}: subscribing one calls it on the spot and delivers what it returns
     * (a value, nothing for {@code null}) or the {@link Exception} it throws, raw; anything else it
     * throws leaves {@code subscribe}. Calling it does exactly that, without the subscription.
     * {@code null} when Reactor has no such class (the first step then subscribes every body).
     */
    private static final Class<?> JUST = reactorClass("MonoJust");
    private static final Class<?> EMPTY = reactorClass("MonoEmpty");
    private static final Class<?> CALLABLE = reactorClass("MonoCallable");
    private static final Class<?> SUPPLIER = reactorClass("MonoSupplier");

    @Nullable
    private static Class<?> reactorClass(String simpleName) {
        try {
            Class<?> c = Class.forName("reactor.core.publisher." + simpleName, false, Mono.class.getClassLoader());
            return Callable.class.isAssignableFrom(c) ? c : null;
        } catch (ClassNotFoundException absent) {
            return null;
        }
    }

    /** Whether the first step may call {@code m} instead of subscribing to it (see {@link #JUST}). */
    static boolean calledInPlace(Mono<?> m) {
        Class<?> c = m.getClass();
        return c == JUST || c == EMPTY || c == CALLABLE || c == SUPPLIER;
    }

    /**
     * The task whose step runs on the calling thread now (asyncio's {@code current_task()}).
     *
     * @return the running task, or empty outside a task step (or off any loop)
     */
    public static Optional<Task<?>> current() {
        EventLoop loop = EventLoop.currentOrNull();
        return Optional.ofNullable(loop == null ? null : loop.currentTask);
    }

    /**
     * The task's name: the one it was given, or {@code "Task-N"} with {@code N} from a
     * process-wide counter.
     *
     * @return the name
     */
    public String getName() {
        String n = name;
        if (n == null) {
            n = "Task-" + id;
            name = n;
        }
        return n;
    }

    /**
     * Renames the task.
     *
     * @param name the new name
     * @throws NullPointerException if {@code name} is {@code null}
     */
    public void setName(String name) {
        this.name = Objects.requireNonNull(name, "name");
    }

    /**
     * How many cancellation requests are pending: {@link #cancel(String)} calls not yet matched by
     * {@link #uncancel()} (asyncio's {@code cancelling()}). It is never lowered automatically,
     * not even when the task ends.
     *
     * @return the count
     */
    public int cancelling() {
        return cancelRequests;
    }

    /**
     * Withdraws one cancellation request (asyncio's {@code uncancel()}): lowers the count, never
     * below zero. When it reaches zero a cancellation not yet delivered is dropped, as in CPython
     * 3.13. Structured code that cancels a task calls it once, and treats the cancellation as its
     * own only if it returned zero. Any thread (off the loop it waits for the loop's answer).
     *
     * @return the new count
     */
    public int uncancel() {
        if (loop.inLoop() || !loop.isRunning()) {
            return uncancelHere();
        }
        return loop.onLoopAndWait(this::uncancelHere, 0);
    }

    private int uncancelHere() {
        if (cancelRequests > 0) {
            cancelRequests--;
            if (cancelRequests == 0) {
                mustCancel = false;
            }
        }
        return cancelRequests;
    }

    /**
     * Requests cancellation (asyncio's {@code Task.cancel(msg)}): see the class documentation.
     * Returns {@code true} for every call on a pending task, also repeated ones; several calls
     * before the body reaches an await point deliver one {@link CancelledException}.
     *
     * @param msg the message the {@link CancelledException} carries, or {@code null}
     * @return {@code false} if the task is already done (off the loop thread: at the call)
     */
    @Override
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
        cancelRequests++;
        requestCancel(null, msg);
        return true;
    }

    /**
     * Cancels the await points inside {@code scope} ({@code null}: all of them) without touching
     * the count: CPython's {@code cancel} after its count moved. What finds nothing to cancel is
     * remembered and delivered at the next await point inside the scope; a body waiting on a
     * foreign publisher has it cancelled.
     */
    void requestCancel(@Nullable CancelScope scope, @Nullable String msg) {
        if (cancelAwaitPoints(scope, msg)) {
            return;
        }
        if (!started || running > 0 || hasAwaitPointsIn(scope)) {
            if (scope == null) {
                mustCancel = true;
                mustCancelMessage = msg;
            } else {
                scope.mustCancel = true;
                scope.mustCancelMessage = msg;
                if (running > 0) {
                    // Found no await point during a step: stepEnded() looks again.
                    loop.scopeCancelledInStep(this, scope);
                }
            }
            return;
        }
        if (scope != null) {
            scope.cancelForeign(msg);
        } else {
            cancelBodyUpstream();
            finishCancelled(CancelledException.raisedBy(loop, msg));
        }
    }

    /** Raises the count as CPython's {@code task.cancel()} does, for a scope that cancels part of the body. */
    void countCancelRequest() {
        cancelRequests++;
    }

    /**
     * An await point that had taken a cancellation was cancelled Reactor-style before it delivered
     * it: a {@code timeout} or {@code firstWithValue} around it withdrew it in the same iteration.
     * Unless another await point in the scope carries the cancellation too, the next await point
     * in the scope gets it (or the task ends cancelled with its body), so a cancel() is never lost.
     */
    void cancelLostBy(@Nullable CancelScope scope, @Nullable String msg) {
        if (state != PENDING || hasAwaitPointsIn(scope)) {
            return;
        }
        if (scope == null) {
            mustCancel = true;
            mustCancelMessage = msg;
        } else {
            scope.mustCancel = true;
            scope.mustCancelMessage = msg;
        }
    }

    private boolean cancelAwaitPoints(@Nullable CancelScope scope, @Nullable String msg) {
        Waiter w = awaitHead;
        if (w == null) {
            return false;
        }
        if (w.tNext == null) {
            return (scope == null || scope.encloses(w.scope)) && w.cancelFromTask(msg);
        }
        List<Waiter> snapshot = new ArrayList<>();
        for (; w != null; w = w.tNext) {
            if (scope == null || scope.encloses(w.scope)) {
                snapshot.add(w);
            }
        }
        boolean taken = false;
        for (Waiter each : snapshot) {
            taken |= each.cancelFromTask(msg);
        }
        return taken;
    }

    boolean hasAwaitPointsIn(@Nullable CancelScope scope) {
        for (Waiter w = awaitHead; w != null; w = w.tNext) {
            if (scope == null || scope.encloses(w.scope)) {
                return true;
            }
        }
        return false;
    }

    /** The body parks on {@code w}; a cancellation waiting for an await point takes it now. */
    void addAwaitPoint(Waiter w) {
        Waiter h = awaitHead;
        w.tPrev = null;
        w.tNext = h;
        if (h != null) {
            h.tPrev = w;
        }
        awaitHead = w;
        for (CancelScope s = w.scope; s != null; s = s.parent) {
            if (s.mustCancel) {
                if (w.cancelFromTask(s.mustCancelMessage)) {
                    s.mustCancel = false;
                }
                return;
            }
        }
        if (mustCancel && w.cancelFromTask(mustCancelMessage)) {
            mustCancel = false;
        }
    }

    void removeAwaitPoint(Waiter w) {
        Waiter p = w.tPrev;
        Waiter n = w.tNext;
        if (p == null && awaitHead != w) {
            return;
        }
        if (p == null) {
            awaitHead = n;
        } else {
            p.tNext = n;
        }
        if (n != null) {
            n.tPrev = p;
        }
        w.tPrev = null;
        w.tNext = null;
    }

    /**
     * A step resumes the body at an await point inside {@code scope}: the cancellation pending
     * there, if any, replaces what the await point would deliver (CPython's {@code _must_cancel}).
     */
    @Nullable
    CancelledException takePendingCancel(@Nullable CancelScope scope) {
        for (CancelScope s = scope; s != null; s = s.parent) {
            if (s.mustCancel) {
                s.mustCancel = false;
                return CancelledException.raisedBy(loop, s.mustCancelMessage);
            }
        }
        if (mustCancel) {
            mustCancel = false;
            return CancelledException.raisedBy(loop, mustCancelMessage);
        }
        return null;
    }

    /**
     * A step of this task has ended. A cancellation that arrived during the step (the task
     * cancelled itself, or was cancelled by code it called) found no await point and was
     * remembered; if the body (or the cancelled scope's part of it) is now parked on none of ours
     * either, it waits on a foreign publisher, which no await point will ever interrupt: cancel
     * that upstream and end cancelled, as {@link #requestCancel} does for a cancellation arriving
     * between steps.
     */
    void stepEnded() {
        List<CancelScope> scopes = loop.takeScopesCancelledInStep(this);
        if (state != PENDING || !started) {
            return;
        }
        if (mustCancel && awaitHead == null) {
            mustCancel = false;
            cancelBodyUpstream();
            finishCancelled(CancelledException.raisedBy(loop, mustCancelMessage));
            return;
        }
        if (scopes != null) {
            // The same for a timeout or TaskGroup cancelled during the step (tg.cancel() in its
            // body): its owner stops its body Reactor-style, as requestCancel would have.
            for (CancelScope s : scopes) {
                if (s.mustCancel && !hasAwaitPointsIn(s)) {
                    s.mustCancel = false;
                    s.cancelForeign(s.mustCancelMessage);
                }
            }
        }
    }

    /** Cancels the subscription to the body Reactor-style, if there is one. */
    private void cancelBodyUpstream() {
        if (body instanceof TaskBody<?> b) {
            b.cancelUpstream();
        }
    }

    /** Whether a cancellation is waiting for the body's next await point. */
    boolean cancelPending() {
        return mustCancel;
    }

    /**
     * The first step: subscribe the body, unless the task was cancelled before it started. A body
     * that is a plain value or call ({@link #calledInPlace}) is called instead, in the same step
     * context, with the same outcome as subscribing it would give.
     */
    void start() {
        if (state != PENDING || started) {
            return;
        }
        if (!registered) {
            loop.registerTask(this);
        }
        started = true;
        @SuppressWarnings("unchecked")
        Mono<T> m = (Mono<T>) body;
        body = null;
        if (mustCancel) {
            mustCancel = false;
            finishCancelled(CancelledException.raisedBy(loop, mustCancelMessage));
            return;
        }
        // With eager tasks this step runs inside the creator's createTask call, which may be a
        // plain callback running in its registrar's context: restore exactly that context, not
        // the previous task's (EAGER-04: the creator's context is not modified).
        VarMap callerVars = loop.currentVars;
        Task<?> previous = loop.enterStep(this);
        try {
            if (calledInPlace(m)) {
                callBody(m);
            } else {
                TaskBody<T> b = new TaskBody<>(this);
                body = b;
                b.subscribeBody(m);
            }
        } catch (Throwable t) {
            Exceptions.throwIfJvmFatal(t);
            bodyFinished(null, t);
        } finally {
            loop.exitStep(this, previous);
            loop.currentVars = callerVars;
        }
    }

    /**
     * Runs a body that is a value or a call, as subscribing it would: its value (none for
     * {@code null}) or the {@link Exception} it throws ends the body; any other throwable leaves
     * this method, as it leaves the body's {@code subscribe}.
     */
    @SuppressWarnings("unchecked")
    private void callBody(Mono<T> m) throws Exception {
        T v;
        try {
            v = ((Callable<T>) m).call();
        } catch (Exception e) {
            bodyFinished(null, e);
            return;
        }
        bodyFinished(v, null);
    }

    /** The body ended (loop thread). */
    void bodyFinished(@Nullable T value, @Nullable Throwable error) {
        if (state != PENDING) {
            return;
        }
        if (error == null) {
            if (mustCancel) {
                mustCancel = false;
                finishCancelled(CancelledException.raisedBy(loop, mustCancelMessage));
            } else {
                complete(SUCCEEDED, value);
            }
        } else if (error instanceof CancelledException ce) {
            finishCancelled(ce);
        } else if (error instanceof CancellationException ce) {
            CancelledException wrapped = new CancelledException(ce.getMessage());
            wrapped.initCause(ce);
            finishCancelled(wrapped);
        } else {
            complete(FAILED, error);
            if (error instanceof Error e) {
                loop.taskEndedWithError(this, e);
            }
        }
    }

    /** The loop closed before this task, created from another thread, could start. */
    void rejectUnstarted() {
        if (state == PENDING && !started) {
            outcome = new CancelledException("event loop is closed");
            state = CANCELLED;
        }
    }

    @Override
    void onDone() {
        loop.unregisterTask(this);
        awaitHead = null;
        creator = null;
    }

    /**
     * Not supported: a task's outcome is its body's.
     *
     * @throws UnsupportedOperationException always
     */
    @Override
    public void setResult(@Nullable T value) {
        throw new UnsupportedOperationException("Task does not support setResult: its result is its body's value; "
                + "use EventLoop.createFuture() for a future you complete yourself");
    }

    /**
     * Not supported: a task's outcome is its body's.
     *
     * @throws UnsupportedOperationException always
     */
    @Override
    public void setException(Throwable error) {
        throw new UnsupportedOperationException("Task does not support setException: its exception is its body's; "
                + "use EventLoop.createFuture() for a future you complete yourself");
    }

    /** The await points, for dumps (loop thread). */
    List<String> awaiting() {
        List<String> out = new ArrayList<>();
        for (Waiter w = awaitHead; w != null; w = w.tNext) {
            out.add(w.describe());
        }
        return out;
    }

    @Override
    String kind() {
        return "Task";
    }

    @Override
    String failedDescription(Throwable error) {
        return "<Task finished name='" + getName() + "' exception=" + error + ">";
    }

    @Override
    String stateName() {
        if (state == PENDING && cancelRequests > 0) {
            return "cancelling";
        }
        return super.stateName();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("<Task ").append(stateName()).append(" name='").append(getName()).append('\'');
        if (state == SUCCEEDED) {
            sb.append(" result=").append(outcome);
        } else if (state == FAILED) {
            sb.append(" exception=").append(outcome);
        }
        return sb.append('>').toString();
    }
}
