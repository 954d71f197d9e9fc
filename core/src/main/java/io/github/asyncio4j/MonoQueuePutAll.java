package io.github.asyncio4j;

import java.util.ArrayDeque;
import java.util.concurrent.CancellationException;
import java.util.concurrent.RejectedExecutionException;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;
import org.jspecify.annotations.Nullable;
import reactor.util.context.Context;

/**
 * {@link AsyncQueue#putAll(Publisher)}: {@code async for item in source: await queue.put(item)}
 * with backpressure. The source is asked for as many items as the queue has room for, and for more
 * only once those are in the queue, so it is held back exactly as long as the queue is full, and
 * runs, as CPython's producer does, without a hop through the loop while there is room.
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
        Context context = actual.currentContext();
        EventLoop loop = queue.binding.enter(actual, context, queue, ".putAll()");
        if (loop == null) {
            return;
        }
        PutAll<T> p = new PutAll<>(actual, context, loop, queue);
        actual.onSubscribe(p);
        source.subscribe(p);
    }

    /**
     * The subscription handed downstream and the subscriber of the source. Source signals may come
     * from any thread; each is handled on the loop, where all the state below lives.
     *
     * <p>The source is asked for as many items as the queue has room for (at least one, as the
     * coroutine pulls its next item before it awaits the put; {@link #UNBOUNDED_BATCH} for an
     * unbounded queue), and asked again once all of them are in. While there is room, an item goes
     * straight into the queue as it arrives, as an uncontended {@code put()} does; the first one
     * that finds no room waits as one {@code put()} in the line of putters, and those that arrive
     * behind it wait in {@link #pending}, in order, to be put after it.
     */
    static final class PutAll<T> implements InnerSubscription<Void>, CoreSubscriber<T> {

        /** How many items to ask for at a time when the queue is unbounded. */
        static final int UNBOUNDED_BATCH = 256;

        private final CoreSubscriber<? super Void> actual;
        private final EventLoop loop;
        private final AsyncQueue<T> queue;
        private final Putting putting = new Putting();
        /** The downstream's Context, read once: each put that waits asks for it. */
        private final Context context;
        private volatile boolean cancelled;
        @Nullable
        private volatile Subscription upstream;
        /** The put in flight (one that waits for room). */
        @Nullable
        private volatile Subscription put;
        // Loop thread only:
        /** A put is in flight: items that arrive meanwhile go to {@link #pending}. */
        private boolean busy;
        /** Items received behind the put in flight, in order; made at the first one. */
        @Nullable
        private ArrayDeque<T> pending;
        /** Items asked of the source and not received yet. */
        private long outstanding;
        private boolean sourceDone;
        @Nullable
        private Throwable sourceError;
        private boolean done;

        PutAll(CoreSubscriber<? super Void> actual, Context context, EventLoop loop, AsyncQueue<T> queue) {
            this.actual = actual;
            this.context = context;
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
            // A closed loop runs nothing any more: the pending items stay with a queue nobody serves.
            LoopBinding.runOnLoop(loop, this::discardPending);
        }

        // -- the source --

        @Override
        public Context currentContext() {
            return context;
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
            if (!LoopBinding.runOnLoop(loop, this::requestMore)) {
                loopClosed();
            }
        }

        @Override
        public void onNext(T item) {
            if (loop.inLoop()) {
                // The common case (a source on the loop thread), tested first: no Runnable per item.
                putItem(item);
            } else if (!LoopBinding.runOnLoop(loop, () -> putItem(item))) {
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

        /** Asks the source for the room there is, once everything asked before is in (loop thread). */
        private void requestMore() {
            if (done || cancelled || busy || outstanding > 0 || (pending != null && !pending.isEmpty())) {
                return;
            }
            Subscription s = upstream;
            if (s == null) {
                return;
            }
            long n;
            int max = queue.maxsize();
            if (max <= 0) {
                n = UNBOUNDED_BATCH;
            } else {
                n = Math.max(1, max - queue.items.size() - queue.putClaims);
            }
            outstanding = n;
            s.request(n);
        }

        private void putItem(T item) {
            if (done || cancelled) {
                Operators.onDiscard(item, actual.currentContext());
                return;
            }
            outstanding--;
            if (busy) {
                ArrayDeque<T> p = pending;
                if (p == null) {
                    p = new ArrayDeque<>();
                    pending = p;
                }
                p.addLast(item);
                return;
            }
            if (offer(item) && outstanding <= 0) {
                requestMore();
            }
        }

        /**
         * Puts {@code item}: at once if there is room nobody was promised (the uncontended put),
         * else through a {@code put()} that waits in line.
         *
         * @return whether it is in, so the next one may follow
         */
        private boolean offer(T item) {
            if (!queue.shutdown && queue.hasFreeSlot()) {
                try {
                    queue.putNowaitHere(item);
                } catch (RuntimeException refused) {
                    // An item the storage refuses (a PriorityQueue item it cannot compare).
                    putFailed(refused);
                    return false;
                }
                return true;
            }
            busy = true;
            queue.put(item).subscribe(putting);
            return !busy && !done;
        }

        private void sourceFailed(Throwable e) {
            if (busy) {
                // What was put stays put: let the put in flight and the items behind it go in first.
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
            // The items that arrived behind the put, in order, each at once while there is room.
            ArrayDeque<T> p = pending;
            if (p != null) {
                T next;
                while ((next = p.pollFirst()) != null) {
                    if (!offer(next)) {
                        return;
                    }
                }
            }
            if (busy || done) {
                // A put that completed at once re-entered here and went on from there.
                return;
            }
            if (sourceError != null) {
                finish(sourceError);
            } else if (sourceDone) {
                finish(null);
            } else {
                requestMore();
            }
        }

        private void putFailed(Throwable e) {
            put = null;
            busy = false;
            discardPending();
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

        /** The items received but not put (loop thread): to the discard hook. */
        private void discardPending() {
            ArrayDeque<T> p = pending;
            if (p == null) {
                return;
            }
            T item;
            while ((item = p.pollFirst()) != null) {
                Operators.onDiscard(item, actual.currentContext());
            }
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
                return context;
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
