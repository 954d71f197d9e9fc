package io.github.asyncio4j;

import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;

/** {@link AsyncQueue#get()}: CPython 3.13's {@code Queue.get}, with items promised to woken getters. */
final class MonoQueueGet<T> extends Mono<T> {

    private final AsyncQueue<T> queue;

    MonoQueueGet(AsyncQueue<T> queue) {
        this.queue = queue;
    }

    @Override
    public void subscribe(CoreSubscriber<? super T> actual) {
        EventLoop loop = queue.binding.enter(actual, queue, ".get()");
        if (loop == null) {
            return;
        }
        new Getter<>(actual, loop, queue).subscribeAndStart();
    }

    /** One task getting an item. */
    static final class Getter<T> extends AsyncQueue.QueueWaiter<T> {

        private static final int NEW = 0;
        private static final int WAITING = 1;
        private static final int GONE = 2;

        private final AsyncQueue<T> queue;
        private int phase = NEW;

        Getter(CoreSubscriber<? super T> actual, EventLoop loop, AsyncQueue<T> queue) {
            super(actual, loop);
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
