package io.github.asyncio4j.bridge;

import io.github.asyncio4j.AsyncFuture;
import io.github.asyncio4j.CancelledException;
import io.github.asyncio4j.TaskGroup;
import io.github.asyncio4j.internal.Kernel;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The boundary between a task and the rest of a Reactor application: foreign publishers and
 * futures brought onto the loop as await points, asyncio futures handed out as
 * {@link CompletableFuture}s, and a bounded concurrent map.
 *
 * <p>Why adopt: a task's body may subscribe any {@code Publisher}, but a foreign one (a
 * {@code WebClient} call, an R2DBC query) signals on its own threads, so the operators after it
 * would run off the loop, and cancelling the task can only stop it Reactor-style, ending the task
 * at once without cleanup. Adopted, every signal reaches the body on the task's loop thread as a
 * step of the task, and cancelling the task cancels the foreign subscription and delivers a
 * {@link CancelledException} into the body, where it can clean up like at any other await point.
 *
 * <p>Everything here returns a cold publisher meant to be subscribed from a task's body (subscribed
 * on a loop thread outside any task it still delivers on that loop; with no loop at all it fails
 * with an {@link IllegalStateException} saying so). The methods may be called from any thread.
 */
public final class Bridge {

    private Bridge() {
    }

    /**
     * Adopts a foreign {@code Mono} into the subscribing task (the bridge's version of awaiting a
     * foreign awaitable): it is subscribed from the task, its signals are delivered on the task's
     * loop thread as steps of the task, and it is a cancellation point: cancelling the task
     * cancels {@code foreign} and delivers a {@link CancelledException} into the body. A task or
     * {@link AsyncFuture} is returned as it is: awaiting it already is all of that (as asyncio's
     * {@code wrap_future} returns an asyncio future unchanged).
     *
     * <p>A foreign publisher that breaks Reactive Streams cannot corrupt the task: a signal after a
     * terminal one goes to Reactor's {@code onNextDropped}/{@code onErrorDropped} hooks, and values
     * that arrive after a cancellation go to Reactor's discard hook.
     *
     * @param foreign the publisher to adopt
     * @param <T> the value type
     * @return a cold Mono: each subscription subscribes {@code foreign} once
     * @throws NullPointerException if {@code foreign} is {@code null}
     */
    public static <T> Mono<T> adopt(Mono<T> foreign) {
        Objects.requireNonNull(foreign, "foreign");
        if (foreign instanceof AsyncFuture<T>) {
            return foreign;
        }
        return Kernel.access().adoptMono(foreign);
    }

    /**
     * Adopts a foreign {@code Flux} into the subscribing task: as {@link #adopt(Mono)}, for every
     * value; demand flows from the body to {@code foreign} unchanged (values that arrive beyond it
     * are kept until requested).
     *
     * @param foreign the publisher to adopt
     * @param <T> the value type
     * @return a cold Flux: each subscription subscribes {@code foreign} once
     * @throws NullPointerException if {@code foreign} is {@code null}
     */
    public static <T> Flux<T> adopt(Flux<T> foreign) {
        Objects.requireNonNull(foreign, "foreign");
        return Kernel.access().adoptFlux(foreign);
    }

    /**
     * Adopts any Reactive Streams {@code Publisher} (an R2DBC {@code Result}, a driver's stream)
     * into the subscribing task, as {@link #adopt(Flux)}.
     *
     * @param foreign the publisher to adopt
     * @param <T> the value type
     * @return a cold Flux: each subscription subscribes {@code foreign} once
     * @throws NullPointerException if {@code foreign} is {@code null}
     */
    public static <T> Flux<T> adopt(Publisher<T> foreign) {
        Objects.requireNonNull(foreign, "foreign");
        return Kernel.access().adoptFlux(foreign);
    }

