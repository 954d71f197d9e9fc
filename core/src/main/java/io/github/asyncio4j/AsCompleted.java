package io.github.asyncio4j;

import java.util.ArrayDeque;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;
import reactor.core.CoreSubscriber;
import reactor.core.Scannable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;
import org.jspecify.annotations.Nullable;
import reactor.util.context.ContextView;

/**
 * asyncio's {@code as_completed}: {@link Asyncio#asCompleted(java.util.Collection, java.time.Duration)},
 * as CPython 3.13's {@code async for} over its {@code _AsCompletedIterator}.
 *
 * <p>At subscription every awaitable becomes a task (AC-06: all at once, not lazily per request):
 * a task is used as it is, a plain Mono runs as a new task (the same instance once), and a plain
 * future is followed through a new task that awaits {@link Asyncio#shield} of it, so that nothing
 * this Flux does can cancel a future it was given. One done callback per task queues it, in
 * completion order, for emission as requested: O(1) per completion, so 100,000 tasks are linear
 * (unlike {@code Flux.merge}, which rescans its inners on each drain).
 *
 * <ul>
 *   <li>A task is emitted once done; awaiting it gives its value or raises its failure.</li>
 *   <li>The timeout (armed only when there is something to wait for) ends the Flux with
 *       {@link TimeoutException} after the tasks already done are emitted, and leaves every task
 *       running, also those it made (AC-03).</li>
 *   <li>Cancelling the subscription cancels the tasks this Flux made from plain Monos (never tasks or
 *       futures it was given) that are not done yet.</li>
 *   <li>Subscribed from a task, the Flux is one of that task's await points: cancelling the task
 *       (or a {@code timeout} around the Flux) cancels the tasks it made and ends the Flux with the
 *       {@link CancelledException}, delivered into the body as at any other await point.</li>
 * </ul>
 *
 * <p>Threads: the tasks and this Flux's state live on the subscriber's loop (a task's, or the loop
 * running on the subscribing thread; from a plain thread, the loop of the futures); every signal is
 * emitted on that loop's thread, inside a step of the subscribing task.
 */
final class AsCompleted<T> extends Flux<Task<T>> implements Scannable {

    private final Mono<?>[] aws;
    private final boolean hasTimeout;
    private final long timeoutNanos;

    AsCompleted(Mono<?>[] aws, boolean hasTimeout, long timeoutNanos) {
        this.aws = aws;
        this.hasTimeout = hasTimeout;
        this.timeoutNanos = timeoutNanos;
    }

    @Override
    public void subscribe(CoreSubscriber<? super Task<T>> actual) {
        ContextView ctx = actual.currentContext();
        Object scopeKey = ctx.getOrDefault(CancelScope.KEY, null);
        EventLoop loop;
        try {
            loop = loopOf(ctx);
        } catch (IllegalStateException | IllegalArgumentException e) {
            Operators.error(actual, e);
            return;
        }
        Task<?> task = CancelScope.taskOf(scopeKey);
        Iteration<T> it = new Iteration<>(loop, actual, task != null && task.loop == loop ? task : null,
                CancelScope.scopeOf(scopeKey), hasTimeout, timeoutNanos);
        if (loop.inLoop()) {
            it.start(aws);
        } else {
            try {
                loop.execute(() -> it.start(aws));
            } catch (RejectedExecutionException closed) {
                Operators.error(actual, closed);
            }
        }
    }

    /**
     * The subscriber's loop, every future passed in must belong to it (CPython's
     * {@code ensure_future(aw, loop=loop)} raises otherwise); from a plain thread, the futures' loop.
     */
    private EventLoop loopOf(ContextView ctx) {
        EventLoop loop = EnsureFuture.subscriberLoop(ctx);
        if (loop == null) {
            return EnsureFuture.commonLoop(aws, ctx, "Asyncio.asCompleted");
        }
        for (Mono<?> aw : aws) {
            if (aw instanceof AsyncFuture<?> f && f.loop != loop) {
                throw new IllegalArgumentException("Asyncio.asCompleted: " + f + " belongs to " + f.loop
                        + ", but it is subscribed on " + loop + "; subscribe it from a task of the futures' loop");
            }
        }
        return loop;
    }

    @Override
    @Nullable
    public Object scanUnsafe(Attr key) {
        if (key == Attr.RUN_STYLE) {
            return Attr.RunStyle.ASYNC;
        }
        if (key == Attr.NAME) {
            return "asCompleted";
        }
        return null;
    }

    /**
     * One subscription: CPython's {@code _AsCompletedIterator}, and the await point of the
     * subscribing task. All its state is the loop's.
     */
    static final class Iteration<T> extends Waiter implements InnerSubscription<Task<T>> {

        private final EventLoop loop;
        private final CoreSubscriber<? super Task<T>> actual;
        private final boolean hasTimeout;
        private final long timeoutNanos;

