package io.github.asyncio4j;

import java.util.concurrent.CompletableFuture;

/**
 * The {@link CompletableFuture} of {@link EventLoop#submit}: completed with the task's outcome;
 * cancelling it cancels the task (asyncio's {@code run_coroutine_threadsafe}).
 */
final class TaskCompletableFuture<T> extends CompletableFuture<T> {

    private final Task<T> task;

    TaskCompletableFuture(Task<T> task) {
        this.task = task;
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
            task.cancel();
        }
        return cancelled;
    }

    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
        return new CompletableFuture<>();
    }
}
