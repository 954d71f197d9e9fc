package io.github.asyncio4j.bridge;

import io.github.asyncio4j.EventLoop;
import io.github.asyncio4j.ExceptionGroup;
import io.github.asyncio4j.Task;
import io.github.asyncio4j.TaskGroup;
import io.github.asyncio4j.internal.Kernel;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.Exceptions;
import reactor.core.Scannable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;
import reactor.util.context.Context;

/**
 * {@link Bridge#mapConcurrent}: a bounded gather that keeps the source's order. One
 * {@link TaskGroup} per subscription; its body (the "driver") adopts the source, turns each element
 * into a child task, awaits the children in order and emits their values.
 *
 * <p>Every wait of the driver is an await point of the group's scope (the adopted source, and one
 * awaiter per running child), so the task's cancellation and the group's own (a child failed)
 * reach it like any asyncio4j await. The driver ends the group's body with the first failure it
 * sees; the group then cancels the other children and waits for them, and its outcome is mapped
 * back to that first failure.
 */
final class FluxMapConcurrent<T, R> extends Flux<R> implements Scannable {

    private final Flux<T> source;
    private final Function<? super T, ? extends Mono<? extends R>> fn;
    private final int limit;

    FluxMapConcurrent(Flux<T> source, Function<? super T, ? extends Mono<? extends R>> fn, int limit) {
        this.source = source;
        this.fn = fn;
        this.limit = limit;
    }

    @Override
    public void subscribe(CoreSubscriber<? super R> actual) {
        Task<?> task = Kernel.access().taskOf(actual.currentContext());
        if (task == null) {
            Operators.error(actual, new IllegalStateException("no running event loop: Bridge.mapConcurrent runs its "
                    + "tasks in a TaskGroup of the task that subscribes it. Subscribe it inside a task: from "
                    + "Asyncio.run(...), EventLoop.spawn(...)/submit(...)/createTask(...), or a request that passed "
                    + "through AsyncioWebFilter"));
            return;
        }
        Coordinator<T, R> c = new Coordinator<>(actual, source, fn, limit, task);
        actual.onSubscribe(c);
        TaskGroup.run(c::driver).subscribe(c);
    }

    @Override
    @Nullable
    public Object scanUnsafe(Attr key) {
        if (key == Attr.PARENT) {
            return source;
        }
        if (key == Attr.PREFETCH) {
            return limit;
        }
        if (key == Attr.RUN_STYLE) {
            return Attr.RunStyle.ASYNC;
        }
        return null;
    }

    /**
     * The downstream's subscription, the subscriber of the group's Mono, and the driver's state.
     * Everything but {@link #requested} and {@link #cancelled} is touched on the loop thread only.
     */
    static final class Coordinator<T, R> implements CoreSubscriber<Void>, Subscription, Scannable {

        @SuppressWarnings("rawtypes")
        private static final AtomicLongFieldUpdater<Coordinator> REQUESTED =
                AtomicLongFieldUpdater.newUpdater(Coordinator.class, "requested");

        private final CoreSubscriber<? super R> actual;
        private final Flux<T> source;
        private final Function<? super T, ? extends Mono<? extends R>> fn;
        private final int limit;
        private final Task<?> task;
        private final EventLoop loop;
        private final Operators.DeferredSubscription group = new Operators.DeferredSubscription();

        private volatile long requested;
        private volatile boolean cancelled;

        // --- the driver: loop thread only -------------------------------------------------------
        /** The group's subscriber of the driver (the body of the group); null until the group starts it. */
        private CoreSubscriber<? super Void> body;
        private Context bodyContext;
        private TaskGroup taskGroup;
        private Upstream upstream;
        /** Children in the source's order, from start until their value is emitted. */
        private final ArrayDeque<Slot> slots = new ArrayDeque<>();
        private boolean upstreamDone;
        /** The driver has ended the group's body (completed, failed, or was cancelled). */
        private boolean stopped;
        /** The first failure the driver saw: the Flux errors with it. */
        @Nullable
        private Throwable failure;
        private boolean draining;
        private boolean missed;

        Coordinator(CoreSubscriber<? super R> actual, Flux<T> source, Function<? super T, ? extends Mono<? extends R>> fn,
                    int limit, Task<?> task) {
            this.actual = actual;
            this.source = source;
            this.fn = fn;
            this.limit = limit;
            this.task = task;
            this.loop = task.loop();
        }

