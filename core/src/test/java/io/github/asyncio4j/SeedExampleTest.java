package io.github.asyncio4j;

import static io.github.asyncio4j.TestLoops.SECOND;
import static io.github.asyncio4j.TestLoops.now;
import static io.github.asyncio4j.TestLoops.runVirtual;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/**
 * The first seed example ({@code seeds/000}, "Asyncio Tasks: Managing Concurrent Operations"),
 * ported: two tasks created with {@code createTask}, sleeping 3 s and 1 s, run concurrently, so
 * the whole takes 3 s of loop time, task 2 finishes first, and the results come in order.
 *
 * <pre>{@code
 * async def process_item(item_id, delay):
 *     print(f"Starting to process item {item_id}")
 *     await asyncio.sleep(delay)
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
 */
class SeedExampleTest {

    @Test
    @DisplayName("seed 000: two tasks of 3 s and 1 s finish in 3 s of loop time, task 2 first, results in order")
    void twoTasksRunConcurrently() {
        List<String> out = new ArrayList<>();
        long total = runVirtual(() -> {
            Task<String> task1 = Asyncio.createTask(processItem(out, 1, 3));
            Task<String> task2 = Asyncio.createTask(processItem(out, 2, 1));
            out.add("Tasks are now running in the background!");
            return task1.flatMap(result1 -> task2.map(result2 -> {
                out.add("All done! Results: " + result1 + ", " + result2);
                return now();
            }));
        });
        assertThat(out).containsExactly(
                "Tasks are now running in the background!",
                "@0s Starting to process item 1",
                "@0s Starting to process item 2",
                "@1s Finished processing item 2 after 1 seconds",
                "@3s Finished processing item 1 after 3 seconds",
                "All done! Results: Result for item 1, Result for item 2");
        assertThat(total).isEqualTo(3 * SECOND);
    }

    private static Mono<String> processItem(List<String> out, int itemId, int delay) {
        return Mono.defer(() -> {
            out.add("@" + now() / SECOND + "s Starting to process item " + itemId);
            return Asyncio.sleep(Duration.ofSeconds(delay));
        }).then(Mono.fromCallable(() -> {
            out.add("@" + now() / SECOND + "s Finished processing item " + itemId + " after " + delay + " seconds");
            return "Result for item " + itemId;
        }));
    }
}
