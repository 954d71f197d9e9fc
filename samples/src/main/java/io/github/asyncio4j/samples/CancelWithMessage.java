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
 * Seed 001, "Example 2: Canceling a Task": a 10-second fetch is cancelled after 1 s with a
 * message; awaiting the task then raises {@link CancelledException}, which carries the message.
 *
 * <p>The Python original:
 * <pre>{@code
 * async def fetch_data(input_data, delay):
 *     await asyncio.sleep(delay)
 *     return {"input_data": input_data, "timestamp": str(datetime.now())}
 *
 * async def main():
 *     task = asyncio.create_task(fetch_data(2, 10))
 *     await asyncio.sleep(1)  # Allow the task to start
 *     task.cancel("Took too long")
 *
 *     try:
 *         data = await task
 *         print("Retrieved data:", data)
 *     except asyncio.CancelledError:
 *         print("Task was canceled.")
 * }</pre>
 *
 * <p>It prints, at 1 s:
 * <pre>
 * Task was canceled.
 * </pre>
 */
public final class CancelWithMessage {

    private CancelWithMessage() {
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
     * @return the message of the {@link CancelledException} that awaiting the task raised
     * @throws NullPointerException if {@code loop} or {@code out} is {@code null}
     */
    public static String run(EventLoop.Builder loop, Consumer<String> out) {
        Objects.requireNonNull(loop, "loop");
        Objects.requireNonNull(out, "out");
        return Asyncio.run(() -> main(out), loop);
    }

    static Mono<FetchedData> fetchData(int inputData, int delay, long start) {
        return Asyncio.sleep(Duration.ofSeconds(delay))
                .then(Mono.fromSupplier(() -> FetchedData.now(inputData, start)));
    }

    static Mono<String> main(Consumer<String> out) {
        return Mono.defer(() -> {
            long start = EventLoop.running().time();    // what the timestamps count from
            Task<FetchedData> task = Asyncio.createTask(fetchData(2, 10, start));
            return Asyncio.sleep(Duration.ofSeconds(1))     // Allow the task to start
                    .then(Mono.fromRunnable(() -> task.cancel("Took too long")))
                    .then(task)                             // data = await task
                    .map(data -> {
                        out.accept("Retrieved data: " + data);
                        return "not cancelled";
                    })
                    .onErrorResume(CancelledException.class, e -> {
                        out.accept("Task was canceled.");
                        return Mono.just(e.getMessage());   // "Took too long"
                    });
        });
    }
}
