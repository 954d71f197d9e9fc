package io.github.asyncio4j;

import java.util.concurrent.Callable;
import java.util.concurrent.RejectedExecutionException;
import reactor.core.CoreSubscriber;
import reactor.core.Scannable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import org.jspecify.annotations.Nullable;

/**
 * asyncio's {@code to_thread}: {@link Asyncio#toThread(Callable)}.
 *
 * <p>Each subscription runs the callable once on a worker of Reactor's
 * {@link Schedulers#boundedElastic()} (the Reactor home of blocking work, as asyncio's default
 * executor is a thread pool), with the subscriber's {@link ContextVar} context installed on the
 * worker for the call (asyncio copies the context into the thread). The outcome is set on a
 * future of the loop, from the loop thread, and the subscriber awaits that future: cancelling the
 * subscriber cancels the future, not the thread, which runs to its end and whose outcome is then
 * dropped (THREAD-05: a running {@code concurrent.futures.Future} cannot be cancelled either).
 * While the call runs, the loop's {@code externalWork} count is raised, so a virtual-time loop
 * does not jump its clock past work that has not come back yet.
 */
final class ToThread<T> extends Mono<T> implements Scannable {

    private final Callable<T> fn;
    private final Scheduler workers;

    ToThread(Callable<T> fn, Scheduler workers) {
        this.fn = fn;
        this.workers = workers;
    }

    @Override
    public void subscribe(CoreSubscriber<? super T> actual) {
        EventLoop loop = EnsureFuture.subscriberLoop(actual.currentContext());
        if (loop == null) {
            Operators.error(actual, new IllegalStateException(Failures.noRunningLoop("Asyncio.toThread")));
            return;
        }
        Task<?> task = CancelScope.taskOf(actual.currentContext().getOrDefault(CancelScope.KEY, null));
        // The caller's context: the running step's on the loop thread, the awaiting task's otherwise.
        VarMap vars = loop.inLoop() || task == null ? VarMap.current() : task.vars;
        AsyncFuture<T> result = new AsyncFuture<>(loop);
        loop.externalWork.incrementAndGet();
        try {
            workers.schedule(() -> call(loop, vars, result));
        } catch (RejectedExecutionException rejected) {
            loop.externalWork.decrementAndGet();
            Operators.error(actual, rejected);
            return;
        }
        result.subscribe(actual);
    }

    /** On the worker thread. */
    private void call(EventLoop loop, VarMap vars, AsyncFuture<T> result) {
        T value = null;
        Throwable error = null;
        VarMap previous = VarMap.swapThread(vars);
        try {
            value = fn.call();
        } catch (Throwable t) {
            // Every failure goes to the awaiting side, Errors included: a StackOverflowError in the
            // callable must not leave the task waiting forever.
            error = t;
        } finally {
            VarMap.swapThread(previous);
        }
        T v = value;
        Throwable e = error;
        try {
            // externalWork is lowered on the loop, once the outcome is there: lowering it here would
            // let a virtual clock jump before the loop has seen the result.
            loop.execute(() -> {
                loop.externalWork.decrementAndGet();
                deliver(result, v, e);
            });
        } catch (RejectedExecutionException closed) {
            loop.externalWork.decrementAndGet();
            if (e != null) {
                Operators.onErrorDropped(e, reactor.util.context.Context.empty());
            }
        }
    }

    /** On the loop thread. */
    private static <T> void deliver(AsyncFuture<T> result, @Nullable T value, @Nullable Throwable error) {
        if (result.isDone()) {
            // The awaiting side was cancelled: as asyncio, the thread's late outcome is dropped.
            return;
        }
        if (error == null) {
            result.setResult(value);
        } else {
            result.setException(error);
        }
    }

    @Override
    @Nullable
    public Object scanUnsafe(Attr key) {
        if (key == Attr.RUN_ON) {
            return workers;
        }
        if (key == Attr.RUN_STYLE) {
            return Attr.RunStyle.ASYNC;
        }
        return null;
    }
}
