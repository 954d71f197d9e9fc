package io.github.asyncio4j;

import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;
import org.jspecify.annotations.Nullable;
import reactor.util.context.Context;

/** {@link AsyncQueue#get()}: CPython 3.13's {@code Queue.get}, with items promised to woken getters. */
final class MonoQueueGet<T> extends Mono<T> {

    private final AsyncQueue<T> queue;

    MonoQueueGet(AsyncQueue<T> queue) {
        this.queue = queue;
    }

    @Override
    public void subscribe(CoreSubscriber<? super T> actual) {
        Context context = actual.currentContext();
        EventLoop loop = queue.binding.enter(actual, context, queue, ".get()");
        if (loop == null) {
            return;
        }
        if (loop.inLoop() && queue.hasFreeItem()) {
            // The uncontended get (CPython: get() of a non-empty queue returns without suspending)
            // takes its item at once and hands it over without an AwaitOp.
            actual.onSubscribe(new Taken<>(actual, queue, queue.getNowaitHere()));
            return;
        }
        new Getter<>(actual, loop, context, queue).subscribeAndStart();
    }

    /**
     * The subscription of a get() that took its item at subscription: emits it on the first
     * request; cancelled before that, it puts the item back at the front of the queue, as a getter
     * whose subscriber left does ({@link Getter#undelivered}). {@code request} and {@code cancel}
     * may come from any thread: they race through one compare-and-set on the item field, which
     * then holds {@link #DELIVERED} or {@link #CANCELLED} (three fields: one object of 24 bytes
     * per uncontended get).
     */
    static final class Taken<T> implements InnerSubscription<T> {

        private static final Object DELIVERED = new Object();
        private static final Object CANCELLED = new Object();

        @SuppressWarnings("rawtypes")
        private static final AtomicReferenceFieldUpdater<Taken, Object> ITEM =
                AtomicReferenceFieldUpdater.newUpdater(Taken.class, Object.class, "item");

        private final CoreSubscriber<? super T> actual;
        private final AsyncQueue<T> queue;
        /** The item while held, then {@link #DELIVERED} or {@link #CANCELLED}. */
        private volatile Object item;

        Taken(CoreSubscriber<? super T> actual, AsyncQueue<T> queue, T item) {
            this.actual = actual;
            this.queue = queue;
            this.item = item;
        }

        @Override
        public void request(long n) {
            if (!Operators.validate(n)) {
                return;
            }
            Object v = item;
            if (v != DELIVERED && v != CANCELLED && ITEM.compareAndSet(this, v, DELIVERED)) {
                @SuppressWarnings("unchecked")
                T t = (T) v;
                actual.onNext(t);
                actual.onComplete();
            }
        }

        @Override
        public void cancel() {
            Object v = item;
            if (v != DELIVERED && v != CANCELLED && ITEM.compareAndSet(this, v, CANCELLED)) {
                @SuppressWarnings("unchecked")
                T t = (T) v;
                // A closed loop runs nothing any more: the item stays with a queue nobody serves.
                LoopBinding.runOnLoop(queue.binding.loop(), () -> queue.putBackHere(t));
            }
        }

        @Override
        public CoreSubscriber<? super T> actual() {
            return actual;
        }

        @Override
        @Nullable
        public Object scanUnsafe(Attr key) {
            if (key == Attr.TERMINATED) {
                return item == DELIVERED;
            }
            if (key == Attr.CANCELLED) {
                return item == CANCELLED;
            }
            if (key == Attr.RUN_STYLE) {
                return Attr.RunStyle.SYNC;
            }
            if (key == Attr.NAME) {
                return queue.getClass().getSimpleName() + ".get()";
            }
            return InnerSubscription.super.scanUnsafe(key);
        }

        @Override
        public String toString() {
            return queue.getClass().getSimpleName() + ".get()";
        }
    }

    /** One task getting an item. */
    static final class Getter<T> extends AsyncQueue.QueueWaiter<T> {

        private static final int NEW = 0;
        private static final int WAITING = 1;
        private static final int GONE = 2;

        private final AsyncQueue<T> queue;
        private int phase = NEW;

        Getter(CoreSubscriber<? super T> actual, EventLoop loop, Context context, AsyncQueue<T> queue) {
            super(actual, loop, context);
            this.queue = queue;
        }

        @Override
        void start() {
            if (queue.hasFreeItem()) {
                take();
            } else if (queue.shutdown) {
                phase = GONE;
                fail(queue.shutDown());
            } else {
                phase = WAITING;
                queue.getters.addLast(this);
                awaitFuture();
            }
        }

        @Override
        void resumed() {
            // The waker (a put, or shutdown) took us out of the line already.
            boolean wasPromised = promised;
            if (promised) {
                promised = false;
                queue.getClaims--;
            }
            if (wasPromised ? queue.items.size() > 0 : queue.hasFreeItem()) {
                take();
            } else if (queue.shutdown) {
                phase = GONE;
                fail(queue.shutDown());
            } else {
                // A getNowait() took the item we were promised: wait again, first in line as we were.
                queue.getters.addFirst(this);
                awaitFuture();
            }
        }

        private void take() {
            phase = GONE;
            succeed(queue.getNowaitHere());
        }

        @Override
        void interrupted(Throwable error) {
            leave();
            fail(error);
        }

        @Override
        void abandon() {
            if (phase == WAITING) {
                leave();
            }
        }

        /** Leaves the line without an item; an item we were promised goes to the next getter. */
        private void leave() {
            phase = GONE;
            queue.getters.remove(this);
            if (promised) {
                promised = false;
                queue.getClaims--;
                queue.wakeUpNextGetter();
            }
        }

        @Override
        void undelivered(T item) {
            queue.putBackHere(item);
        }

        @Override
        String describe() {
            return queue.getClass().getSimpleName() + ".get()";
        }
    }
}
