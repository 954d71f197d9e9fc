package io.github.asyncio4j.samples;

import io.github.asyncio4j.Asyncio;
import io.github.asyncio4j.EventLoop;
import io.github.asyncio4j.Task;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import reactor.core.publisher.Mono;

/**
 * Seed 000, "Asyncio Tasks: Managing Concurrent Operations": two tasks made with
 * {@code createTask} run concurrently, so work of 3 s and 1 s takes 3 s in all, not 4. Task 2
 * finishes first, yet awaiting task 1 and then task 2 gives the results in that order.
 *
 * <p>The Python original:
 * <pre>{@code
 * async def process_item(item_id, delay):
 *     print(f"Starting to process item {item_id}")
 *     await asyncio.sleep(delay)  # Simulates some work
 *     print(f"Finished processing item {item_id} after {delay} seconds")
 *     return f"Result for item {item_id}"
 *
 * async def main():
 *     task1 = asyncio.create_task(process_item(1, 3))
 *     task2 = asyncio.create_task(process_item(2, 1))
 *     print("Tasks are now running in the background!")
 *     result1 = await task1
 *     result2 = await task2
 *     print(f"All done! Results: {result1}, {result2}")
 * }</pre>
 *
 * <p>It prints, as Python does ({@code create_task} does not start the body: the tasks start
 * once {@code main} awaits):
 * <pre>
 * Tasks are now running in the background!
 * Starting to process item 1
 * Starting to process item 2
 * Finished processing item 2 after 1 seconds
 * Finished processing item 1 after 3 seconds
 * All done! Results: Result for item 1, Result for item 2
 * Total time taken: 3.00 seconds
 * </pre>
 */
public final class CreatingTasks {

    private CreatingTasks() {
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
     * Runs the sample with {@code Asyncio.run} on a loop built from {@code loop}, then prints the
     * total time, measured on that loop's clock.
     *
     * @param loop the options of the loop to run on ({@code EventLoop.builder().virtualTime()} in tests)
     * @param out where each line goes, called in the order Python prints them
     * @return the results of task 1 and task 2, in that order
     * @throws NullPointerException if {@code loop} or {@code out} is {@code null}
     */
    public static List<String> run(EventLoop.Builder loop, Consumer<String> out) {
        Objects.requireNonNull(loop, "loop");
        Objects.requireNonNull(out, "out");
        // tag::readme-run[]
        Elapsed<List<String>> timed = Asyncio.run(() -> Elapsed.measure(main(out)), loop);
        out.accept(timed.totalTimeTaken());
        // end::readme-run[]
        return timed.value();
    }

    // tag::readme[]
    static Mono<String> processItem(int itemId, int delay, Consumer<String> out) {
        return Mono.defer(() -> {
            out.accept("Starting to process item " + itemId);
            return Asyncio.sleep(Duration.ofSeconds(delay)); // Simulates some work
        }).then(Mono.fromSupplier(() -> {
            out.accept("Finished processing item " + itemId + " after " + delay + " seconds");
            return "Result for item " + itemId;
        }));
    }

    static Mono<List<String>> main(Consumer<String> out) {
        return Mono.defer(() -> {
            // Create two tasks that will run concurrently
            Task<String> task1 = Asyncio.createTask(processItem(1, 3, out));
            Task<String> task2 = Asyncio.createTask(processItem(2, 1, out));

            out.accept("Tasks are now running in the background!");

            // Wait for both tasks to complete and get their results
            return task1.flatMap(result1 -> task2.map(result2 -> {
                out.accept("All done! Results: " + result1 + ", " + result2);
                return List.of(result1, result2);
            }));
        });
    }
    // end::readme[]
}
