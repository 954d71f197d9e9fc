package io.github.asyncio4j;

import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;

/**
 * {@link AsyncLock#acquire()}: CPython 3.13's {@code Lock.acquire}. Stateless, so one instance
 * serves every subscription; an uncontended acquire on the loop thread allocates nothing.
 */
final class MonoLockAcquire extends Mono<Void> {

    private final AsyncLock lock;

    MonoLockAcquire(AsyncLock lock) {
        this.lock = lock;
    }

    @Override
    public void subscribe(CoreSubscriber<? super Void> actual) {
        EventLoop loop = lock.binding.enter(actual, "AsyncLock.acquire()");
        if (loop == null) {
            return;
        }
        if (loop.inLoop() && lock.tryAcquireHere()) {
            Operators.complete(actual);
            return;
        }
        new Acquirer(actual, loop, lock).subscribeAndStart();
    }

    /** One task waiting for the lock. */
    static final class Acquirer extends AwaitOp<Void> {

        private static final int NEW = 0;
        private static final int WAITING = 1;
        private static final int HELD = 2;
        private static final int GONE = 3;

        private final AsyncLock lock;
        private int phase = NEW;

        Acquirer(CoreSubscriber<? super Void> actual, EventLoop loop, AsyncLock lock) {
            super(actual, loop);
            this.lock = lock;
        }

        @Override
        void start() {
            if (lock.tryAcquireHere()) {
                phase = HELD;
                complete();
                return;
            }
            phase = WAITING;
            lock.waiters.addLast(this);
            awaitFuture();
        }

        @Override
        void resumed() {
            // Woken by release(): the lock is free and ours, since nobody may take it past a waiter.
            lock.waiters.remove(this);
            lock.locked = true;
            phase = HELD;
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
                // Acquired, but the subscriber left before it could learn so: release for it.
                phase = GONE;
                lock.releaseHere();
            }
        }

        /**
         * Leaves the queue without the lock. If the lock is free, the first waiter must run: we may
         * have been woken ourselves, and the wake-up would be lost with us (CPython's
         * {@code if not self._locked: self._wake_up_first()}).
         */
        private void leave() {
            phase = GONE;
            lock.waiters.remove(this);
            if (!lock.locked) {
                lock.wakeUpFirst();
            }
        }

        @Override
        String describe() {
            return "AsyncLock.acquire() of " + lock;
        }
    }
}
