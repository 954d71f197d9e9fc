package io.github.asyncio4j;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.function.Function;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.Exceptions;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;
import org.jspecify.annotations.Nullable;
import reactor.util.context.Context;

/**
 * asyncio's {@code TaskGroup} ({@code async with asyncio.TaskGroup() as tg:}): structured
 * concurrency. Every task created with {@link #createTask} belongs to the group, and the group's
 * Mono ends only when its body and every child are done.
 *
 * <ul>
 *   <li>The first child failure (not a cancellation) cancels every other child and the body, at
 *       its await point; once all have finished, the Mono fails with an {@link ExceptionGroup}
 *       ({@code "unhandled errors in a TaskGroup"}) holding every child failure in the order they
 *       happened, then the body's own failure, if any, last — even for a single failure.</li>
 *   <li>A body failure cancels the children and joins the group likewise.</li>
 *   <li>A child cancelled by someone else is not an error.</li>
 *   <li>Cancelling the task that runs the group (or the Mono) cancels body and children, waits for
 *       them, and ends with {@link CancelledException}, unless children failed meanwhile: then the
 *       {@link ExceptionGroup} wins.</li>
 *   <li>An {@link Error} (Python's {@code KeyboardInterrupt}/{@code SystemExit}) is rethrown as
 *       itself after every child is done, not grouped; the other failures are then reported to the
 *       loop's exception handler.</li>
 *   <li>The task's {@link Task#cancelling()} count ends where it began (CPython 3.13's bookkeeping,
 *       gh-116720): code after the group runs normally.</li>
 * </ul>
 *
 * <p>Threads: the group lives on its task's loop. {@link #createTask} and {@link #cancel()} may be
 * called from any thread; off the loop they are carried out on it.
 */
public final class TaskGroup extends CancelScope {

    private final EventLoop loop;
    private final Consumer<AsyncFuture<?>> onTaskDone = this::onTaskDone;
    private final Set<Task<?>> tasks = new HashSet<>();
    private final List<Throwable> errors = new ArrayList<>();
    @Nullable
    private Error baseError;
    private boolean exiting;
    private boolean aborting;
    private boolean finished;
    private boolean parentCancelRequested;
    @Nullable
    private AsyncFuture<Boolean> onCompleted;
    private Run<?> run;

    private TaskGroup(Task<?> task, @Nullable CancelScope parent) {
        super(task, parent);
        this.loop = task.loop;
    }

    /**
     * Runs {@code body} in a new task group (asyncio's {@code async with TaskGroup() as tg:}).
     * {@code body.apply(tg)} runs on the loop thread when the Mono is subscribed, which must
     * happen inside a task.
     *
     * @param body makes the group's body from the group, in which it creates the children
     * @param <T> the value type of the body
     * @return a Mono of the body's value, once the body and every child are done
     * @throws NullPointerException if {@code body} is {@code null}
     */
    public static <T> Mono<T> run(Function<TaskGroup, ? extends Mono<T>> body) {
        Objects.requireNonNull(body, "body");
        return new MonoTaskGroup<>(body);
    }

    /**
     * Creates a child task in this group (asyncio's {@code tg.create_task}).
     *
     * @param body the child's body
     * @param <T> the value type
     * @return the child task
     * @throws NullPointerException if {@code body} is {@code null}
     * @throws IllegalStateException {@code "TaskGroup is shutting down"} once a failure or a
     *     cancellation is cancelling the group, {@code "TaskGroup is finished"} once it is done
     */
    public <T> Task<T> createTask(Mono<T> body) {
        return createTask(body, null);
    }

    /**
     * As {@link #createTask(Mono)}, with a name.
     *
     * @param body the child's body
     * @param name the child's name, or {@code null} for {@code "Task-N"}
     * @param <T> the value type
     * @return the child task
     * @throws NullPointerException if {@code body} is {@code null}
     * @throws IllegalStateException when the group is shutting down or finished
     */
    public <T> Task<T> createTask(Mono<T> body, @Nullable String name) {
        Objects.requireNonNull(body, "body");
        if (!loop.inLoop()) {
            Task<T> t = loop.onLoopAndWait(() -> createTask(body, name), null);
            if (t == null) {
                throw new RejectedExecutionException("event loop is closed");
            }
            return t;
        }
        if (finished || (exiting && tasks.isEmpty())) {
            throw new IllegalStateException("TaskGroup is finished: create tasks inside the body passed to "
                    + "TaskGroup.run, or from its children while it is still running");
        }
        if (aborting) {
            throw new IllegalStateException("TaskGroup is shutting down: a child failed or the group was "
                    + "cancelled, so it takes no new tasks");
        }
        Task<T> t = loop.createTask(body, name);
        // Always through the done callback, also for a task already done (eager): gh-128550.
        tasks.add(t);
        t.addDoneCallback(onTaskDone);
        return t;
    }