        private Task<?>[] tasks;
        /** For each of {@link #tasks}: whether this Flux made it (and so may cancel it). */
        private boolean[] made;
        private Completion[] callbacks;
        private final ArrayDeque<Task<T>> done = new ArrayDeque<>();
        @Nullable
        private Expiry expiry;
        private int remaining;
        private int emitted;
        private long requested;
        private boolean timedOut;
        /** No more signals: completed, failed, cancelled, or a cancellation error is on its way. */
        private boolean terminated;
        @Nullable
        private CancelledException cancelledBy;
        private boolean draining;
        private boolean drainAgain;

        Iteration(EventLoop loop, CoreSubscriber<? super Task<T>> actual, @Nullable Task<?> task,
                  @Nullable CancelScope scope, boolean hasTimeout, long timeoutNanos) {
            this.loop = loop;
            this.actual = actual;
            this.task = task;
            this.scope = scope;
            this.hasTimeout = hasTimeout;
            this.timeoutNanos = timeoutNanos;
        }

        /** Makes the tasks, listens to them, arms the timeout, subscribes (loop thread). */
        void start(Mono<?>[] aws) {
            EnsureFuture.Futures fs;
            try {
                fs = EnsureFuture.ensureAll(aws, loop);
            } catch (RuntimeException e) {
                // Only a loop that is closing refuses new tasks.
                Operators.error(actual, e);
                return;
            }
            AsyncFuture<?>[] unique = fs.unique();
            int n = unique.length;
            tasks = new Task<?>[n];
            made = fs.made();
            callbacks = new Completion[n];
            for (int i = 0; i < n; i++) {
                AsyncFuture<?> f = unique[i];
                Task<?> t;
                if (f instanceof Task<?> given) {
                    t = given;
                } else {
                    t = loop.createTask(Asyncio.shield(f));
                    made[i] = true;
                }
                tasks[i] = t;
                Completion c = new Completion(this, t);
                callbacks[i] = c;
                // Even a task done already is queued through a callback, in input order, as CPython's
                // add_done_callback does.
                if (t.isDone()) {
                    loop.enqueue(c);
                } else {
                    t.link(c);
                }
            }
            remaining = n;
            if (n > 0 && hasTimeout) {
                Expiry e = new Expiry(this);
                e.when = loop.deadlineAfter(timeoutNanos);
                loop.addTimer(e);
                expiry = e;
            }
            actual.onSubscribe(this);
            if (n == 0) {
                if (!terminated) {
                    finish();
                    actual.onComplete();
                }
                return;
            }
            Task<?> t = task;
            if (t != null && !terminated) {
                t.addAwaitPoint(this);
            }
        }

        /** CPython's {@code _handle_completion} (loop thread). */
        @SuppressWarnings("unchecked")
        void onCompletion(Task<?> t) {
            if (terminated || timedOut) {
                return;
            }
            remaining--;
            done.add((Task<T>) t);
            if (remaining == 0) {
                disarmTimer();
            }
            drain();
        }

        /** CPython's {@code _handle_timeout} (loop thread): what is done still comes first. */
        void onTimeout() {
            expiry = null;
            if (terminated || remaining == 0) {
                return;
            }
            timedOut = true;
            unlinkCallbacks();
            drain();
        }

        @Override
        public void request(long n) {
            if (!Operators.validate(n)) {
                return;
            }
            if (loop.inLoop()) {
                requested = Operators.addCap(requested, n);
                drain();
                return;
            }
            try {
                loop.execute(() -> request(n));
            } catch (RejectedExecutionException closed) {
                // The loop closed: every task is cancelled and no signal can come any more.
                terminated = true;
            }
        }

        /**
         * Emits what is done, as far as requested, then the end. Runs inside a step of the
         * subscribing task (entered here when called from a loop callback), and there a
         * cancellation pending on the task replaces what would have been delivered, as at any
         * await point.
         */
        private void drain() {
            if (draining) {
                drainAgain = true;
                return;
            }
            draining = true;
            Task<?> t = task;
            boolean enter = t != null && loop.currentTask != t;
            Task<?> previous = enter ? loop.enterStep(t) : null;
            try {
                do {
                    drainAgain = false;
                    if (enter && deliverable()) {
                        CancelledException pending = t.takePendingCancel(scope);
                        if (pending != null) {
                            stop(pending);
                            actual.onError(pending);
                            return;
                        }
                    }
                    drainOnce();
                } while (drainAgain && !terminated);
            } finally {
                draining = false;
                if (enter) {
                    loop.exitStep(t, previous);
                }
            }
        }

        private boolean deliverable() {
            if (terminated) {
                return false;
            }
            if (!done.isEmpty()) {
                return requested > 0;
            }
            return emitted == tasks.length || timedOut;
        }

