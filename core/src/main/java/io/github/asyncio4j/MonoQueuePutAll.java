package io.github.asyncio4j;

import java.util.concurrent.CancellationException;
import java.util.concurrent.RejectedExecutionException;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;
import reactor.util.annotation.Nullable;
import reactor.util.context.Context;

/**
 * {@link AsyncQueue#putAll(Publisher)}: {@code async for item in source: await queue.put(item)}
 * with backpressure. The source is asked for one item at a time, and for the next only once the
 * previous one is in the queue, so it is held back exactly as long as the queue is full.
 */
final class MonoQueuePutAll<T> extends Mono<Void> {

    private final AsyncQueue<T> queue;
    private final Publisher<? extends T> source;

    MonoQueuePutAll(AsyncQueue<T> queue, Publisher<? extends T> source) {
        this.queue = queue;
        this.source = source;
    }

    @Override
    public void subscribe(CoreSubscriber<? super Void> actual) {
        EventLoop loop = queue.binding.enter(actual, queue, ".putAll()");
        if (loop == null) {
            return;
        }
        PutAll<T> p = new PutAll<>(actual, loop, queue);
        actual.onSubscribe(p);
        source.subscribe(p);
    }

    /**
     * The subscription handed downstream and the subscriber of the source. Source signals may come
     * from any thread; each is handled on the loop, where all the state below lives.
     */
    static final class PutAll<T> implements InnerSubscription<Void>, CoreSubscriber<T> {

        private final CoreSubscriber<? super Void> actual;
        private final EventLoop loop;
        private final AsyncQueue<T> queue;
        private final Putting putting = new Putting();
        private volatile boolean cancelled;
        @Nullable
        private volatile Subscription upstream;
        /** The put in flight. */
        @Nullable
        private volatile Subscription put;
        // Loop thread only:
        private boolean busy;
        private boolean sourceDone;
        @Nullable
        private Throwable sourceError;
        private boolean done;

        PutAll(CoreSubscriber<? super Void> actual, EventLoop loop, AsyncQueue<T> queue) {
            this.actual = actual;
            this.loop = loop;
            this.queue = queue;
        }

        // -- downstream --

        @Override
        public void request(long n) {
            Operators.validate(n);
        }

        @Override
        public void cancel() {
            if (cancelled) {
                return;
            }
            cancelled = true;
            Subscription s = upstream;
            if (s != null) {
                s.cancel();
            }
            Subscription p = put;
            if (p != null) {
                p.cancel();
            }
        }

        // -- the source --

        @Override
        public Context currentContext() {
            return actual.currentContext();
        }

        @Override
        public void onSubscribe(Subscription s) {
            if (!Operators.validate(upstream, s)) {
                return;
            }
            upstream = s;
            if (cancelled) {
                s.cancel();
                return;
            }
            s.request(1);
        }

        @Override
        public void onNext(T item) {
            if (!LoopBinding.runOnLoop(loop, () -> putItem(item))) {
                Operators.onDiscard(item, actual.currentContext());
                loopClosed();
            }
        }

        @Override
        public void onError(Throwable e) {
            if (!LoopBinding.runOnLoop(loop, () -> sourceFailed(e))) {
                Operators.onErrorDropped(e, actual.currentContext());
                loopClosed();
            }
        }

        @Override
        public void onComplete() {
            if (!LoopBinding.runOnLoop(loop, this::sourceCompleted)) {
                loopClosed();
            }
        }

        /**
         * The loop has closed: the first source signal that cannot reach it ends the put with the
         * rejection and stops the source; a later one (the onComplete after a value) has nobody
         * left to tell, and is not a second error.
         */
        private void loopClosed() {
            if (done) {
                return;
            }
            Subscription s = upstream;
            if (s != null) {
                s.cancel();
            }
            finish(new RejectedExecutionException("event loop is closed"));
        }

        private void putItem(T item) {
            if (done || cancelled) {
                Operators.onDiscard(item, actual.currentContext());
                return;
            }
            busy = true;
            queue.put(item).subscribe(putting);
        }

        private void sourceFailed(Throwable e) {
            if (busy) {
                // What was put stays put: let the put in flight end first.
                sourceError = e;
            } else {
                finish(e);
            }
        }

        private void sourceCompleted() {
            if (busy) {
                sourceDone = true;
            } else {
                finish(null);
            }
        }

        private void putDone() {
            put = null;
            busy = false;
            if (done || cancelled) {
                return;
            }
            if (sourceError != null) {
                finish(sourceError);
            } else if (sourceDone) {
                finish(null);
            } else {
                Subscription s = upstream;
                if (s != null) {
                    s.request(1);
                }
            }
        }

        private void putFailed(Throwable e) {
            put = null;
            busy = false;
            if (cancelled) {
                if (!(e instanceof CancellationException)) {
                    Operators.onErrorDropped(e, actual.currentContext());
                }
                return;
            }
            Subscription s = upstream;
            if (s != null) {
                s.cancel();
            }
            finish(e);
        }

        private void finish(@Nullable Throwable e) {
            if (done) {
                if (e != null) {
                    Operators.onErrorDropped(e, actual.currentContext());
                }
                return;
            }
            done = true;
            if (cancelled) {
                return;
            }
            if (e == null) {
                actual.onComplete();
            } else {
                actual.onError(e);
            }
        }

        @Override
        public CoreSubscriber<? super Void> actual() {
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
            if (key == Attr.RUN_ON) {
                return loop;
            }
            if (key == Attr.RUN_STYLE) {
                return Attr.RunStyle.ASYNC;
            }
            return InnerSubscription.super.scanUnsafe(key);
        }

        @Override
        public String toString() {
            return queue.getClass().getSimpleName() + ".putAll()";
        }

        /** The subscriber of each put in turn (one at a time, on the loop thread). */
        final class Putting implements CoreSubscriber<Void> {

            @Override
            public Context currentContext() {
                return actual.currentContext();
            }

            @Override
            public void onSubscribe(Subscription s) {
                put = s;
                if (cancelled) {
                    s.cancel();
                    return;
                }
                s.request(1);
            }

            @Override
            public void onNext(Void v) {
                // A put completes empty.
            }

            @Override
            public void onError(Throwable e) {
                putFailed(e);
            }

            @Override
            public void onComplete() {
                putDone();
            }
        }
    }
}
