package io.github.asyncio4j;

import reactor.core.CoreSubscriber;
import reactor.core.Scannable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;
import org.jspecify.annotations.Nullable;

/**
 * asyncio's {@code shield}: {@link Asyncio#shield(Mono)}.
 *
 * <p>A port of CPython's: the awaitable becomes a future ({@code ensure_future}: a plain Mono runs
 * as a new task); if that is done already it is awaited as it is (SHIELD-01), else the subscriber
 * awaits a new outer future that mirrors the inner one (SHIELD-02). Cancelling the subscriber
 * cancels only the outer future: the inner goes on (SHIELD-03). As in CPython, the outer's callback
 * on the inner is removed by a done callback of the outer (so shielding a long-lived task many
 * times leaves nothing behind); an inner that ends before that callback runs has its outcome dropped
 * and a failure marked retrieved, while a failure that comes later is the inner's own: awaited by
 * whoever holds the task, or else reported as never retrieved, as CPython 3.11-3.13 report it.
 */
final class Shield<T> extends Mono<T> implements Scannable {

    private final Mono<T> aw;

    Shield(Mono<T> aw) {
        this.aw = aw;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void subscribe(CoreSubscriber<? super T> actual) {
        AsyncFuture<T> inner;
        if (aw instanceof AsyncFuture<?> f) {
            inner = (AsyncFuture<T>) f;
        } else {
            EventLoop loop = EnsureFuture.subscriberLoop(actual.currentContext());
            if (loop == null) {
                // SHIELD-04: a plain Mono needs a loop to run on as a task.
                Operators.error(actual, new IllegalStateException(Failures.noRunningLoop("Asyncio.shield")));
                return;
            }
            inner = loop.createTask(aw);
        }
        if (inner.isDone()) {
            inner.subscribe(actual);
            return;
        }
        ShieldFuture<T> outer = new ShieldFuture<>(inner);
        try {
            inner.loop.runOnLoop(outer::listen);
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            Operators.error(actual, closed);
            return;
        }
        outer.subscribe(actual);
    }

    @Override
    @Nullable
    public Object scanUnsafe(Attr key) {
        if (key == Attr.PARENT) {
            return aw;
        }
        if (key == Attr.RUN_STYLE) {
            return Attr.RunStyle.ASYNC;
        }
        return null;
    }

    /** The outer future: mirrors the inner one, but its cancellation stays its own. */
    static final class ShieldFuture<T> extends AsyncFuture<T> {

        private final AsyncFuture<T> inner;
        private final Callback onInner = new Callback(this, true);

        ShieldFuture(AsyncFuture<T> inner) {
            super(inner.loop);
            this.inner = inner;
        }

        /** Puts the callback on the inner future (loop thread). */
        void listen() {
            if (isDone()) {
                return;
            }
            if (inner.isDone()) {
                loop.enqueue(onInner);
            } else {
                inner.link(onInner);
            }
        }

        /** CPython's {@code _inner_done_callback} (loop thread). */
        void innerDone() {
            if (isDone()) {
                // The outer was cancelled first: the inner's failure is retrieved here, not reported.
                if (inner.state == FAILED) {
                    inner.markRetrieved();
                }
                return;
            }
            switch (inner.state) {
                case CANCELLED:
                    // As CPython: cancelling the inner cancels the outer (SE-15), without the message.
                    cancel();
                    return;
                case FAILED:
                    inner.markRetrieved();
                    complete(FAILED, inner.outcome);
                    return;
                default:
                    complete(SUCCEEDED, inner.outcome);
            }
        }

        /** Schedules CPython's {@code _outer_done_callback}, a done callback of the outer future. */
        @Override
        void onDone() {
            loop.enqueue(new Callback(this, false));
        }

        /** CPython's {@code _outer_done_callback}: stop listening to an inner that is still running. */
        void outerDone() {
            if (!inner.isDone()) {
                inner.unlink(onInner);
            }
        }

        @Override
        public String toString() {
            return "<Shield " + stateName() + " of " + inner + '>';
        }
    }

    /** The done callback on the inner future, or the one on the outer future. */
    static final class Callback extends Waiter {

        private final ShieldFuture<?> outer;
        private final boolean ofInner;

        Callback(ShieldFuture<?> outer, boolean ofInner) {
            this.outer = outer;
            this.ofInner = ofInner;
        }

        @Override
        public void run() {
            if (ofInner) {
                outer.innerDone();
            } else {
                outer.outerDone();
            }
        }

        @Override
        String describe() {
            return (ofInner ? "shield callback on the inner of " : "shield callback on ") + outer;
        }
    }
}
