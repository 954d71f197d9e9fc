package io.github.asyncio4j;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import org.jspecify.annotations.Nullable;

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

    /**
     * Runs {@code body} with a deadline {@code delay} from now (asyncio's {@code async with
     * asyncio.timeout(delay)}); see {@link Timeout}. When the deadline passes, the body is cancelled
     * at its await point and, if it then ends cancelled, the Mono fails with
     * {@link java.util.concurrent.TimeoutException} (cause: the {@link CancelledException}). A
     * cancellation from outside passes through unchanged. A zero or negative delay fires at the
     * body's first suspension. Subscribe it from a task.
     *
     * @param delay the time allowed, or {@code null} for no deadline (which {@link Timeout#reschedule} may set later)
     * @param body makes the block's body from its {@link Timeout}; called on the loop thread at subscription
     * @param <T> the value type
     * @return the block
     * @throws NullPointerException if {@code body} is {@code null}
     */
    public static <T> Mono<T> timeout(Duration delay, Function<Timeout, ? extends Mono<T>> body) {
        Objects.requireNonNull(body, "body");
        return new Timeout.MonoTimeout<>(true, delay == null ? 0 : EventLoop.saturatedNanos(delay), delay == null, body);
    }

    /**
     * As {@link #timeout(Duration, Function)} with an absolute deadline on the loop's clock
     * (asyncio's {@code timeout_at}); compare with {@link EventLoop#time()}.
     *
     * @param deadlineNanos the deadline on the loop's clock, in nanoseconds
     * @param body makes the block's body from its {@link Timeout}
     * @param <T> the value type
     * @return the block
     * @throws NullPointerException if {@code body} is {@code null}
     */
    public static <T> Mono<T> timeoutAt(long deadlineNanos, Function<Timeout, ? extends Mono<T>> body) {
        Objects.requireNonNull(body, "body");
        return new Timeout.MonoTimeout<>(false, deadlineNanos, false, body);
    }

    /**
     * Awaits {@code aw} for at most {@code timeout} (asyncio's {@code wait_for}, as in CPython 3.12+).
     * On timeout {@code aw} is cancelled and waited for until it has finished; then the Mono fails
     * with {@link java.util.concurrent.TimeoutException} (cause: the {@link CancelledException}),
     * unless {@code aw} suppressed the cancellation and returned a value, which then wins; a failure
     * raised while it was being cancelled wins too. A timeout of zero or less cancels {@code aw}
     * at once: a plain Mono then never starts. Cancelling the {@code waitFor} cancels {@code aw}.
     * A future or task passed in is awaited as it is (and cancelled on timeout: wrap it with
     * {@link #shield} to keep it running).
     *
     * @param aw what to await: a cold Mono (run in the awaiting task), or a future or task
     * @param timeout the time allowed, or {@code null} to wait forever
     * @param <T> the value type
     * @return the guarded await
     * @throws NullPointerException if {@code aw} is {@code null}
     */
    public static <T> Mono<T> waitFor(Mono<T> aw, Duration timeout) {
        Objects.requireNonNull(aw, "aw");
        if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
            return WaitFor.expired(aw);
        }
        return timeout(timeout, cm -> aw);
    }

    // ------------------------------------------------------------------------------------------
    // Waiting on many: gather, gatherSettled, wait, asCompleted, shield, first, toThread
    // ------------------------------------------------------------------------------------------

    /**
     * Runs the awaitables concurrently and collects their values in argument order (asyncio's
     * {@code gather(*aws)}), whatever order they complete in.
     *
     * <p>At subscription a plain (cold) Mono becomes a task on the loop ({@code ensure_future}); a
     * task or future is awaited as it is; the same instance passed twice runs once and its value
     * fills each of its positions. A child that completes empty contributes {@code null}.
     *
     * <ul>
     *   <li>The first child failure fails the gather at once, as itself, and does <b>not</b> cancel
     *       the siblings, which keep running; their later failures count as retrieved.</li>
     *   <li>A child cancelled by someone else fails the gather with its {@link CancelledException}
     *       (carrying the child's message); the siblings keep running.</li>
     *   <li>Cancelling the gather (the awaiting task, or the subscription) cancels every child not
     *       yet done; once they have all finished, the gather fails with {@link CancelledException}.
     *       If every child was already done (its result only waiting to be collected), the result
     *       is kept and the cancellation goes to the awaiting task's next await point (bpo-26923).</li>
     *   <li>No arguments: completes at once with an empty list (it still needs a running loop).</li>
     * </ul>
     *
     * <p>Threads: the children live on one loop, that of the first argument if it is a future,
     * else the subscriber's; the list is emitted on the subscriber's loop (inside its task's step).
     * Each subscription gathers anew: plain Monos run again, as new tasks. Linear in the number of
     * children (one callback each, no per-completion scan).
     *
     * @param aws the awaitables, in the order of the result
     * @param <T> the value type
     * @return a cold Mono of a new mutable list of the values, in argument order
     * @throws NullPointerException if {@code aws} or an element of it is {@code null}
     * @see #gatherSettled(List)
     */
    public static <T> Mono<List<T>> gather(List<? extends Mono<? extends T>> aws) {
        return Gather.gather(EnsureFuture.copyArguments(aws, "aws"), false);
    }

    /**
     * As {@link #gather(List)} over Monos of any value types (asyncio's {@code gather(a, b, c)}).
     *
     * @param aws the awaitables, in the order of the result; none at all gives an empty list
     * @return a cold Mono of a new mutable list of the values, in argument order
     * @throws NullPointerException if {@code aws} or an element of it is {@code null}
     */
    public static Mono<List<Object>> gather(Mono<?>... aws) {
        Objects.requireNonNull(aws, "aws");
        Mono<?>[] copy = aws.clone();
        EnsureFuture.checkElements(copy, "aws");
        return Gather.gather(copy, false);
    }

    /**
     * As {@link #gather(List)}, but every child's outcome is reported in the list instead of failing
     * the gather (asyncio's {@code gather(*aws, return_exceptions=True)}): an {@link Outcome.Success}
     * for a value ({@code null} when the child completed empty), an {@link Outcome.Failure} for a
     * failure, and for a child cancelled by someone else a {@link Outcome.Failure} holding its
     * {@link CancelledException}. Cancelling the gather itself still fails it with
     * {@link CancelledException} once the children have finished (bpo-32684).
     *
     * @param aws the awaitables, in the order of the result
     * @param <T> the value type
     * @return a cold Mono of a new mutable list of the outcomes, in argument order
     * @throws NullPointerException if {@code aws} or an element of it is {@code null}
     */
    public static <T> Mono<List<Outcome<T>>> gatherSettled(List<? extends Mono<? extends T>> aws) {
        return Gather.gather(EnsureFuture.copyArguments(aws, "aws"), true);
    }

    /**
     * Waits until the futures are done as {@code when} asks, or until {@code timeout} passes, and
     * returns which are done and which are still pending (asyncio's {@code wait}).
     *
     * <p>It never cancels what it waits on (not on timeout, not when the awaiting task is
     * cancelled), never fails on timeout (the result just has pending futures), and never raises
     * the futures' failures: they stay in the done futures for the caller to read.
     * {@link ReturnWhen#FIRST_EXCEPTION} is not satisfied by a cancelled future. It always suspends
     * at least once, even when every future is done already. Both sets keep the input order;
     * duplicates collapse. A zero or negative timeout returns after one loop iteration.
     *
     * <p>Threads: the futures must belong to one loop; the result is emitted on the subscriber's
     * loop, and may be awaited from any thread. Linear in the number of futures.
     *
     * @param fs the futures or tasks (cold Monos are not accepted: make tasks of them first)
     * @param when when to return
     * @param timeout how long to wait at most, or {@code null} for no limit
     * @param <T> the value type
     * @return a cold Mono of the {@code (done, pending)} sets; each subscription waits anew
     * @throws NullPointerException if {@code fs}, an element of it, or {@code when} is {@code null}
     * @throws IllegalArgumentException if {@code fs} is empty, or mixes futures of different loops
     */
    public static <T> Mono<WaitResult<T>> wait(Collection<? extends AsyncFuture<? extends T>> fs, ReturnWhen when,
                                               @Nullable Duration timeout) {
        return Wait.wait(fs, when, timeout);
    }

    /**
     * Emits each awaitable as a done task, in the order they complete (asyncio 3.13's
     * {@code async for t in as_completed(aws)}).
     *
     * <p>At subscription every awaitable starts: a task is emitted as itself, a plain Mono runs as
     * a new task (the same instance once), a plain future is emitted as a new task that mirrors it.
     * Awaiting an emitted task gives its value or raises its failure. Emission respects demand:
     * completions are buffered, in order, until requested.
     *
     * <ul>
     *   <li>{@code timeout} (zero or negative: at once) ends the Flux with {@link TimeoutException}
     *       after the tasks already done are emitted; every task keeps running.</li>
     *   <li>Cancelling the subscription cancels the tasks made here from plain Monos that are not
     *       done, never the tasks or futures passed in.</li>
     *   <li>Cancelling the awaiting task does the same and ends the Flux with the
     *       {@link CancelledException}, delivered into the body as at any await point.</li>
     * </ul>
     *
     * <p>Threads: subscribe it from a task; the tasks must belong to that task's loop, and every
     * signal is emitted on it. Linear in the number of awaitables (no {@code Flux.merge}).
     *
     * @param aws the awaitables; empty gives an empty Flux
     * @param timeout how long to wait for all at most, or {@code null} for no limit
     * @param <T> the value type
     * @return a cold Flux of the done tasks, in completion order
     * @throws NullPointerException if {@code aws} or an element of it is {@code null}
     */
    public static <T> Flux<Task<T>> asCompleted(Collection<? extends Mono<? extends T>> aws, @Nullable Duration timeout) {
        Objects.requireNonNull(aws, "aws");
        Mono<?>[] copy = aws.toArray(new Mono<?>[0]);
        EnsureFuture.checkElements(copy, "aws");
        return new AsCompleted<>(copy, timeout != null, timeout == null ? 0L : EventLoop.saturatedNanos(timeout));
    }

    /**
     * Awaits {@code aw} without letting a cancellation of the awaiting side reach it (asyncio's
     * {@code shield}).
     *
     * <p>Cancelling the awaiting task (or the subscription) raises {@link CancelledException} at
     * this await point at once, while {@code aw} keeps running to its end. Otherwise the Mono
     * mirrors {@code aw}: its value, its failure, or its cancellation when {@code aw} itself is
     * cancelled. A plain Mono runs as a new task at each subscription; a future or task that is
     * already done is returned as it is. A failure of {@code aw} after the awaiting side went away
     * is {@code aw}'s own to be awaited (or reported as never retrieved, as in asyncio).
     *
     * @param aw the awaitable to protect: a task or future, or a cold Mono to run as a task
     * @param <T> the value type
     * @return a cold Mono awaiting {@code aw} through a shield ({@code aw} itself when it is a done future)
     * @throws NullPointerException if {@code aw} is {@code null}
     */
    public static <T> Mono<T> shield(Mono<T> aw) {
        Objects.requireNonNull(aw, "aw");
        if (aw instanceof AsyncFuture<T> f && f.isDone()) {
            return f;
        }
        return new Shield<>(aw);
    }

    /**
     * Races the awaitables: the first to succeed wins and the others are cancelled (Reactor's
     * {@code Mono.firstWithValue}, with asyncio's cancellation).
     *
     * <p>At subscription a plain Mono becomes a task (the same instance once); tasks and futures
     * take part as they are, and are cancelled when they lose. Completing empty is a success too
     * (the race then completes empty). A failure only loses its racer; a racer cancelled by someone
     * else counts as failed. When every racer has failed, the Mono fails with an
     * {@link ExceptionGroup} of their failures, in the order they happened. An {@link Error} ends
     * the race at once, as itself, cancelling the others. Cancelling the awaiting task (or the
     * subscription) cancels every racer; once they are done the Mono fails with
     * {@link CancelledException}. Losers are cancelled, not awaited: a loser's failure after the
     * race was decided counts as retrieved.
     *
     * @param aws the racers, at least one
     * @param <T> the value type
     * @return a cold Mono of the winner's value
     * @throws NullPointerException if {@code aws} or an element of it is {@code null}
     * @throws IllegalArgumentException if {@code aws} is empty
     */
    public static <T> Mono<T> first(List<? extends Mono<? extends T>> aws) {
        Mono<?>[] copy = EnsureFuture.copyArguments(aws, "aws");
        if (copy.length == 0) {
            throw new IllegalArgumentException("Asyncio.first needs at least one racer: aws is empty");
        }
        return new First<>(copy);
    }

    /**
     * Runs the blocking {@code fn} on a worker thread and delivers its outcome on the loop (asyncio's
     * {@code to_thread}), with the caller's {@link ContextVar} values visible in {@code fn}.
     *
     * <p>The worker is one of Reactor's {@link reactor.core.scheduler.Schedulers#boundedElastic()}.
     * Each subscription calls {@code fn} once. Its value (or {@code null}: empty) or its exception,
     * checked ones included, is delivered on the subscriber's loop. Cancelling the awaiting task
     * raises {@link CancelledException} there at once but does not interrupt {@code fn}, which runs to
     * its end; its outcome is then dropped. While {@code fn} runs, a virtual-time loop does not move
     * its clock past it.
     *
     * @param fn the blocking work
     * @param <T> the value type
     * @return a cold Mono of {@code fn}'s value; subscribe it from a task (without a running loop it
     *     fails with {@link IllegalStateException})
     * @throws NullPointerException if {@code fn} is {@code null}
     */
    public static <T> Mono<T> toThread(Callable<T> fn) {
        Objects.requireNonNull(fn, "fn");
        return new ToThread<>(fn, Schedulers.boundedElastic());
    }

    static EventLoop runningLoop(String what) {
        EventLoop loop = EventLoop.currentOrNull();
        if (loop == null) {
            throw new IllegalStateException(Failures.noRunningLoop(what));
        }
        return loop;
    }
}

