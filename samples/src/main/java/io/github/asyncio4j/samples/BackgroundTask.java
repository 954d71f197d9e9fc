package io.github.asyncio4j.samples;

import io.github.asyncio4j.Asyncio;
import io.github.asyncio4j.EventLoop;
import io.github.asyncio4j.Task;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import reactor.core.publisher.Mono;

/**
 * Seed 001, "Example 1: Running a Task": {@code createTask} starts {@code fetch_data} in the
 * background while {@code main} goes on with other work; awaiting the task then gives its data.
 * The fetch takes 3 s and the other work 1 s, so the data arrives at 3 s.
 *
 * <p>The Python original:
 * <pre>{@code
 * async def fetch_data(input_data, delay):
 *     # Simulate fetching data from an API with a specified delay
 *     await asyncio.sleep(delay)
 *     return {"input_data": input_data, "timestamp": str(datetime.now())}
 *
 * async def main():
 *     task = asyncio.create_task(fetch_data(1, 3))
 *     print("Running other code while the task is active.")
 *     await asyncio.sleep(1)  # Simulate other code running concurrently
 *     data = await task
 *     print("Retrieved data:", data)
 * }</pre>
 *
 * <p>It prints (Python prints the dict, with the wall-clock time; the twin prints a
 * {@link FetchedData} stamped with the loop's clock, counted from the start of {@code main}):
 * <pre>
 * Running other code while the task is active.
 * Retrieved data: FetchedData[inputData=1, timestamp=3.000s]
 * </pre>
 */
public final class BackgroundTask {

    private BackgroundTask() {
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
     * @return the data the task fetched
     * @throws NullPointerException if {@code loop} or {@code out} is {@code null}
     */
    public static FetchedData run(EventLoop.Builder loop, Consumer<String> out) {
        Objects.requireNonNull(loop, "loop");
        Objects.requireNonNull(out, "out");
        return Asyncio.run(() -> main(out), loop);
    }

    static Mono<FetchedData> fetchData(int inputData, int delay, long start) {
        // Simulate fetching data from an API with a specified delay
        return Asyncio.sleep(Duration.ofSeconds(delay))
                .then(Mono.fromSupplier(() -> FetchedData.now(inputData, start)));
    }

    static Mono<FetchedData> main(Consumer<String> out) {
        return Mono.defer(() -> {
            long start = EventLoop.running().time();    // what the timestamps count from
            Task<FetchedData> task = Asyncio.createTask(fetchData(1, 3, start));
            out.accept("Running other code while the task is active.");
            return Asyncio.sleep(Duration.ofSeconds(1))     // Simulate other code running concurrently
                    .then(task)                             // data = await task
                    .doOnNext(data -> out.accept("Retrieved data: " + data));
        });
    }
}
