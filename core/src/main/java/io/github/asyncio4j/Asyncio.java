package io.github.asyncio4j;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;

/**
 * The static entry points of asyncio4j, named as in Python's {@code asyncio} module.
 *
 * <p>Everything here returns a cold {@link Mono} (or a task) that belongs to the loop of the task
 * that subscribes it: subscribe them from a task's body, which you get from {@link #run},
 * {@link EventLoop#createTask}, {@link EventLoop#spawn} or {@link EventLoop#submit}. Subscribed
 * with no running loop, they fail with an {@link IllegalStateException} saying so.
 */
public final class Asyncio {

    private static final Mono<Void> YIELD = new MonoSleep<>(0, null);

    private Asyncio() {
    }

    /**
     * Runs {@code main} as the main task of a new loop on the calling thread, and returns its
     * value (asyncio's {@code asyncio.run}). When the main task is done, every task still pending
     * is cancelled and the loop runs until they have finished (a failure other than the
     * cancellation is reported to the exception handler), failures nobody retrieved are reported,
     * and the loop is closed.
     *
     * @param main called on the loop thread, inside the main task, to make its body
     * @param <T> the value type
     * @return the main task's value ({@code null} when it completed empty)
     * @throws NullPointerException if {@code main} is {@code null}, or returns {@code null}
     * @throws IllegalStateException if the calling thread already runs a loop
     * @throws RuntimeException the main task's failure as itself when unchecked, a checked one
     *     (such as {@code TimeoutException}) wrapped in {@link java.util.concurrent.CompletionException};
     *     {@link CancelledException} if it was cancelled
     * @throws Error an {@link Error} any task ended with, as CPython lets {@code KeyboardInterrupt}
     *     and {@code SystemExit} out of the loop
     * @throws CancelledException also when the calling thread is interrupted: an interrupt is
     *     Java's Ctrl-C, it cancels the main task (which may clean up, or even return a value), a
     *     second one during the shutdown stops waiting for the other tasks; the thread's interrupt
     *     flag is set again when {@code run} returns
     */
    public static <T> T run(Supplier<? extends Mono<T>> main) {
        return run(main, EventLoop.builder());
    }

    /**
     * As {@link #run(Supplier)}, on a loop with the builder's options: for example
     * {@code Asyncio.run(main, EventLoop.builder().virtualTime())} runs on virtual time.
     *
     * @param main called on the loop thread, inside the main task, to make its body
     * @param loop the options of the loop to run on
     * @param <T> the value type
     * @return the main task's value
     * @throws NullPointerException if {@code main} or {@code loop} is {@code null}, or {@code main} returns {@code null}
     * @throws IllegalStateException if the calling thread already runs a loop
     * @throws RuntimeException the main task's failure, as for {@link #run(Supplier)}
     */
    public static <T> T run(Supplier<? extends Mono<T>> main, EventLoop.Builder loop) {
        Objects.requireNonNull(main, "main");
        Objects.requireNonNull(loop, "loop");
        if (EventLoop.currentOrNull() != null) {
            throw new IllegalStateException("Asyncio.run() cannot be called from a running event loop: "
                    + "inside a task, subscribe to the work (or Asyncio.createTask it) instead");
        }
        EventLoop l = loop.build();
        Task<T> task = l.createTask(Mono.defer(() -> Objects.requireNonNull(main.get(),
                "main returned null: the Supplier given to Asyncio.run must return the Mono to run")));
        try {
            l.runBorrowed(task);
            task.markRetrieved();
        } finally {
            l.runBorrowedShutdown();
            if (l.wasInterrupted()) {
                Thread.currentThread().interrupt();
            }
        }
        Error fatal = l.fatal();
        if (fatal != null) {
            throw fatal;
        }
        if (!task.isDone()) {
            throw new CancelledException("Asyncio.run was interrupted while the main task was still cleaning up");
        }
        return task.result();
    }

    /**
     * Creates a task on the running loop (asyncio's {@code create_task}); see
     * {@link EventLoop#createTask(Mono)}. Call it on a loop thread: from a task's body or a loop callback.
     *
     * @param body the task's body, a cold {@code Mono}
     * @param <T> the value type
     * @return the task
     * @throws NullPointerException if {@code body} is {@code null}
     * @throws IllegalStateException if the calling thread runs no loop
     */
    public static <T> Task<T> createTask(Mono<T> body) {
        return createTask(body, null);
    }

    /**
     * As {@link #createTask(Mono)}, with a name.
     *
     * @param body the task's body
     * @param name the name, or {@code null} for {@code "Task-N"}
     * @param <T> the value type
     * @return the task
     * @throws NullPointerException if {@code body} is {@code null}
     * @throws IllegalStateException if the calling thread runs no loop
     */
    public static <T> Task<T> createTask(Mono<T> body, String name) {
        Objects.requireNonNull(body, "body");
        return runningLoop("Asyncio.createTask").createTask(body, name);
    }

    /**
     * A cold Mono that completes empty after {@code delay} of loop time (asyncio's {@code sleep}).
     * {@link Duration#ZERO} (or a negative delay) yields exactly one loop iteration: the callbacks
     * already queued run first. Cancelling the task cancels the timer and raises
     * {@link CancelledException} here.
     *
     * @param delay how long to sleep
     * @return the sleep
     * @throws NullPointerException if {@code delay} is {@code null}
     */
    public static Mono<Void> sleep(Duration delay) {
        Objects.requireNonNull(delay, "delay");
        long nanos = EventLoop.saturatedNanos(delay);
        return nanos <= 0 ? YIELD : new MonoSleep<>(nanos, null);
    }

    /**
     * As {@link #sleep(Duration)}, then emits {@code result}.
     *
     * @param delay how long to sleep
     * @param result the value to emit; {@code null} completes empty
     * @param <T> the value type
     * @return the sleep
     * @throws NullPointerException if {@code delay} is {@code null}
     */
    public static <T> Mono<T> sleep(Duration delay, T result) {
        Objects.requireNonNull(delay, "delay");
        return new MonoSleep<>(EventLoop.saturatedNanos(delay), result);
    }

    /**
     * The task that subscribes this Mono (asyncio's {@code current_task()}), read from the
     * subscriber's context, else the task whose step runs on this thread.
     *
     * @return a Mono of the current task, empty when not inside a task
     */
    public static Mono<Task<?>> currentTask() {
        return Mono.deferContextual(ctx -> {
            Task<?> t = CancelScope.taskOf(ctx.getOrDefault(CancelScope.KEY, null));
            return Mono.justOrEmpty(t != null ? t : Task.current().orElse(null));
        });
    }

    static EventLoop runningLoop(String what) {
        EventLoop loop = EventLoop.currentOrNull();
        if (loop == null) {
            throw new IllegalStateException(Failures.noRunningLoop(what));
        }
        return loop;
    }
}
