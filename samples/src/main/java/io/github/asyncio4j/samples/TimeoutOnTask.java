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
 * Seed 001, "Example 4: Setting a Timeout for a Task": {@code waitFor} gives a 30-second fetch
 * 3 s, then cancels it and raises {@link TimeoutException} (asyncio's {@code TimeoutError}).
 *
 * <p>The Python original:
 * <pre>{@code
 * async def fetch_data(input_data, delay):
 *     await asyncio.sleep(delay)
 *     return {"input_data": input_data, "timestamp": str(datetime.now())}
 *
 * async def main():
 *     task = asyncio.create_task(fetch_data(5, 30))
 *
 *     try:
 *         data = await asyncio.wait_for(task, timeout=3)
 *         print("Retrieved data within the timeout:", data)
 *     except asyncio.TimeoutError:
 *         print("Request took too long. Try again.")
 *     except asyncio.CancelledError:
 *         print("Task was canceled.")
 * }</pre>
 *
 * <p>It prints, at 3 s:
 * <pre>
 * Request took too long. Try again.
 * </pre>
 */
public final class TimeoutOnTask {

    private TimeoutOnTask() {
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
     * @return whether the fetch task ended cancelled ({@code waitFor} cancels what it gives up on)
     * @throws NullPointerException if {@code loop} or {@code out} is {@code null}
     */
    public static boolean run(EventLoop.Builder loop, Consumer<String> out) {
        Objects.requireNonNull(loop, "loop");
        Objects.requireNonNull(out, "out");
        return Asyncio.run(() -> main(out), loop);
    }

    static Mono<FetchedData> fetchData(int inputData, int delay, long start) {
        return Asyncio.sleep(Duration.ofSeconds(delay))
                .then(Mono.fromSupplier(() -> FetchedData.now(inputData, start)));
    }

    static Mono<Boolean> main(Consumer<String> out) {
        return Mono.defer(() -> {
            long start = EventLoop.running().time();    // what the timestamps count from
            Task<FetchedData> task = Asyncio.createTask(fetchData(5, 30, start));

            return Asyncio.waitFor(task, Duration.ofSeconds(3))
                    .doOnNext(data -> out.accept("Retrieved data within the timeout: " + data))
                    .then()
                    .onErrorResume(TimeoutException.class, e -> {
                        out.accept("Request took too long. Try again.");
                        return Mono.empty();
                    })
                    .onErrorResume(CancelledException.class, e -> {
                        out.accept("Task was canceled.");
                        return Mono.empty();
                    })
                    .then(Mono.fromSupplier(task::isCancelled));
        });
    }
}
