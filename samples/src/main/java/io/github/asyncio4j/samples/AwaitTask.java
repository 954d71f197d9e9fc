package io.github.asyncio4j.samples;

import io.github.asyncio4j.Asyncio;
import io.github.asyncio4j.EventLoop;
import io.github.asyncio4j.Task;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import reactor.core.publisher.Mono;

/**
 * Seed 003, the basic task: a task needs a running event loop, so it is created inside
 * {@code main}, which {@code Asyncio.run} runs, and awaited there so that the program does not end
 * before it.
 *
 * <p>The Python original, in two fragments:
 * <pre>{@code
 * async def my_coroutine():
 *     print("Coroutine started")
 *     await asyncio.sleep(2)
 *     print("Coroutine finished")
 *
 * # Create a task
 * task = asyncio.create_task(my_coroutine())
 *
 * async def main():
 *     task = asyncio.create_task(my_coroutine())
 *     await task  # Wait for the task to complete
 *
 * asyncio.run(main())
 * }</pre>
 *
 * <p>The first fragment, run at the top level of a module, fails in CPython with
 * {@code RuntimeError: no running event loop} (and a warning that the coroutine was never
 * awaited), as the tutorial's next paragraph hints. The twin shows both: {@code Asyncio.createTask}
 * outside any loop fails with an {@link IllegalStateException} saying what to do; inside
 * {@code main} it works. It prints (the first line before the loop starts, then at 0 s and 2 s):
 * <pre>
 * Outside a loop: no running event loop: Asyncio.createTask needs one. Run it inside a task: ...
 * Coroutine started
 * Coroutine finished
 * </pre>
 */
public final class AwaitTask {

    private AwaitTask() {
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
     * Tries to create a task with no loop running, then runs the sample with {@code Asyncio.run}
     * on a loop built from {@code loop}.
     *
     * @param loop the options of the loop to run on ({@code EventLoop.builder().virtualTime()} in tests)
     * @param out where each line goes, in the order printed
     * @throws NullPointerException if {@code loop} or {@code out} is {@code null}
     */
    public static void run(EventLoop.Builder loop, Consumer<String> out) {
        Objects.requireNonNull(loop, "loop");
        Objects.requireNonNull(out, "out");
        try {
            // Create a task: not here, on a thread that runs no loop
            Asyncio.createTask(myCoroutine(out));
        } catch (IllegalStateException e) {
            out.accept("Outside a loop: " + e.getMessage());
        }
        Asyncio.run(() -> main(out), loop);
    }

    static Mono<Void> myCoroutine(Consumer<String> out) {
        return Mono.defer(() -> {
            out.accept("Coroutine started");
            return Asyncio.sleep(Duration.ofSeconds(2));
        }).then(Mono.fromRunnable(() -> out.accept("Coroutine finished")));
    }

    static Mono<Void> main(Consumer<String> out) {
        return Mono.defer(() -> {
            Task<Void> task = Asyncio.createTask(myCoroutine(out));
            return task;    // Wait for the task to complete
        });
    }
}
