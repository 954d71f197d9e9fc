package io.github.asyncio4j.samples;

import io.github.asyncio4j.Asyncio;
import io.github.asyncio4j.EventLoop;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import reactor.core.publisher.Mono;

/**
 * Seed 002, {@code asyncio.wait_for}: a coroutine that needs 5 s is given 2; at 2 s it is
 * cancelled (so {@code "Task finished!"} is never printed) and {@code waitFor} raises
 * {@link TimeoutException}.
 *
 * <p>The Python original:
 * <pre>{@code
 * async def slow_task():
 *     print("Task started...")
 *     await asyncio.sleep(5)  # Simulating a long-running task
 *     print("Task finished!")
 *     return "Completed"
 *
 * async def main():
 *     try:
 *         # Wait for slow_task to finish within 2 seconds
 *         result = await asyncio.wait_for(slow_task(), timeout=2)
 *         print(result)
 *     except asyncio.TimeoutError:
 *         print("The task took too long and was canceled!")
 * }</pre>
 *
 * <p>As in CPython 3.12+, a cold Mono given to {@code waitFor} runs inside the awaiting task, under
 * a timeout. It prints (at 0 s and 2 s):
 * <pre>
 * Task started...
 * The task took too long and was canceled!
 * </pre>
 */
public final class WaitForCancelsSlowTask {

    private WaitForCancelsSlowTask() {
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

    static Mono<String> slowTask(Consumer<String> out) {
        return Mono.defer(() -> {
            out.accept("Task started...");
            return Asyncio.sleep(Duration.ofSeconds(5));    // Simulating a long-running task
        }).then(Mono.fromSupplier(() -> {
            out.accept("Task finished!");
            return "Completed";
        }));
    }

    static Mono<Void> main(Consumer<String> out) {
        // Wait for slow_task to finish within 2 seconds
        return Asyncio.waitFor(slowTask(out), Duration.ofSeconds(2))
                .doOnNext(out)
                .then()
                .onErrorResume(TimeoutException.class, e -> {
                    out.accept("The task took too long and was canceled!");
                    return Mono.empty();
                });
    }
}
