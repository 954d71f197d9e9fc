package io.github.asyncio4j;

import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;
import org.jspecify.annotations.Nullable;
import reactor.util.concurrent.Queues;
import reactor.util.context.Context;

/**
 * A foreign publisher adopted by a task (the bridge's {@code Bridge.adopt}): it is subscribed from
 * the task, every signal it emits, on whatever thread, is delivered into the body on the task's
 * loop as a step of the task, and it is an await point: cancelling the task cancels the foreign
 * subscription and delivers a {@link CancelledException} into the body, where it can be handled
 * like any other.
 *
 * <p>Signals that break Reactive Streams (a signal after a terminal one) are dropped through
 * Reactor's {@code Operators.onNextDropped} / {@code onErrorDropped}; an error that arrives after
 * the adoption was cancelled goes to {@code onErrorDropped}; values that arrive after it was
 * cancelled (which Reactive Streams allows), and values still queued when it is cancelled, go to
 * Reactor's discard hook ({@code Operators.onDiscard}), so pooled buffers such as Netty's are
 * released. None of them reaches the body.
 *
 * <p>The foreign publisher may itself contain asyncio4j await points of the same task (a Spring
 * handler chain that awaits a sleep, an adoption inside an adoption). It is subscribed in a cancel
 * scope of its own, so the adoption can see them: when the task is cancelled while such inner
 * await points exist, they take the {@link CancelledException}, which flows out through the
 * foreign publisher to the body, and the adoption leaves its upstream alone, so the inner
 * cleanup can run to its end (as in CPython, where the cancellation is thrown into the innermost
 * await). Only an adoption with nothing of ours inside cancels its upstream itself.
 */
final class Adopt {

    private Adopt() {
    }

    static <T> Mono<T> mono(Publisher<T> foreign) {
        Objects.requireNonNull(foreign, "foreign");
        return new AdoptMono<>(foreign);
    }

    static <T> Flux<T> flux(Publisher<T> foreign) {
        Objects.requireNonNull(foreign, "foreign");
        return new AdoptFlux<>(foreign);
    }

    static final class AdoptMono<T> extends Mono<T> {
        private final Publisher<T> source;

        AdoptMono(Publisher<T> source) {
            this.source = source;
        }

        @Override
        public void subscribe(CoreSubscriber<? super T> actual) {
            start(source, actual, "Bridge.adopt");
        }
    }

    static final class AdoptFlux<T> extends Flux<T> {
        private final Publisher<T> source;

        AdoptFlux(Publisher<T> source) {
            this.source = source;
        }

        @Override
        public void subscribe(CoreSubscriber<? super T> actual) {
            start(source, actual, "Bridge.adopt");
        }
    }

    private static <T> void start(Publisher<T> source, CoreSubscriber<? super T> actual, String what) {
        Object scope = actual.currentContext().getOrDefault(CancelScope.KEY, null);
        Task<?> task = CancelScope.taskOf(scope);
        EventLoop loop = task != null ? task.loop : EventLoop.currentOrNull();
        if (loop == null) {
            Operators.error(actual, new IllegalStateException(Failures.noRunningLoop(what)));
            return;
        }
        Adopter<T> a = new Adopter<>(loop, actual, task, CancelScope.scopeOf(scope));
        actual.onSubscribe(a);
        if (loop.inLoop()) {
            a.register();
        } else {
            loop.execute(a::register);
        }
        source.subscribe(a);
    }

    /**
     * Subscriber of the foreign publisher and subscription of the body, in one object; signals
     * cross to the loop through a single-producer queue drained by one loop callback at a time.
     */
    static final class Adopter<T> extends Waiter implements CoreSubscriber<T>, InnerSubscription<T> {

        @SuppressWarnings("rawtypes")
        private static final AtomicIntegerFieldUpdater<Adopter> WIP =
                AtomicIntegerFieldUpdater.newUpdater(Adopter.class, "wip");
        @SuppressWarnings("rawtypes")
        private static final AtomicLongFieldUpdater<Adopter> REQUESTED =
                AtomicLongFieldUpdater.newUpdater(Adopter.class, "requested");

