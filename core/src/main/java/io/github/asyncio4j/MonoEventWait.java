package io.github.asyncio4j;

import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;

/** {@link AsyncEvent#await()}: CPython's {@code Event.wait}. Stateless, shared by every subscription. */
final class MonoEventWait extends Mono<Void> {

    private final AsyncEvent event;
    private final String what;

    MonoEventWait(AsyncEvent event, String what) {
        this.event = event;
        this.what = what;
    }

    @Override
    public void subscribe(CoreSubscriber<? super Void> actual) {
        EventLoop loop = event.binding.enter(actual, what);
        if (loop == null) {
            return;
        }
        if (loop.inLoop() && event.value) {
            Operators.complete(actual);
            return;
        }
        new Waiting(actual, loop, event).subscribeAndStart();
    }

    /** One task waiting for the event. */
    static final class Waiting extends AwaitOp<Void> {

        private final AsyncEvent event;

        Waiting(CoreSubscriber<? super Void> actual, EventLoop loop, AsyncEvent event) {
            super(actual, loop);
            this.event = event;
        }

        @Override
        void start() {
            if (event.value) {
                complete();
                return;
            }
            event.waiters.addLast(this);
            awaitFuture();
        }

        @Override
        void resumed() {
            event.waiters.remove(this);
            complete();
        }

        @Override
        void interrupted(Throwable error) {
            event.waiters.remove(this);
            fail(error);
        }

        @Override
        void abandon() {
            event.waiters.remove(this);
        }

        @Override
        String describe() {
            return "AsyncEvent.await() of " + event;
        }
    }
}