    /**
     * Cancels the body and every child, then ends the group without {@link CancelledException}:
     * with the body's value if it had one, else empty (asyncio's {@code TaskGroup.cancel()}, new
     * in Python 3.15). Children failing during that cleanup still raise an {@link ExceptionGroup}.
     * Idempotent; does nothing once the group is done.
     */
    public void cancel() {
        if (!loop.inLoop()) {
            loop.execute(this::cancel);
            return;
        }
        if (finished || (exiting && tasks.isEmpty())) {
            return;
        }
        if (!aborting) {
            abort();
        }
        cancelParent();
    }

    /** How many children are not done yet. */
    int size() {
        return tasks.size();
    }

    @Override
    public String toString() {
        return "<TaskGroup tasks=" + tasks.size() + (aborting ? " cancelling" : "") + (finished ? " finished" : exiting ? " exiting" : " entered") + ">";
    }

    // ------------------------------------------------------------------------------------------
    // CPython's taskgroups.py, on the loop thread
    // ------------------------------------------------------------------------------------------

    private void abort() {
        aborting = true;
        List<Task<?>> snapshot = new ArrayList<>(tasks);
        for (Task<?> t : snapshot) {
            if (!t.isDone()) {
                t.cancel();
            }
        }
    }

    /** CPython's {@code self._parent_task.cancel()}, limited to this group's part of the body. */
    private void cancelParent() {
        if (!parentCancelRequested) {
            parentCancelRequested = true;
            task.countCancelRequest();
            task.requestCancel(this, null);
        }
    }

    private void onTaskDone(AsyncFuture<?> child) {
        tasks.remove(child);
        AsyncFuture<Boolean> waiter = onCompleted;
        if (waiter != null && tasks.isEmpty() && !waiter.isDone()) {
            waiter.setResult(Boolean.TRUE);
        }
        if (child.isCancelled()) {
            return;
        }
        Throwable error = child.exception();
        if (error == null) {
            return;
        }
        errors.add(error);
        if (error instanceof Error e && baseError == null) {
            baseError = e;
        }
        if (task.isDone()) {
            loop.reportException("Task " + child + " has errored out but its parent task " + task
                    + " is already completed", error);
            return;
        }
        if (!aborting && !parentCancelRequested) {
            abort();
            cancelParent();
        }
    }

    @Override
    void cancelForeign(@Nullable String msg) {
        Run<?> r = run;
        if (r != null) {
            r.cancelForeignBody(CancelledException.raisedBy(loop, msg));
        }
    }

    /** {@link TaskGroup#run}: enters a group at subscription. */
    static final class MonoTaskGroup<T> extends Mono<T> {

        private final Function<TaskGroup, ? extends Mono<T>> body;

        MonoTaskGroup(Function<TaskGroup, ? extends Mono<T>> body) {
            this.body = body;
        }

        @Override
        public void subscribe(CoreSubscriber<? super T> actual) {
            Object scope = actual.currentContext().getOrDefault(CancelScope.KEY, null);
            Task<?> task = CancelScope.taskOf(scope);
            if (task == null) {
                Operators.error(actual, new IllegalStateException(Failures.noRunningLoop(
                        "TaskGroup.run (a TaskGroup cannot determine its parent task)")));
                return;
            }
            Run<T> r = new Run<>(actual, new TaskGroup(task, CancelScope.scopeOf(scope)), body);
            actual.onSubscribe(r);
            task.loop.runOnLoop(r::enter);
        }
    }

    /**
     * One run of a group: subscribes the body in the group's scope, then (CPython's
     * {@code __aexit__}) waits for the children on a future that is an await point of the group's
     * scope, so both the task's cancellation and the group's own reach it.
     */
    static final class Run<T> implements CoreSubscriber<T>, InnerSubscription<T> {

        private final CoreSubscriber<? super T> actual;
        private final TaskGroup group;
        private final Function<TaskGroup, ? extends Mono<T>> body;
        private final Context context;
        private final Operators.DeferredSubscription upstream = new Operators.DeferredSubscription();
        private volatile boolean cancelled;
        private boolean bodyDone;
        @Nullable
        private T value;
        @Nullable
        private Throwable bodyError;
        @Nullable
        private Throwable propagateCancellation;
        @Nullable
        private ExitWait exitWait;

        Run(CoreSubscriber<? super T> actual, TaskGroup group, Function<TaskGroup, ? extends Mono<T>> body) {
            this.actual = actual;
            this.group = group;
            this.body = body;
            this.context = actual.currentContext().put(CancelScope.KEY, group);
        }

        void enter() {
            if (cancelled) {
                return;
            }
            group.run = this;
            Mono<T> inner;
            try {
                inner = Objects.requireNonNull(body.apply(group),
                        "the body of TaskGroup.run returned null: it must return a Mono");
            } catch (Throwable e) {
                Exceptions.throwIfJvmFatal(e);
                bodyEnded(null, e);
                return;
            }
            inner.subscribe(this);
        }

        @Override
        public Context currentContext() {
            return context;
        }