        private final EventLoop loop;
        private final CoreSubscriber<? super T> actual;
        private final Queue<T> queue = Queues.<T>unbounded(Queues.SMALL_BUFFER_SIZE).get();
        private final Operators.DeferredSubscription upstream = new Operators.DeferredSubscription();

        private volatile int wip;
        private volatile long requested;
        /** Upstream terminated (written before the queue drain sees it). */
        private volatile boolean done;
        @Nullable
        private Throwable error;
        /** Set by the task's cancellation: deliver it instead of anything else. */
        @Nullable
        private volatile CancelledException cancelledBy;
        /** The body cancelled, or the adoption ended: deliver nothing more. */
        private volatile boolean finished;
        private boolean registered;
        /** The scope the foreign publisher runs in, so await points inside it are told apart; null outside a task. */
        @Nullable
        private final CancelScope inner;
        private final Context upstreamContext;

        Adopter(EventLoop loop, CoreSubscriber<? super T> actual, @Nullable Task<?> task, @Nullable CancelScope scope) {
            this.loop = loop;
            this.actual = actual;
            this.task = task;
            this.scope = scope;
            this.inner = task != null ? new Inner(task, scope, this) : null;
            this.upstreamContext = inner != null ? actual.currentContext().put(CancelScope.KEY, inner) : actual.currentContext();
        }

        void register() {
            if (task != null && !finished) {
                registered = true;
                task.addAwaitPoint(this);
            }
        }

        private void unregister() {
            if (registered) {
                registered = false;
                task.removeAwaitPoint(this);
            }
        }

        // --- upstream (any thread) -----------------------------------------------------------

        @Override
        public Context currentContext() {
            return upstreamContext;
        }

        @Override
        public void onSubscribe(Subscription s) {
            upstream.set(s);
        }

        @Override
        public void onNext(T t) {
            if (done) {
                Operators.onNextDropped(t, actual.currentContext());
                return;
            }
            if (finished || cancelledBy != null) {
                Operators.onDiscard(t, actual.currentContext());
                return;
            }
            queue.offer(t);
            drainLater();
        }

        @Override
        public void onError(Throwable t) {
            if (done || finished) {
                Operators.onErrorDropped(t, actual.currentContext());
                return;
            }
            error = t;
            done = true;
            drainLater();
        }

        @Override
        public void onComplete() {
            if (done || finished) {
                return;
            }
            done = true;
            drainLater();
        }

        private void drainLater() {
            if (WIP.getAndIncrement(this) != 0) {
                return;
            }
            if (loop.inLoop()) {
                run();
            } else {
                try {
                    loop.execute(this);
                } catch (java.util.concurrent.RejectedExecutionException closed) {
                    // The loop has closed, and its task is done: a signal still on its way (the
                    // onComplete that follows a Mono's value, which already ended the body) has
                    // nobody left to deliver to. The rejection itself is nobody's error; an error
                    // of the publisher's is dropped as itself, values are discarded.
                    finished = true;
                    upstream.cancel();
                    discardQueued();
                    Throwable e = error;
                    if (e != null) {
                        Operators.onErrorDropped(e, actual.currentContext());
                    }
                }
            }
        }

        // --- the loop ------------------------------------------------------------------------

        /** Drains what arrived, as a step of the task. */
        @Override
        public void run() {
            Task<?> t = task;
            Task<?> previous = t != null ? loop.enterStep(t) : null;
            try {
                drain();
            } finally {
                if (t != null) {
                    loop.exitStep(t, previous);
                }
            }
        }

        private void drain() {
            int missed = 1;
            for (;;) {
                if (finished) {
                    discardQueued();
                } else {
                    // As in a sleep: a cancel() that arrived after this adoption took the first one
                    // is delivered with it, as one CancelledException (SE-04).
                    CancelledException pending = task != null ? task.takePendingCancel(scope) : null;
                    CancelledException c = cancelledBy != null ? cancelledBy : pending;
                    if (c != null) {
                        finish();
                        upstream.cancel();
                        discardQueued();
                        actual.onError(c);
                    } else {
                        emit();
                    }
                }
                missed = WIP.addAndGet(this, -missed);
                if (missed == 0) {
                    return;
                }
            }
        }

