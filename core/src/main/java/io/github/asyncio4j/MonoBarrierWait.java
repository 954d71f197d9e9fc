package io.github.asyncio4j;

import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;

/**
 * {@link AsyncBarrier#await()}: CPython 3.13's {@code Barrier.wait}, with its two
 * {@code Condition.wait_for} loops ({@code _block}: while draining or resetting; {@code _wait}:
 * while filling) written out as phases of one operator.
 */
final class MonoBarrierWait extends Mono<Integer> {

    private final AsyncBarrier barrier;

    MonoBarrierWait(AsyncBarrier barrier) {
        this.barrier = barrier;
    }

    @Override
    public void subscribe(CoreSubscriber<? super Integer> actual) {
        EventLoop loop = barrier.binding.enter(actual, "AsyncBarrier.await()");
        if (loop == null) {
            return;
        }
        new Arrival(actual, loop, barrier).subscribeAndStart();
    }

    /** One task at the barrier. */
    static final class Arrival extends AwaitOp<Integer> {

        private static final int NEW = 0;
        /** In {@code _block()}: waiting for a draining or resetting round to end. */
        private static final int BLOCKED = 1;
        /** In {@code _wait()}: counted in, waiting for the round to fill. */
        private static final int WAITING = 2;
        private static final int GONE = 3;

        private final AsyncBarrier barrier;
        private int phase = NEW;
        private int index;

        Arrival(CoreSubscriber<? super Integer> actual, EventLoop loop, AsyncBarrier barrier) {
            super(actual, loop);
            this.barrier = barrier;
        }

        @Override
        void start() {
            block();
        }

        private void block() {
            AsyncBarrier.State s = barrier.state;
            if (s == AsyncBarrier.State.DRAINING || s == AsyncBarrier.State.RESETTING) {
                phase = BLOCKED;
                park();
                return;
            }
            if (s == AsyncBarrier.State.BROKEN) {
                phase = GONE;
                fail(new BrokenBarrierException("Barrier aborted: abort() was called; reset() the barrier to use it again"));
                return;
            }
            index = barrier.count++;
            if (index + 1 == barrier.parties()) {
                // The last arrival releases the round.
                barrier.state = AsyncBarrier.State.DRAINING;
                barrier.notifyAllHere();
                leave();
                succeed(index);
                return;
            }
            waitForRound();
        }

        private void waitForRound() {
            AsyncBarrier.State s = barrier.state;
            if (s == AsyncBarrier.State.FILLING) {
                phase = WAITING;
                park();
                return;
            }
            leave();
            if (s == AsyncBarrier.State.BROKEN || s == AsyncBarrier.State.RESETTING) {
                fail(new BrokenBarrierException("Abort or reset of barrier"));
            } else {
                succeed(index);
            }
        }

        /** One {@code Condition.wait()}: a fresh future at the back of the condition's waiters. */
        private void park() {
            barrier.waiters.addLast(this);
            awaitFuture();
        }

        /** Leaves the counted part of {@code wait()} (its {@code finally: count -= 1; _exit()}). */
        private void leave() {
            phase = GONE;
            barrier.count--;
            barrier.exitHere();
        }

        @Override
        void resumed() {
            barrier.waiters.remove(this);
            if (phase == BLOCKED) {
                block();
            } else {
                waitForRound();
            }
        }

        @Override
        void interrupted(Throwable error) {
            quit();
            fail(error);
        }

        @Override
        void abandon() {
            if (phase == BLOCKED || phase == WAITING) {
                quit();
            }
        }

        /**
         * Leaves from a condition wait with an error: the wait passes a signal on (spurious wake-ups
         * are part of the protocol), then, if counted in, the task leaves the round.
         */
        private void quit() {
            barrier.waiters.remove(this);
            barrier.notifyHere(1);
            if (phase == WAITING) {
                leave();
            }
            phase = GONE;
        }

        @Override
        String describe() {
            return "AsyncBarrier.await() of " + barrier;
        }
    }
}
