package io.github.asyncio4j.samples;

import io.github.asyncio4j.Asyncio;
import io.github.asyncio4j.CancelledException;
import io.github.asyncio4j.EventLoop;
import io.github.asyncio4j.InvalidStateException;
import io.github.asyncio4j.Task;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import reactor.core.publisher.Mono;

/**
 * Seed 001, "Example 3: Accessing Task Result and Checking Completion": {@code result()} on a
 * task that is not done raises {@link InvalidStateException} ({@code "Result is not set."}); once
 * it is done, awaiting it gives its data at once and {@code isDone()} says so.
 *
 * <p>The Python original:
 * <pre>{@code
 * async def fetch_data(input_data, delay):
 *     await asyncio.sleep(delay)
 *     return {"input_data": input_data, "timestamp": str(datetime.now())}
 *
 * async def main():
 *     task = asyncio.create_task(fetch_data(3, 3))
 *
 *     try:
 *         data = task.result()  # Attempt to access the result immediately
 *         print("Retrieved data without waiting:", data)
 *     except asyncio.InvalidStateError as e:
 *         print(f"Error: {e}")
 *
 *     await asyncio.sleep(4)  # Wait for the task to complete
 *     try:
 *         data = await task
 *         print("Retrieved data after waiting:", data)
 *     except asyncio.CancelledError:
 *         print("Task was canceled.")
 *
 *     print("Is the task done?", task.done())
 * }</pre>
 *
 * <p>It prints (the first line at 0 s, the others at 4 s; the data was fetched at 3 s; Python
 * prints {@code True}, Java {@code true}):
 * <pre>
 * Error: Result is not set.
 * Retrieved data after waiting: FetchedData[inputData=3, timestamp=3.000s]
 * Is the task done? true
 * </pre>
 */
public final class ResultBeforeDone {

    private ResultBeforeDone() {
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

    static Mono<FetchedData> fetchData(int inputData, int delay, long start) {
        return Asyncio.sleep(Duration.ofSeconds(delay))
                .then(Mono.fromSupplier(() -> FetchedData.now(inputData, start)));
    }

    static Mono<Void> main(Consumer<String> out) {
        return Mono.defer(() -> {
            long start = EventLoop.running().time();    // what the timestamps count from
            Task<FetchedData> task = Asyncio.createTask(fetchData(3, 3, start));

            try {
                FetchedData data = task.result();   // Attempt to access the result immediately
                out.accept("Retrieved data without waiting: " + data);
            } catch (InvalidStateException e) {
                out.accept("Error: " + e.getMessage());
            }

            return Asyncio.sleep(Duration.ofSeconds(4))     // Wait for the task to complete
                    .then(task)                             // data = await task
                    .doOnNext(data -> out.accept("Retrieved data after waiting: " + data))
                    .onErrorResume(CancelledException.class, e -> {
                        out.accept("Task was canceled.");
                        return Mono.empty();
                    })
                    .then(Mono.fromRunnable(() -> out.accept("Is the task done? " + task.isDone())));
        });
    }
}