        private void emit() {
            long r = requested;
            long e = 0;
            while (e != r) {
                if (finished) {
                    return;
                }
                boolean d = done;
                T v = queue.poll();
                if (v == null) {
                    if (d) {
                        terminate();
                    }
                    return;
                }
                actual.onNext(v);
                e++;
            }
            if (done && queue.isEmpty() && !finished) {
                terminate();
            }
            if (e != 0 && r != Long.MAX_VALUE) {
                REQUESTED.addAndGet(this, -e);
            }
        }

        private void terminate() {
            finish();
            Throwable t = error;
            if (t != null) {
                actual.onError(t);
            } else {
                actual.onComplete();
            }
        }

        private void finish() {
            finished = true;
            unregister();
        }

        /** Values that will never be delivered go to Reactor's discard hook (loop thread: the queue's consumer). */
        private void discardQueued() {
            Operators.onDiscardQueueWithClear(queue, actual.currentContext(), null);
        }

        /** The task is cancelled: stop the foreign work and deliver the cancellation at the next step. */
        @Override
        boolean cancelFromTask(@Nullable String msg) {
            if (finished || cancelledBy != null) {
                return false;
            }
            if (task.hasAwaitPointsIn(inner)) {
                // The work inside takes the cancellation (it is in the same snapshot of await
                // points) and reports it, or what it makes of it, through this adoption.
                return false;
            }
            cancelledBy = CancelledException.raisedBy(loop, msg);
            upstream.cancel();
            if (WIP.getAndIncrement(this) == 0) {
                loop.enqueue(this);
            }
            return true;
        }

        // --- downstream ----------------------------------------------------------------------

        @Override
        public void request(long n) {
            if (Operators.validate(n)) {
                Operators.addCap(REQUESTED, this, n);
                upstream.request(n);
                drainLater();
            }
        }

        @Override
        public void cancel() {
            if (finished) {
                return;
            }
            finished = true;
            upstream.cancel();
            if (loop.inLoop()) {
                unregister();
                discardQueued();
                return;
            }
            try {
                loop.execute(() -> {
                    unregister();
                    discardQueued();
                });
            } catch (java.util.concurrent.RejectedExecutionException closed) {
                // The loop is gone, and with it the task and the queue's consumer: release here.
                discardQueued();
            }
        }

        @Override
        public CoreSubscriber<? super T> actual() {
            return actual;
        }

        @Override
        String describe() {
            return "adopted " + upstream;
        }

        /** The scope of the foreign publisher's own await points. */
        private static final class Inner extends CancelScope {
            private final Adopter<?> adopter;

            Inner(Task<?> task, @Nullable CancelScope parent, Adopter<?> adopter) {
                super(task, parent);
                this.adopter = adopter;
            }

            @Override
            void cancelForeign(@Nullable String msg) {
                adopter.cancelFromTask(msg);
            }
        }

        @Override
        @Nullable
        public Object scanUnsafe(Attr key) {
            if (key == Attr.PARENT) {
                return upstream;
            }
            if (key == Attr.RUN_ON) {
                return loop;
            }
            if (key == Attr.TERMINATED) {
                return finished && !upstreamCancelled();
            }
            if (key == Attr.CANCELLED) {
                return upstreamCancelled();
            }
            if (key == Attr.BUFFERED) {
                return queue.size();
            }
            if (key == Attr.REQUESTED_FROM_DOWNSTREAM) {
                return requested;
            }
            if (key == Attr.RUN_STYLE) {
                return Attr.RunStyle.ASYNC;
            }
            return InnerSubscription.super.scanUnsafe(key);
        }

        private boolean upstreamCancelled() {
            return Boolean.TRUE.equals(upstream.scanUnsafe(Attr.CANCELLED));
        }
    }
}
