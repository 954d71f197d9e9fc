package io.github.asyncio4j;

import reactor.core.CoreSubscriber;
import reactor.core.Exceptions;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;

/**
 * A primitive's coroutine that never suspends (such as {@code Barrier.abort()}): runs an action on
 * the primitive's loop at subscription and completes empty, or fails with what the action threw.
 */
final class MonoLoopAction extends Mono<Void> {

    private final LoopBinding binding;
    private final Runnable action;
    private final String what;

    MonoLoopAction(LoopBinding binding, Runnable action, String what) {
        this.binding = binding;
        this.action = action;
        this.what = what;
    }

    @Override
    public void subscribe(CoreSubscriber<? super Void> actual) {
        EventLoop loop = binding.enter(actual, what);
        if (loop == null) {
            return;
        }
        if (loop.inLoop()) {
            run(actual);
            return;
        }
        new Action(actual, loop, this).subscribeAndStart();
    }

    private void run(CoreSubscriber<? super Void> actual) {
        try {
            action.run();
        } catch (Throwable t) {
            Exceptions.throwIfJvmFatal(t);
            Operators.error(actual, t);
            return;
        }
        Operators.complete(actual);
    }

    /** The action subscribed from off the loop: it runs there, and completes from there. */
    static final class Action extends AwaitOp<Void> {

        private final MonoLoopAction parent;

        Action(CoreSubscriber<? super Void> actual, EventLoop loop, MonoLoopAction parent) {
            super(actual, loop);
            this.parent = parent;
        }

        @Override
        void start() {
            parent.action.run();
            complete();
        }

        @Override
        void resumed() {
            // Awaits nothing.
        }

        @Override
        void interrupted(Throwable error) {
            fail(error);
        }

        @Override
        void abandon() {
            // Nothing held: the action either ran or never will.
        }

        @Override
        String describe() {
            return parent.what;
        }
    }
}
