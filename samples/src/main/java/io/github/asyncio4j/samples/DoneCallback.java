package io.github.asyncio4j.samples;

import io.github.asyncio4j.AsyncFuture;
import io.github.asyncio4j.Asyncio;
import io.github.asyncio4j.EventLoop;
import io.github.asyncio4j.Task;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import reactor.core.publisher.Mono;

/**
 * Seed 003, a done callback: {@code addDoneCallback} registers a function that the loop calls
 * once the task is done, however it ended; it runs as a loop callback of its own, before
 * {@code main} (which awaits the task) resumes, because it was registered first.
 *
 * <p>The Python original:
 * <pre>{@code
 * async def my_coroutine():
 *     print("Coroutine started")
 *     await asyncio.sleep(2)
 *     print("Coroutine finished")
 *
 * def task_callback(task):
 *     if task.exception() is not None:
 *         print(f"Task raised an exception: {task.exception()}")
 *     else:
 *         print("Task completed successfully.")
 *
 * async def main():
 *     task = asyncio.create_task(my_coroutine())
 *     task.add_done_callback(task_callback)
 *     await task
 * }</pre>
 *
 * <p>It prints (at 0 s, 2 s, 2 s):
 * <pre>
 * Coroutine started
 * Coroutine finished
 * Task completed successfully.
 * </pre>
 */
public final class DoneCallback {

    private DoneCallback() {
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

    static void taskCallback(AsyncFuture<?> task, Consumer<String> out) {
        if (task.exception() != null) {
            out.accept("Task raised an exception: " + task.exception().getMessage());
        } else {
            out.accept("Task completed successfully.");
        }
    }

    static Mono<Void> main(Consumer<String> out) {
        return Mono.defer(() -> {
            Task<Void> task = Asyncio.createTask(myCoroutine(out));
            task.addDoneCallback(done -> taskCallback(done, out));
            return task;
        });
    }
}
