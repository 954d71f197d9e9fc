package io.github.asyncio4j.samples;

import io.github.asyncio4j.Asyncio;
import io.github.asyncio4j.CancelledException;
import io.github.asyncio4j.EventLoop;
import io.github.asyncio4j.Task;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import reactor.core.publisher.Mono;

/**
 * Seed 000, "Common Task Operations": what a task offers, one operation at a time: create it,
 * ask whether it is done, await its result, cancel it, await it under a timeout.
 *
 * <p>The Python fragment:
 * <pre>{@code
 * # Create a task
 * task = asyncio.create_task(some_coroutine())
 *
 * # Check if a task is done
 * if task.done():
 *     print("Task is completed")
 *
 * # Cancel a task
 * task.cancel()
 *
 * # Get the result (will wait if not done)
 * result = await task
 *
 * # Set a timeout
 * try:
 *     result = await asyncio.wait_for(task, timeout=5.0)
 * except asyncio.TimeoutError:
 *     print("Task took too long!")
 * }</pre>
 *
 * <p>Run as written (inside a {@code main} coroutine), CPython prints nothing: the task is
 * cancelled just before {@code await task}, so that line raises {@code CancelledError} and the
 * program ends with it. This twin does what the fragment means: each operation gets its own task,
 * where it shows. {@code some_coroutine} is {@link #someCoroutine}: it works for a given time,
 * then returns {@code "some result"}. It prints:
 * <pre>
 * Task is not done yet
 * Result: some result
 * Task is completed
 * Task was cancelled
 * Task took too long!
 * Is the task cancelled? true
 * </pre>
 * The first three lines come at 0 s, 1 s and 1 s; cancelling a task that has not started yet ends
 * it before its body runs, still at 1 s; {@code waitFor} gives up on the 10-second task after 5 s,
 * at 6 s, and cancels it (as {@code asyncio.wait_for} does).
 */
public final class CommonTaskOperations {

    private CommonTaskOperations() {
    }

    /**
     * Runs the sample on a real-time loop, printing to standard output.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        run(EventLoop.builder(), System.out::println);
    }

    /**
     * Runs the sample with {@code Asyncio.run} on a loop built from {@code loop}.
     *
     * @param loop the options of the loop to run on ({@code EventLoop.builder().virtualTime()} in tests)
     * @param out where each line goes, in the order printed
     * @throws NullPointerException if {@code loop} or {@code out} is {@code null}
     */
    public static void run(EventLoop.Builder loop, Consumer<String> out) {
        Objects.requireNonNull(loop, "loop");
        Objects.requireNonNull(out, "out");
        Asyncio.run(() -> main(out), loop);
    }

    static Mono<String> someCoroutine(Duration work) {
        return Asyncio.sleep(work, "some result");
    }

    static Mono<Void> main(Consumer<String> out) {
        return getTheResult(out)
                .then(cancelATask(out))
                .then(setATimeout(out));
    }

    static Mono<Void> getTheResult(Consumer<String> out) {
        return Mono.defer(() -> {
            // Create a task
            Task<String> task = Asyncio.createTask(someCoroutine(Duration.ofSeconds(1)));

            // Check if a task is done: not yet, it has not even started
            printIfDone(task, out);

            // Get the result (will wait if not done)
            return task.doOnNext(result -> {
                out.accept("Result: " + result);
                printIfDone(task, out);
            }).then();
        });
    }

    static void printIfDone(Task<?> task, Consumer<String> out) {
        if (task.isDone()) {
            out.accept("Task is completed");
        } else {
            out.accept("Task is not done yet");
        }
    }

    static Mono<Void> cancelATask(Consumer<String> out) {
        return Mono.defer(() -> {
            Task<String> task = Asyncio.createTask(someCoroutine(Duration.ofSeconds(1)));

            // Cancel a task
            task.cancel();

            // Awaiting a cancelled task raises CancelledException
            return task.then()
                    .onErrorResume(CancelledException.class, e -> {
                        out.accept("Task was cancelled");
                        return Mono.empty();
                    });
        });
    }

    static Mono<Void> setATimeout(Consumer<String> out) {
        return Mono.defer(() -> {
            Task<String> task = Asyncio.createTask(someCoroutine(Duration.ofSeconds(10)));

            // Set a timeout
            return Asyncio.waitFor(task, Duration.ofSeconds(5))
                    .doOnNext(result -> out.accept("Result: " + result))
                    .onErrorResume(TimeoutException.class, e -> {    // except asyncio.TimeoutError:
                        out.accept("Task took too long!");
                        return Mono.empty();
                    })
                    // wait_for cancels what it gave up on
                    .then(Mono.fromRunnable(() -> out.accept("Is the task cancelled? " + task.isCancelled())));
        });
    }
}
