package io.github.asyncio4j.samples;

import io.github.asyncio4j.Asyncio;
import io.github.asyncio4j.CancelledException;
import io.github.asyncio4j.EventLoop;
import io.github.asyncio4j.Task;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import reactor.core.publisher.Mono;

/**
 * Seed 003, cancelling a task: after 1 s {@code main} cancels a task that needs 2 s. The
 * cancellation is delivered into the task at its {@code sleep} as a {@link CancelledException}
 * (so {@code "Coroutine finished"} is never printed) and awaiting the task raises it.
 *
 * <p>The Python original:
 * <pre>{@code
 * async def my_coroutine():
 *     print("Coroutine started")
 *     await asyncio.sleep(2)
 *     print("Coroutine finished")
 *
 * async def main():
 *     task = asyncio.create_task(my_coroutine())
 *     await asyncio.sleep(1)  # Let the task run for a bit
 *     task.cancel()  # Request cancellation
 *     try:
 *         await task
 *     except asyncio.CancelledError:
 *         print("Task was cancelled")
 * }</pre>
 *
 * <p>It prints (at 0 s and 1 s):
 * <pre>
 * Coroutine started
 * Task was cancelled
 * </pre>
 */
public final class CancelTask {

    private CancelTask() {
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

    static Mono<Void> myCoroutine(Consumer<String> out) {
        return Mono.defer(() -> {
            out.accept("Coroutine started");
            return Asyncio.sleep(Duration.ofSeconds(2));
        }).then(Mono.fromRunnable(() -> out.accept("Coroutine finished")));
    }

    static Mono<Void> main(Consumer<String> out) {
        return Mono.defer(() -> {
            Task<Void> task = Asyncio.createTask(myCoroutine(out));
            return Asyncio.sleep(Duration.ofSeconds(1))     // Let the task run for a bit
                    .then(Mono.fromRunnable(task::cancel))  // Request cancellation
                    .then(task)                             // await task
                    .onErrorResume(CancelledException.class, e -> {
                        out.accept("Task was cancelled");
                        return Mono.empty();
                    });
        });
    }
}
