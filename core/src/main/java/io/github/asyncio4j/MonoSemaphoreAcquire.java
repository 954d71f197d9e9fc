package io.github.asyncio4j;

import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;

/**
 * {@link AsyncSemaphore#acquire()}: CPython 3.13's {@code Semaphore.acquire}. Stateless, so one
 * instance serves every subscription; an uncontended acquire on the loop thread allocates nothing.
 */
final class MonoSemaphoreAcquire extends Mono<Void> {

    private final AsyncSemaphore sem;

    MonoSemaphoreAcquire(AsyncSemaphore sem) {
        this.sem = sem;
    }

    @Override
    public void subscribe(CoreSubscriber<? super Void> actual) {
        EventLoop loop = sem.binding.enter(actual, sem, ".acquire()");
        if (loop == null) {
            return;
        }
        if (loop.inLoop() && sem.tryAcquireHere()) {
            Operators.complete(actual);
            return;
        }
        new Acquirer(actual, loop, sem).subscribeAndStart();
    }

    /** One task waiting for a permit. */
    static final class Acquirer extends AwaitOp<Void> {

        private static final int NEW = 0;
        private static final int WAITING = 1;
        private static final int HELD = 2;
        private static final int GONE = 3;

        private final AsyncSemaphore sem;
        private int phase = NEW;

        Acquirer(CoreSubscriber<? super Void> actual, EventLoop loop, AsyncSemaphore sem) {
            super(actual, loop);
            this.sem = sem;
        }

        @Override
        void start() {
            if (sem.tryAcquireHere()) {
                phase = HELD;
                complete();
                return;
            }
            phase = WAITING;
            sem.waiters.addLast(this);
            awaitFuture();
        }

        @Override
        void resumed() {
            // The permit was taken off for us when we were woken.
            sem.waiters.remove(this);
            phase = HELD;
            // Permits may have come back meanwhile to newcomers that had to queue behind us (FIFO):
            // wake as many as allowed, or three back-to-back releases admit out of order (3.12 did;
            // CPython 3.13 fixed it, see test_acquire_fifo_order_4).
            sem.wakeUpAsAllowed();
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
            } else if (phase == HELD) {
                // Acquired, but the subscriber left before it could learn so: give the permit back.
                phase = GONE;
                sem.releaseHere();
            }
        }

        /** Leaves without a permit: one handed to us already goes back, and whoever it allows is woken. */
        private void leave() {
            phase = GONE;
            sem.waiters.remove(this);
            if (woken()) {
                sem.value++;
            }
            sem.wakeUpAsAllowed();
        }

        @Override
        String describe() {
            return sem.getClass().getSimpleName() + ".acquire() of " + sem;
        }
    }
}
