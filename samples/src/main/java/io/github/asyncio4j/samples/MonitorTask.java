package io.github.asyncio4j.samples;

import io.github.asyncio4j.Asyncio;
import io.github.asyncio4j.EventLoop;
import io.github.asyncio4j.Task;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import reactor.core.publisher.Mono;

/**
 * Seed 003, monitoring a task: a coroutine polls {@code isDone()} every half second while a task
 * of 2 s runs, without blocking it.
 *
 * <p>The Python original:
 * <pre>{@code
 * async def my_coroutine():
 *     print("Coroutine started")
 *     await asyncio.sleep(2)
 *     print("Coroutine finished")
 *
 * async def monitor_task(task):
 *     while not task.done():
 *         print("Task is still running...")
 *         await asyncio.sleep(0.5)
 *     print("Task has completed.")
 *
 * async def main():
 *     task = asyncio.create_task(my_coroutine())
 *     await monitor_task(task)
 * }</pre>
 *
 * <p>The {@code while} loop becomes a recursive {@code Mono.defer}: each round checks the task,
 * sleeps, then defers to the next round. The monitor runs first (it is {@code main}'s own code,
 * the task starts at the next loop iteration); at 2 s the task's timer was armed before the
 * monitor's, so the task finishes first. It prints (at 0 s, 0 s, 0.5 s, 1 s, 1.5 s, 2 s, 2 s):
 * <pre>
 * Task is still running...
 * Coroutine started
 * Task is still running...
 * Task is still running...
 * Task is still running...
 * Coroutine finished
 * Task has completed.
 * </pre>
 */
public final class MonitorTask {

    private MonitorTask() {
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

    static Mono<Void> monitorTask(Task<?> task, Consumer<String> out) {
        return Mono.defer(() -> {
            if (task.isDone()) {
                out.accept("Task has completed.");
                return Mono.empty();
            }
            out.accept("Task is still running...");
            return Asyncio.sleep(Duration.ofMillis(500)).then(monitorTask(task, out));
        });
    }

    static Mono<Void> main(Consumer<String> out) {
        return Mono.defer(() -> {
            Task<Void> task = Asyncio.createTask(myCoroutine(out));
            return monitorTask(task, out);
        });
    }
}
