package io.github.asyncio4j;

import java.util.function.BooleanSupplier;
import reactor.core.CoreSubscriber;
import reactor.core.Exceptions;
import reactor.core.publisher.Mono;

/**
 * {@link AsyncCondition#awaitUntil(BooleanSupplier)}: CPython's {@code Condition.wait_for}, a loop
 * of {@code wait()}s. Each wait resumes in a step of its own, so the loop never grows the stack.
 */
final class MonoConditionWaitUntil extends Mono<Void> {

    private final AsyncCondition cond;
    private final BooleanSupplier predicate;

    MonoConditionWaitUntil(AsyncCondition cond, BooleanSupplier predicate) {
        this.cond = cond;
        this.predicate = predicate;
    }

    @Override
    public void subscribe(CoreSubscriber<? super Void> actual) {
        EventLoop loop = cond.binding.enter(actual, "AsyncCondition.awaitUntil()");
        if (loop == null) {
            return;
        }
        new Until(actual, loop, this).subscribeAndStart();
    }

    /** One task waiting for the predicate. */
    static final class Until extends AwaitOp<Void> {

        private static final int NEW = 0;
        private static final int WAITING = 1;
        private static final int HELD = 2;
        private static final int GONE = 3;

        private final MonoConditionWaitUntil parent;
        private int phase = NEW;

        Until(CoreSubscriber<? super Void> actual, EventLoop loop, MonoConditionWaitUntil parent) {
            super(actual, loop);
            this.parent = parent;
        }

        @Override
        void start() {
            check(false);
        }

        @Override
        void resumed() {
            check(true);
        }

        private void check(boolean waited) {
            boolean holds;
            try {
                holds = parent.predicate.getAsBoolean();
            } catch (Throwable t) {
                Exceptions.throwIfJvmFatal(t);
                phase = GONE;
                fail(t);
                return;
            }
            if (holds) {
                phase = waited ? HELD : GONE;
                complete();
                return;
            }
            phase = WAITING;
            awaitMono(parent.cond.await());
        }

        @Override
        void interrupted(Throwable error) {
            phase = GONE;
            fail(error);
        }

        @Override
        void abandon() {
            // WAITING: the inner wait, cancelled, passed its signal on itself.
            if (phase == HELD) {
                // The last wait consumed a signal that the departed subscriber never learned of.
                parent.cond.notifyHere(1);
            }
            phase = GONE;
        }

        @Override
        String describe() {
            return "AsyncCondition.awaitUntil() of " + parent.cond;
        }
    }
}