        @Override
        public void onSubscribe(Subscription s) {
            upstream.set(s);
            upstream.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(T t) {
            if (bodyDone || value != null) {
                Operators.onNextDropped(t, context);
                return;
            }
            value = t;
        }

        @Override
        public void onError(Throwable t) {
            onLoop(() -> bodyEnded(value, t));
        }

        @Override
        public void onComplete() {
            onLoop(() -> bodyEnded(value, null));
        }

        private void onLoop(Runnable r) {
            if (group.loop.inLoop()) {
                r.run();
            } else {
                group.loop.execute(r);
            }
        }

        void cancelForeignBody(CancelledException e) {
            upstream.cancel();
            bodyEnded(value, e);
        }

        /** CPython's {@code _aexit}, first half: the body ended with {@code error} ({@code null}: normally). */
        private void bodyEnded(@Nullable T v, @Nullable Throwable error) {
            if (bodyDone) {
                if (error != null) {
                    Operators.onErrorDropped(error, context);
                }
                return;
            }
            bodyDone = true;
            value = v;
            bodyError = error;
            TaskGroup g = group;
            g.run = null;
            g.exiting = true;
            if (error instanceof Error e && g.baseError == null) {
                g.baseError = e;
            }
            if (error instanceof CancellationException) {
                propagateCancellation = error;
            }
            if (error != null && !g.aborting) {
                // The task is being cancelled, or the body failed: cancel the children.
                g.abort();
            }
            awaitChildren();
        }

        /** Waits until no child is left (CPython's {@code while self._tasks: await self._on_completed_fut}). */
        void awaitChildren() {
            if (cancelled) {
                return;
            }
            TaskGroup g = group;
            if (g.tasks.isEmpty()) {
                finish();
                return;
            }
            AsyncFuture<Boolean> waiter = new AsyncFuture<>(g.loop);
            g.onCompleted = waiter;
            ExitWait w = new ExitWait(this);
            exitWait = w;
            waiter.subscribe(w);
        }

        /** The wait for the children was interrupted by a cancellation. */
        void exitWaitCancelled(Throwable ex) {
            TaskGroup g = group;
            if (!g.aborting) {
                // The task running the group is being cancelled while the children still run.
                propagateCancellation = ex;
                g.abort();
            }
            g.onCompleted = null;
            awaitChildren();
        }

        void exitWaitDone() {
            group.onCompleted = null;
            awaitChildren();
        }

        /** CPython's {@code _aexit}, second half: every child is done. */
        private void finish() {
            TaskGroup g = group;
            g.finished = true;
            exitWait = null;
            // The group's own cancellations of its part of the body are over.
            g.mustCancel = false;
            if (g.baseError != null) {
                for (Throwable other : g.errors) {
                    if (other != g.baseError) {
                        g.loop.reportException("TaskGroup failure dropped because " + g.baseError + " is rethrown", other);
                    }
                }
                actual.onError(g.baseError);
                return;
            }
            Throwable propagate = propagateCancellation;
            if (g.parentCancelRequested && g.task.uncancel() == 0) {
                // No cancellation is pending beyond the group's own: do not propagate it.
                propagate = null;
            }
            if (propagate != null && g.errors.isEmpty()) {
                actual.onError(propagate);
                return;
            }
            Throwable error = bodyError;
            if (error != null && !(error instanceof CancellationException)) {
                g.errors.add(error);
            }
            if (!g.errors.isEmpty()) {
                if (g.task.cancelling() > 0) {
                    // Someone outside also cancels the task: uncancel and cancel again, so the count
                    // stays as it was and that cancellation is still delivered after the group (3.13).
                    g.task.uncancel();
                    g.task.cancel();
                }
                actual.onError(new ExceptionGroup("unhandled errors in a TaskGroup", g.errors));
                return;
            }
            T v = value;
            value = null;
            if (v != null) {
                actual.onNext(v);
            }
            actual.onComplete();
        }

        @Override
        public void request(long n) {
            Operators.validate(n);
        }

        /** Reactor cancellation of the group's Mono: stop the body and cancel every child. */
        @Override
        public void cancel() {
            if (cancelled) {
                return;
            }
            cancelled = true;
            upstream.cancel();
            TaskGroup g = group;
            g.loop.runOnLoop(() -> {
                g.finished = true;
                g.abort();
                ExitWait w = exitWait;
                if (w != null) {
                    w.dispose();
                }
            });
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
                return group.finished;
            }
            if (key == Attr.RUN_ON) {
                return group.loop;
            }
            return InnerSubscription.super.scanUnsafe(key);
        }
    }

    /** The subscriber of one wait for the children (an await point of the group's scope). */
    private static final class ExitWait implements CoreSubscriber<Boolean> {
        private final Run<?> run;
        private Subscription subscription;
        private boolean disposed;

        ExitWait(Run<?> run) {
            this.run = run;
        }

        void dispose() {
            disposed = true;
            Subscription s = subscription;
            if (s != null) {
                s.cancel();
            }
        }

        @Override
        public Context currentContext() {
            return run.context;
        }

        @Override
        public void onSubscribe(Subscription s) {
            subscription = s;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(Boolean done) {
            // The value only says "no child left"; onComplete follows.
        }

        @Override
        public void onError(Throwable t) {
            if (!disposed) {
                run.exitWaitCancelled(t);
            }
        }

        @Override
        public void onComplete() {
            if (!disposed) {
                run.exitWaitDone();
            }
        }
    }
}
