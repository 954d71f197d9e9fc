package io.github.asyncio4j;

import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;
import reactor.util.context.Context;

/**
 * {@link AsyncLock#acquire()} and {@link AsyncSemaphore#acquire()}: CPython 3.13's
 * {@code Lock.acquire} and {@code Semaphore.acquire}, which differ only in what a permit is (see
 * {@link Permits}). Stateless, so one instance serves every subscription; an uncontended acquire on
 * the loop thread allocates nothing.
 */
final class MonoAcquire extends Mono<Void> {

    private final Permits permits;
    private final Object owner;

    MonoAcquire(Permits permits, Object owner) {
        this.permits = permits;
        this.owner = owner;
    }

    @Override
    public void subscribe(CoreSubscriber<? super Void> actual) {
        Context context = actual.currentContext();
        EventLoop loop = permits.binding().enter(actual, context, owner, ".acquire()");
        if (loop == null) {
            return;
        }
        if (loop.inLoop() && permits.tryAcquireHere()) {
            Operators.complete(actual);
            return;
        }
        new Acquirer(actual, loop, context, permits).subscribeAndStart();
    }

    /** One task waiting for a permit. */
    static final class Acquirer extends AwaitOp<Void> {

        private static final int NEW = 0;
        private static final int WAITING = 1;
        private static final int HELD = 2;
        private static final int GONE = 3;

        private final Permits permits;
        private int phase = NEW;

        Acquirer(CoreSubscriber<? super Void> actual, EventLoop loop, Context context, Permits permits) {
            super(actual, loop, context);
            this.permits = permits;
        }

        @Override
        void start() {
            if (permits.tryAcquireHere()) {
                phase = HELD;
                complete();
                return;
            }
            phase = WAITING;
            permits.waiters().addLast(this);
            awaitFuture();
        }

        @Override
        void resumed() {
            // Woken: the permit was handed to us, and nobody may take it past a waiter.
            permits.waiters().remove(this);
            phase = HELD;
            permits.resumedWithPermit();
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
                permits.releaseHere();
            }
        }

        private void leave() {
            phase = GONE;
            permits.waiters().remove(this);
            permits.leftWithoutPermit(woken());
        }

        @Override
        String describe() {
            return permits.acquireName() + " of " + permits;
        }
    }
}
