package io.github.asyncio4j;

import java.util.concurrent.CancellationException;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;
import org.jspecify.annotations.Nullable;

/** {@link AsyncCondition#await()}: CPython 3.13's {@code Condition.wait}. Stateless, shared by every subscription. */
final class MonoConditionWait extends Mono<Void> {

    private final AsyncCondition cond;

    MonoConditionWait(AsyncCondition cond) {
        this.cond = cond;
    }

    @Override
    public void subscribe(CoreSubscriber<? super Void> actual) {
        EventLoop loop = cond.binding.enter(actual, "AsyncCondition.await()");
        if (loop == null) {
            return;
        }
        IllegalStateException wrongLock = cond.lock.binding.bind(loop);
        if (wrongLock != null) {
            Operators.error(actual, wrongLock);
            return;
        }
        new Waiting(actual, loop, cond).subscribeAndStart();
    }

    /** One task waiting on the condition: release, wait for a signal, re-acquire. */
    static final class Waiting extends AwaitOp<Void> {

        private static final int NEW = 0;
        private static final int WAITING = 1;
        private static final int REACQUIRING = 2;
        private static final int HELD = 3;
        private static final int GONE = 4;

        private final AsyncCondition cond;
        private int phase = NEW;
        /** The most recent cancellation received; re-raised once the lock is held again. */
        @Nullable
        private Throwable error;
        private MonoHolding.@Nullable Hold hold;

        Waiting(CoreSubscriber<? super Void> actual, EventLoop loop, AsyncCondition cond) {
            super(actual, loop);
            this.cond = cond;
        }

        @Override
        void start() {
            AsyncLock lock = cond.lock;
            if (!lock.locked) {
                phase = GONE;
                fail(new IllegalStateException("cannot wait on un-acquired lock: await() inside withLock(...), "
                        + "or between acquire() and release()"));
                return;
            }
            hold = downstreamContext().getOrDefault(lock, null);
            phase = WAITING;
            lock.releaseHere();
            cond.waiters.addLast(this);
            awaitFuture();
        }

        @Override
        void resumed() {
            if (phase == WAITING) {
                cond.waiters.remove(this);
                reacquire();
                return;
            }
            phase = HELD;
            if (error != null) {
                // Signalled or not, we leave with an error: pass a signal on, so none is lost
                // (gh-112202, fixed in 3.13; spurious wake-ups are allowed). The error is the very
                // instance received, the newest one if cancelled again while re-acquiring (gh-111693).
                Throwable e = error;
                error = null;
                cond.notifyHere(1);
                phase = GONE;
                fail(e);
            } else {
                complete();
            }
        }

        @Override
        void interrupted(Throwable e) {
            if (phase == WAITING) {
                cond.waiters.remove(this);
                error = e;
                reacquire();
                return;
            }
            if (e instanceof CancellationException) {
                // Must re-acquire the lock even if cancelled again: retry, keeping the newest error.
                error = e;
                reacquire();
                return;
            }
            phase = GONE;
            cond.notifyHere(1);
            fail(e);
        }

        private void reacquire() {
            phase = REACQUIRING;
            awaitMono(cond.lock.acquire());
        }

        @Override
        void abandon() {
            int was = phase;
            phase = GONE;
            if (was == WAITING) {
                cond.waiters.remove(this);
                // Nobody is left to wait for the lock: take it if that needs no waiting, as CPython's
                // wait() does when its coroutine is closed; else it stays with the others.
                if (!cond.lock.tryAcquireHere()) {
                    loseHold();
                }
                cond.notifyHere(1);
            } else if (was == REACQUIRING) {
                // The cancelled acquire passed on whatever it was handed.
                loseHold();
                cond.notifyHere(1);
            } else if (was == HELD) {
                // Re-acquired, but the subscriber left before it could learn so: it keeps the lock
                // (as a withLock around it expects), and the signal we consumed goes on.
                cond.notifyHere(1);
            }
        }

        private void loseHold() {
            MonoHolding.Hold h = hold;
            if (h != null) {
                h.lose();
            }
        }

        @Override
        String describe() {
            return "AsyncCondition.await() of " + cond;
        }
    }
}
