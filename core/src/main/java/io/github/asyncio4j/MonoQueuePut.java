package io.github.asyncio4j;

import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;
import reactor.util.context.Context;

/** {@link AsyncQueue#put(Object)}: CPython 3.13's {@code Queue.put}, with slots promised to woken putters. */
final class MonoQueuePut<T> extends Mono<Void> {

    private final AsyncQueue<T> queue;
    private final T item;

    MonoQueuePut(AsyncQueue<T> queue, T item) {
        this.queue = queue;
        this.item = item;
    }

    @Override
    public void subscribe(CoreSubscriber<? super Void> actual) {
        Context context = actual.currentContext();
        EventLoop loop = queue.binding.enter(actual, context, queue, ".put()");
        if (loop == null) {
            return;
        }
        if (loop.inLoop() && !queue.shutdown && queue.hasFreeSlot()) {
            // The uncontended put completes at once, without an operator: it has no value to hold.
            try {
                queue.putNowaitHere(item);
            } catch (RuntimeException refused) {
                Operators.error(actual, refused);
                return;
            }
            Operators.complete(actual);
            return;
        }
        new Putter<>(actual, loop, context, queue, item).subscribeAndStart();
    }

    /** One task putting an item. */
    static final class Putter<T> extends AsyncQueue.QueueWaiter<Void> {

        private static final int NEW = 0;
        private static final int WAITING = 1;
        private static final int GONE = 2;

        private final AsyncQueue<T> queue;
        private final T item;
        private int phase = NEW;

        Putter(CoreSubscriber<? super Void> actual, EventLoop loop, Context context, AsyncQueue<T> queue, T item) {
            super(actual, loop, context);
            this.queue = queue;
            this.item = item;
        }

        @Override
        void start() {
            if (queue.shutdown) {
                phase = GONE;
                fail(queue.shutDown());
            } else if (queue.hasFreeSlot()) {
                putNow();
            } else {
                phase = WAITING;
                queue.putters.addLast(this);
                awaitFuture();
            }
        }

        @Override
        void resumed() {
            // The waker (a get, or shutdown) took us out of the line already.
            boolean wasPromised = promised;
            if (promised) {
                promised = false;
                queue.putClaims--;
            }
            if (queue.shutdown) {
                phase = GONE;
                fail(queue.shutDown());
            } else if (wasPromised ? !queue.full() : queue.hasFreeSlot()) {
                putNow();
            } else {
                // A putNowait() took the slot we were promised: wait again, first in line as we were.
                queue.putters.addFirst(this);
                awaitFuture();
            }
        }

        private void putNow() {
            phase = GONE;
            try {
                queue.putNowaitHere(item);
            } catch (RuntimeException refused) {
                // An item the storage refuses (a PriorityQueue item it cannot compare): the slot stays
                // free for the next putter.
                queue.wakeUpNextPutter();
                fail(refused);
                return;
            }
            complete();
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

        /** Leaves the line without putting; a slot we were promised goes to the next putter. */
        private void leave() {
            phase = GONE;
            queue.putters.remove(this);
            if (promised) {
                promised = false;
                queue.putClaims--;
                queue.wakeUpNextPutter();
            }
        }

        @Override
        String describe() {
            return queue.getClass().getSimpleName() + ".put(" + item + ")";
        }
    }
}