        /** The group's body: called by {@link TaskGroup#run} on the loop thread. */
        Mono<Void> driver(TaskGroup tg) {
            taskGroup = tg;
            return new Mono<Void>() {
                @Override
                public void subscribe(CoreSubscriber<? super Void> s) {
                    startDriver(s);
                }
            };
        }

        private void startDriver(CoreSubscriber<? super Void> s) {
            body = s;
            bodyContext = s.currentContext();
            s.onSubscribe(new DriverSubscription());
            if (cancelled) {
                stop();
                return;
            }
            upstream = new Upstream();
            Bridge.adopt(source).subscribe(upstream);
        }

        // --- the source -------------------------------------------------------------------------

        void onElement(T t) {
            if (stopped) {
                Operators.onDiscard(t, bodyContext);
                return;
            }
            Task<? extends R> child;
            try {
                Mono<? extends R> work = Objects.requireNonNull(fn.apply(t),
                        () -> "the function given to Bridge.mapConcurrent returned null for " + t + ": it must return a Mono");
                child = taskGroup.createTask(work);
            } catch (Throwable e) {
                Exceptions.throwIfJvmFatal(e);
                fail(e);
                return;
            }
            Slot slot = new Slot();
            slots.add(slot);
            child.subscribe(slot);
        }

        void onSourceDone() {
            upstreamDone = true;
            drain();
        }

        // --- the children -----------------------------------------------------------------------

        /** Emits, in order, what is done and requested; frees places; ends the body when all is done. */
        void drain() {
            if (draining) {
                missed = true;
                return;
            }
            draining = true;
            try {
                do {
                    missed = false;
                    drainOnce();
                } while (missed);
            } finally {
                draining = false;
            }
        }

        private void drainOnce() {
            if (stopped) {
                return;
            }
            long r = requested;
            long emitted = 0;
            int freed = 0;
            Slot head;
            while ((head = slots.peek()) != null && head.done) {
                R v = head.value;
                if (v != null && emitted == r) {
                    break;
                }
                slots.poll();
                freed++;
                if (v != null) {
                    head.value = null;
                    actual.onNext(v);
                    emitted++;
                    if (stopped) {
                        return;
                    }
                }
            }
            if (emitted != 0 && r != Long.MAX_VALUE) {
                REQUESTED.addAndGet(this, -emitted);
            }
            if (upstreamDone && slots.isEmpty()) {
                stopped = true;
                body.onComplete();
            } else if (freed != 0 && !upstreamDone) {
                upstream.request(freed);
            }
        }

        /** The first failure: stop everything of ours and end the group's body with it. */
        void fail(Throwable e) {
            if (stopped) {
                // After the first failure every child is being cancelled; the group reports their
                // own failures, and a failure of ours cannot happen (the source is cancelled).
                Operators.onErrorDropped(e, bodyContext);
                return;
            }
            failure = e;
            stop();
            body.onError(e);
        }

        /** Cancels the source and our awaits (which cancels the children still running). */
        private void stop() {
            stopped = true;
            Upstream u = upstream;
            if (u != null) {
                u.cancel();
            }
            Slot s;
            while ((s = slots.poll()) != null) {
                s.cancel();
            }
        }

        // --- the group's Mono: its outcome is the Flux's ------------------------------------------

        @Override
        public Context currentContext() {
            return actual.currentContext();
        }

