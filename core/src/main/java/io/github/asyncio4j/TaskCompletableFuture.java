package io.github.asyncio4j;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;

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
        } else if (source.loop.inLoop()) {
            cf.follow();
        } else {
            source.loop.execute(cf.new Follow());
        }
        return cf;
    }

    /** Links a {@link Completion} into the source's callbacks, or copies the outcome if it is done (loop thread). */
    private void follow() {
        if (source.isDone()) {
            copyFrom(source);
            return;
        }
        Completion c = new Completion();
        source.link(c);
        source.loop.trackForeignWaiter(c);
    }

    /**
     * This future's link into the source's callbacks: copies the outcome once the source is done;
     * should the loop close first with the source still pending (a task running past the shutdown
     * timeout), completes with {@code RejectedExecutionException("event loop is closed")}.
     */
    private final class Completion extends DoneLink implements EventLoop.ForeignWaiter {
        @Override
        public void run() {
            source.loop.untrackForeignWaiter(this);
            copyFrom(source);
        }

        @Override
        public void loopClosed() {
            source.unlink(this);
            settleClosed();
        }

        @Override
        String describe() {
            return "CompletableFuture of " + source;
        }
    }

    /**
     * Links this future to its source on the loop ({@link #follow()}), from another thread.
     * Should the loop close before it runs (a {@code submit} racing {@code close()}), this future
     * still completes: as the source ended (a task created off the loop and rejected at close is
     * cancelled), or with {@code RejectedExecutionException("event loop is closed")}; never left
     * pending forever.
     */
    private final class Follow implements Runnable, EventLoop.Rejectable {
        @Override
        public void run() {
            follow();
        }

        @Override
        public void rejected() {
            settleClosed();
        }
    }

    /** The loop closed: the source's outcome if it has one, else "event loop is closed". */
    private void settleClosed() {
        if (source.isDone()) {
            copyFrom(source);
        } else {
            completeExceptionally(new RejectedExecutionException("event loop is closed"));
        }
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
