package io.github.asyncio4j.samples;

import io.github.asyncio4j.Asyncio;
import io.github.asyncio4j.EventLoop;
import io.github.asyncio4j.Task;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import reactor.core.publisher.Mono;

/**
 * Seed 002, {@code asyncio.create_task} with a name: tasks can be named when they are created
 * (and renamed with {@code setName}), which helps debugging and logging; both greetings come
 * after 1 s, since the tasks run concurrently.
 *
 * <p>The Python original:
 * <pre>{@code
 * # Define a coroutine
 * async def greet(name):
 *     await asyncio.sleep(1)  # Simulate an I/O-bound operation
 *     print(f"Hello, {name}!")
 *
 * async def main():
 *     # Create tasks
 *     task1 = asyncio.create_task(greet("Alice"), name="GreetingAlice")
 *     task2 = asyncio.create_task(greet("Bob"), name="GreetingBob")
 *
 *     # Check task names
 *     print(f"Task 1 name: {task1.get_name()}")
 *     print(f"Task 2 name: {task2.get_name()}")
 *
 *     # Wait for both tasks to complete
 *     await task1
 *     await task2
 * }</pre>
 *
 * <p>It prints (the names at 0 s, the greetings at 1 s):
 * <pre>
 * Task 1 name: GreetingAlice
 * Task 2 name: GreetingBob
 * Hello, Alice!
 * Hello, Bob!
 * </pre>
 */
public final class NamedTasks {

    private NamedTasks() {
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

    static Mono<Void> greet(String name, Consumer<String> out) {
        return Asyncio.sleep(Duration.ofSeconds(1))     // Simulate an I/O-bound operation
                .then(Mono.fromRunnable(() -> out.accept("Hello, " + name + "!")));
    }

    static Mono<Void> main(Consumer<String> out) {
        return Mono.defer(() -> {
            // Create tasks
            Task<Void> task1 = Asyncio.createTask(greet("Alice", out), "GreetingAlice");
            Task<Void> task2 = Asyncio.createTask(greet("Bob", out), "GreetingBob");

            // Check task names
            out.accept("Task 1 name: " + task1.getName());
            out.accept("Task 2 name: " + task2.getName());

            // Wait for both tasks to complete
            return task1.then(task2);
        });
    }
}