    /**
     * Awaits a {@link CompletionStage} from a task (asyncio's {@code wrap_future}): its outcome is
     * delivered on the task's loop thread, a {@code null} result completes empty, and the failure
     * arrives as itself (unwrapped from {@code CompletionException}/{@code ExecutionException}); a
     * stage cancelled elsewhere raises {@link CancelledException} in the body. It is a
     * cancellation point: cancelling the task, or the subscription, cancels the stage when it is a
     * {@link java.util.concurrent.Future} (as a {@link CompletableFuture} is) and delivers
     * {@link CancelledException} into the body; a stage that cannot be cancelled is left to finish
     * and its outcome is dropped.
     *
     * @param stage the stage to await
     * @param <T> the value type
     * @return a cold Mono of the stage's outcome
     * @throws NullPointerException if {@code stage} is {@code null}
     */
    public static <T> Mono<T> fromFuture(CompletionStage<T> stage) {
        Objects.requireNonNull(stage, "stage");
        return Kernel.access().adoptMono(new MonoFromFuture<>(stage));
    }

    /**
     * A {@link CompletableFuture} of an asyncio future or task, for code outside the loop
     * (asyncio's {@code wrap_future} the other way, or {@code run_coroutine_threadsafe}'s future):
     * completed on the loop thread with its value ({@code null} when it completed empty) or its
     * failure, or cancelled when it was cancelled. Cancelling the {@code CompletableFuture}
     * cancels {@code future}. The {@code CompletableFuture} takes charge of the failure: it is
     * no longer reported as never retrieved. Stages made from it do not cancel {@code future}.
     *
     * @param future the future or task to follow
     * @param <T> the value type
     * @return a {@code CompletableFuture} following {@code future}
     * @throws NullPointerException if {@code future} is {@code null}
     * @throws java.util.concurrent.RejectedExecutionException if {@code future} is pending and its loop is closed
     */
    public static <T> CompletableFuture<T> toFuture(AsyncFuture<T> future) {
        Objects.requireNonNull(future, "future");
        return Kernel.access().toCompletableFuture(future);
    }

    /**
     * A bounded, ordered, concurrent map: the gather every user writes by hand. Use it with
     * {@link Flux#transform}: {@code ids.transform(Bridge.mapConcurrent(this::fetch, 8))}.
     *
     * <p>Subscribed from a task, the Flux runs a {@link TaskGroup}: it adopts the source (see
     * {@link #adopt(Flux)}), calls {@code fn} on the loop thread for each element and runs the
     * Mono it returns as a task of the group, with at most {@code limit} such tasks at once. A task
     * holds its place from its start until its value has been emitted, so at most {@code limit}
     * values are ever buffered and the source is asked for a new element only when a place frees
     * (backpressure from end to end). Values are emitted in the source's order; a Mono that
     * completes empty contributes nothing. The Flux completes once the source has completed and
     * every task is done.
     *
     * <p>The first failure (a task's, {@code fn}'s, or the source's) cancels the tasks still
     * running and, once they have all finished their cleanup, errors the Flux with that failure
     * itself (failures raised during the cleanup are added to it as suppressed). A task cancelled
     * by someone else errors it with that {@link CancelledException}, as {@code gather} does.
     * Cancelling the Flux cancels every task, and cancelling the task that subscribed it
     * delivers {@link CancelledException} into every task and then into the subscriber.
     *
     * @param fn makes the work for one element; called on the loop thread, must not return {@code null}
     * @param limit how many tasks may run at once, at least 1
     * @param <T> the element type
     * @param <R> the result type
     * @return a function from the source Flux to the Flux of results
     * @throws NullPointerException if {@code fn} is {@code null}
     * @throws IllegalArgumentException if {@code limit} is less than 1
     */
    public static <T, R> Function<Flux<T>, Flux<R>> mapConcurrent(Function<? super T, ? extends Mono<? extends R>> fn,
                                                                  int limit) {
        Objects.requireNonNull(fn, "fn");
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, got " + limit
                    + ": it is how many tasks mapConcurrent runs at once");
        }
        return source -> new FluxMapConcurrent<>(Objects.requireNonNull(source, "source"), fn, limit);
    }
}
