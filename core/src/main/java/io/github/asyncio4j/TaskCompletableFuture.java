package io.github.asyncio4j;

import java.util.concurrent.CompletableFuture;

/**
 * The {@link CompletableFuture} of {@link EventLoop#submit} (and of the bridge's
 * {@code Bridge.toFuture}): completed with the outcome of a task or future; cancelling it cancels
 * that task or future (asyncio's {@code run_coroutine_threadsafe}), and a task or future cancelled
 * on the loop cancels it.
 */
final class TaskCompletableFuture<T> extends CompletableFuture<T> {

    private final AsyncFuture<T> source;

    private TaskCompletableFuture(AsyncFuture<T> source) {
        this.source = source;
    }

    /** A future that follows {@code source}: at once if it is done already, else from its done callback. */
    static <T> TaskCompletableFuture<T> of(AsyncFuture<T> source) {
        TaskCompletableFuture<T> cf = new TaskCompletableFuture<>(source);
        if (source.isDone()) {
            cf.copyFrom(source);
        } else {
            source.addDoneCallback(cf::copyFrom);
        }
        return cf;
    }

    void copyFrom(AsyncFuture<T> done) {
        if (done.isCancelled()) {
            super.cancel(false);
            return;
        }
        Throwable error = done.exception();
        if (error != null) {
            completeExceptionally(error);
        } else {
            complete(done.result());
        }
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        boolean cancelled = super.cancel(mayInterruptIfRunning);
        if (cancelled) {
            source.cancel();
        }
        return cancelled;
    }

    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
        return new CompletableFuture<>();
    }
}