        private void drainOnce() {
            while (!terminated && requested > 0 && !done.isEmpty()) {
                Task<T> next = done.poll();
                if (requested != Long.MAX_VALUE) {
                    requested--;
                }
                emitted++;
                actual.onNext(next);
            }
            if (terminated || !done.isEmpty()) {
                return;
            }
            if (emitted == tasks.length) {
                finish();
                actual.onComplete();
            } else if (timedOut) {
                finish();
                actual.onError(new TimeoutException("Asyncio.asCompleted timed out with " + (tasks.length - emitted)
                        + " of " + tasks.length + " tasks not done; they keep running"));
            }
        }

        /** Ends normally or with the timeout: the tasks are left as they are. */
        private void finish() {
            terminated = true;
            disarmTimer();
            unlinkCallbacks();
            leaveTask();
        }

        /** Ends by cancellation: the tasks this Flux made and that are not done are cancelled. */
        private void stop(@Nullable CancelledException cause) {
            terminated = true;
            done.clear();
            disarmTimer();
            unlinkCallbacks();
            leaveTask();
            String msg = cause == null ? null : cause.getMessage();
            for (int i = 0; i < tasks.length; i++) {
                if (made[i] && !tasks[i].isDone()) {
                    tasks[i].cancel(msg);
                }
            }
        }

        /** Reactor cancellation: stop, cancelling only what this Flux made. */
        @Override
        public void cancel() {
            if (!loop.inLoop()) {
                try {
                    loop.execute(this::cancel);
                } catch (RejectedExecutionException closed) {
                    // The loop closed: it cancelled every task already; nothing more to stop.
                    terminated = true;
                }
                return;
            }
            if (terminated) {
                if (cancelledBy != null) {
                    // The cancellation error was not delivered yet: now it never will be.
                    cancelledBy = null;
                }
                return;
            }
            stop(null);
        }

        /**
         * The subscribing task is being cancelled (or a scope around this Flux): cancel what this
         * Flux made and deliver the {@link CancelledException} in a step of its own.
         */
        @Override
        boolean cancelFromTask(@Nullable String msg) {
            if (terminated) {
                return false;
            }
            CancelledException e = CancelledException.raisedBy(loop, msg);
            stop(e);
            cancelledBy = e;
            loop.enqueue(this);
            return true;
        }

        /** The step that delivers a cancellation taken by {@link #cancelFromTask}. */
        @Override
        public void run() {
            CancelledException e = cancelledBy;
            if (e == null) {
                return;
            }
            cancelledBy = null;
            Task<?> t = task;
            Task<?> previous = loop.enterStep(t);
            try {
                actual.onError(e);
            } finally {
                loop.exitStep(t, previous);
            }
        }

        private void disarmTimer() {
            Expiry e = expiry;
            if (e != null) {
                expiry = null;
                loop.removeTimer(e);
            }
        }

        private void unlinkCallbacks() {
            Completion[] cbs = callbacks;
            if (cbs == null) {
                return;
            }
            callbacks = null;
            for (int i = 0; i < cbs.length; i++) {
                tasks[i].unlink(cbs[i]);
            }
        }

        private void leaveTask() {
            Task<?> t = task;
            if (t != null) {
                t.removeAwaitPoint(this);
            }
        }

        @Override
        public CoreSubscriber<? super Task<T>> actual() {
            return actual;
        }

        @Override
        String describe() {
            return "asCompleted(" + remaining + " of " + (tasks == null ? 0 : tasks.length) + " not done)";
        }

        @Override
        @Nullable
        public Object scanUnsafe(Attr key) {
            if (key == Attr.TERMINATED) {
                return terminated && cancelledBy == null;
            }
            if (key == Attr.CANCELLED) {
                return terminated && emitted < (tasks == null ? 0 : tasks.length) && !timedOut;
            }
            if (key == Attr.BUFFERED) {
                return done.size();
            }
            if (key == Attr.REQUESTED_FROM_DOWNSTREAM) {
                return requested;
            }
            if (key == Attr.RUN_ON) {
                return loop;
            }
            if (key == Attr.RUN_STYLE) {
                return Attr.RunStyle.ASYNC;
            }
            return InnerSubscription.super.scanUnsafe(key);
        }
    }

    /** The done callback on each task. */
    static final class Completion extends Waiter {

        private final Iteration<?> iteration;
        private final Task<?> completed;

        Completion(Iteration<?> iteration, Task<?> completed) {
            this.iteration = iteration;
            this.completed = completed;
        }

        @Override
        public void run() {
            iteration.onCompletion(completed);
        }

        @Override
        String describe() {
            return "asCompleted callback on " + completed;
        }
    }

    /** The timeout's timer. */
    static final class Expiry extends TimerHandle {

        private final Iteration<?> iteration;

        Expiry(Iteration<?> iteration) {
            this.iteration = iteration;
        }

        @Override
        public void run() {
            iteration.onTimeout();
        }
    }
}
