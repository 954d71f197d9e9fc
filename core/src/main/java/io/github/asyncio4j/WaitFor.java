package io.github.asyncio4j;

import java.util.concurrent.TimeoutException;
import reactor.core.publisher.Mono;

/** {@code waitFor} with a timeout of zero or less: CPython's {@code wait_for} fast path. */
final class WaitFor {

    private WaitFor() {
    }

    /**
     * Makes {@code aw} a future (a task for a plain Mono, which therefore never starts), returns
     * its result if it is done already, else cancels it, waits until it has finished and fails with
     * {@link TimeoutException} unless it suppressed the cancellation.
     */
    @SuppressWarnings("unchecked")
    static <T> Mono<T> expired(Mono<T> aw) {
        return Mono.defer(() -> {
            AsyncFuture<T> fut = aw instanceof AsyncFuture<?> f
                    ? (AsyncFuture<T>) f
                    : Asyncio.runningLoop("Asyncio.waitFor").createTask(aw);
            if (fut.isDone()) {
                return fut;
            }
            fut.cancel();
            return cancelAndWait(fut).then(Mono.defer(() -> {
                if (fut.isCancelled()) {
                    TimeoutException timedOut = new TimeoutException();
                    timedOut.initCause(fut.cancelledError());
                    return Mono.error(timedOut);
                }
                return fut;
            }));
        });
    }

    /**
     * Waits until {@code fut} is done without awaiting it directly, so that cancelling the waiter
     * does not cancel {@code fut} again (CPython's {@code _cancel_and_wait}).
     */
    static Mono<Void> cancelAndWait(AsyncFuture<?> fut) {
        AsyncFuture<Void> waiter = fut.loop.createFuture();
        java.util.function.Consumer<AsyncFuture<?>> release = done -> {
            if (!waiter.isDone()) {
                waiter.setResult(null);
            }
        };
        fut.addDoneCallback(release);
        return waiter.doFinally(signal -> fut.removeDoneCallback(release));
    }
}