        @Override
        public void onSubscribe(Subscription s) {
            group.set(s);
            group.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(Void v) {
            // The group's body never emits a value.
        }

        @Override
        public void onError(Throwable t) {
            if (!cancelled) {
                actual.onError(firstFailure(t, failure));
            }
        }

        @Override
        public void onComplete() {
            if (!cancelled) {
                actual.onComplete();
            }
        }

        /**
         * The group ends with an {@link ExceptionGroup} of every failure; the Flux errors with the
         * first one (ours if we failed first, else the group's first), carrying the others as suppressed.
         */
        static Throwable firstFailure(Throwable groupError, @Nullable Throwable own) {
            if (!(groupError instanceof ExceptionGroup eg) || eg.exceptions().isEmpty()) {
                return groupError;
            }
            Throwable primary = own != null && !(own instanceof CancellationException) ? own : eg.exceptions().get(0);
            for (Throwable t : eg.exceptions()) {
                if (t != primary && !(t instanceof CancellationException)) {
                    primary.addSuppressed(t);
                }
            }
            return primary;
        }

        // --- the downstream's subscription (any thread) -------------------------------------------

        @Override
        public void request(long n) {
            if (!Operators.validate(n)) {
                return;
            }
            Operators.addCap(REQUESTED, this, n);
            if (loop.isClosed()) {
                return;
            }
            if (onLoop()) {
                drainAsStep();
                return;
            }
            try {
                loop.callSoonThreadsafe(this::drainAsStep);
            } catch (RejectedExecutionException closed) {
                // The loop closed meanwhile, cancelling the task and with it this Flux's group.
                Operators.onErrorDropped(closed, actual.currentContext());
            }
        }

        /** Emits what the new demand allows, as a step of the task, so downstream code sees its task. */
        private void drainAsStep() {
            if (body == null) {
                return;
            }
            if (Task.current().orElse(null) == task) {
                drain();
            } else {
                Kernel.access().runAsStep(task, this::drain);
            }
        }

        private boolean onLoop() {
            return EventLoop.current().orElse(null) == loop;
        }

        @Override
        public void cancel() {
            if (cancelled) {
                return;
            }
            cancelled = true;
            group.cancel();
        }

        @Override
        @Nullable
        public Object scanUnsafe(Attr key) {
            if (key == Attr.ACTUAL) {
                return actual;
            }
            if (key == Attr.PARENT) {
                return group;
            }
            if (key == Attr.CANCELLED) {
                return cancelled;
            }
            if (key == Attr.TERMINATED) {
                return stopped && !cancelled;
            }
            if (key == Attr.REQUESTED_FROM_DOWNSTREAM) {
                return requested;
            }
            if (key == Attr.PREFETCH) {
                return limit;
            }
            if (key == Attr.BUFFERED) {
                return slots.size();
            }
            if (key == Attr.RUN_ON) {
                return loop;
            }
            if (key == Attr.RUN_STYLE) {
                return Attr.RunStyle.ASYNC;
            }
            return null;
        }

        /** The group cancels its body (Reactor-style: the group's Mono was cancelled). */
        private final class DriverSubscription implements Subscription {
            @Override
            public void request(long n) {
                Operators.validate(n);
            }

            @Override
            public void cancel() {
                if (onLoop()) {
                    stop();
                    return;
                }
                try {
                    loop.callSoonThreadsafe(Coordinator.this::stop);
                } catch (RejectedExecutionException closed) {
                    // The loop closed, cancelling every task of this group: nothing is left to stop.
                    Operators.onErrorDropped(closed, actual.currentContext());
                }
            }
        }

        /** The adopted source: signals arrive on the loop, in steps of the task. */
        private final class Upstream implements CoreSubscriber<T> {
            private Subscription s;
            private boolean cancelledByUs;

            @Override
            public Context currentContext() {
                return bodyContext;
            }

            @Override
            public void onSubscribe(Subscription s) {
                this.s = s;
                if (cancelledByUs) {
                    s.cancel();
                } else {
                    s.request(limit);
                }
            }

            void request(long n) {
                s.request(n);
            }

            void cancel() {
                cancelledByUs = true;
                Subscription sub = s;
                if (sub != null) {
                    sub.cancel();
                }
            }

            @Override
            public void onNext(T t) {
                onElement(t);
            }

            @Override
            public void onError(Throwable t) {
                fail(t);
            }

            @Override
            public void onComplete() {
                onSourceDone();
            }
        }

        /** The await of one child, in the source's order. */
        private final class Slot implements CoreSubscriber<R> {
            private Subscription s;
            private boolean cancelledByUs;
            @Nullable
            R value;
            boolean done;

            @Override
            public Context currentContext() {
                return bodyContext;
            }

            @Override
            public void onSubscribe(Subscription s) {
                this.s = s;
                if (cancelledByUs) {
                    s.cancel();
                } else {
                    s.request(1);
                }
            }

            void cancel() {
                cancelledByUs = true;
                Subscription sub = s;
                if (sub != null) {
                    sub.cancel();
                }
            }

            @Override
            public void onNext(R v) {
                value = v;
            }

            @Override
            public void onError(Throwable t) {
                if (!cancelledByUs) {
                    fail(t);
                }
            }

            @Override
            public void onComplete() {
                if (!cancelledByUs) {
                    done = true;
                    drain();
                }
            }
        }
    }
}
