package io.github.asyncio4j.samples;

import io.github.asyncio4j.AsyncSemaphore;
import io.github.asyncio4j.Asyncio;
import io.github.asyncio4j.EventLoop;
import io.github.asyncio4j.Task;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import reactor.core.publisher.Mono;

/**
 * Seed 003, {@code asyncio.Semaphore(3)}: ten tasks of 2 s each, at most three running at once,
 * so they run in four waves and take 8 s.
 *
 * <p>The Python original:
 * <pre>{@code
 * async def limited_task(semaphore, task_id):
 *     async with semaphore:
 *         print(f"Task {task_id} is running")
 *         await asyncio.sleep(2)
 *         print(f"Task {task_id} has completed")
 *
 * async def main():
 *     semaphore = asyncio.Semaphore(3)  # Limit to 3 concurrent tasks
 *     tasks = [asyncio.create_task(limited_task(semaphore, i)) for i in range(10)]
 *     await asyncio.gather(*tasks)
 * }</pre>
 *
 * <p>{@code async with semaphore:} is {@link AsyncSemaphore#withPermit}: it acquires a permit,
 * then calls the supplier, and releases the permit when the body ends in any way. Waiting tasks
 * get the permits in the order they asked. It prints (tasks 0-2 start at 0 s, 3-5 at 2 s, 6-8 at
 * 4 s, 9 at 6 s; each completes 2 s after it starts):
 * <pre>
 * Task 0 is running
 * Task 1 is running
 * Task 2 is running
 * Task 0 has completed
 * Task 1 has completed
 * Task 2 has completed
 * Task 3 is running
 * Task 4 is running
 * Task 5 is running
 * Task 3 has completed
 * Task 4 has completed
 * Task 5 has completed
 * Task 6 is running
 * Task 7 is running
 * Task 8 is running
 * Task 6 has completed
 * Task 7 has completed
 * Task 8 has completed
 * Task 9 is running
 * Task 9 has completed
 * </pre>
 */
public final class SemaphoreLimit {

    private SemaphoreLimit() {
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

    static Mono<Void> limitedTask(AsyncSemaphore semaphore, int taskId, Consumer<String> out) {
        return semaphore.withPermit(() -> {                 // async with semaphore:
            out.accept("Task " + taskId + " is running");
            return Asyncio.sleep(Duration.ofSeconds(2))
                    .then(Mono.fromRunnable(() -> out.accept("Task " + taskId + " has completed")));
        });
    }

    static Mono<Void> main(Consumer<String> out) {
        return Mono.defer(() -> {
            AsyncSemaphore semaphore = new AsyncSemaphore(3);   // Limit to 3 concurrent tasks
            List<Task<Void>> tasks = IntStream.range(0, 10)
                    .mapToObj(i -> Asyncio.createTask(limitedTask(semaphore, i, out)))
                    .collect(Collectors.toList());
            return Asyncio.gather(tasks).then();
        });
    }
}
