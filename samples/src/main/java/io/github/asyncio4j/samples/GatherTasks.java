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
 * Seed 003, {@code asyncio.gather} over two tasks: they run concurrently and the results come in
 * the order the tasks were passed, {@code null} for the coroutine that returns nothing
 * (Python's {@code None}).
 *
 * <p>The Python original:
 * <pre>{@code
 * async def my_coroutine():
 *     print("Coroutine started")
 *     await asyncio.sleep(2)
 *     print("Coroutine finished")
 *
 * async def another_coroutine():
 *     await asyncio.sleep(1)
 *     return "Result from another coroutine"
 *
 * async def main():
 *     task1 = asyncio.create_task(my_coroutine())
 *     task2 = asyncio.create_task(another_coroutine())
 *     results = await asyncio.gather(task1, task2)
 *     print(results)  # Outputs: [None, 'Result from another coroutine']
 * }</pre>
 *
 * <p>It prints (at 0 s, 2 s, 2 s; a Java list shows {@code null} and no quotes):
 * <pre>
 * Coroutine started
 * Coroutine finished
 * [null, Result from another coroutine]
 * </pre>
 */
public final class GatherTasks {

    private GatherTasks() {
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
     * @return the results, in the order the tasks were passed
     * @throws NullPointerException if {@code loop} or {@code out} is {@code null}
     */
    public static List<Object> run(EventLoop.Builder loop, Consumer<String> out) {
        Objects.requireNonNull(loop, "loop");
        Objects.requireNonNull(out, "out");
        return Asyncio.run(() -> main(out), loop);
    }

    static Mono<Void> myCoroutine(Consumer<String> out) {
        return Mono.defer(() -> {
            out.accept("Coroutine started");
            return Asyncio.sleep(Duration.ofSeconds(2));
        }).then(Mono.fromRunnable(() -> out.accept("Coroutine finished")));
    }

    static Mono<String> anotherCoroutine() {
        return Asyncio.sleep(Duration.ofSeconds(1), "Result from another coroutine");
    }

    static Mono<List<Object>> main(Consumer<String> out) {
        return Mono.defer(() -> {
            Task<Void> task1 = Asyncio.createTask(myCoroutine(out));
            Task<String> task2 = Asyncio.createTask(anotherCoroutine());
            return Asyncio.gather(task1, task2)
                    .doOnNext(results -> out.accept(String.valueOf(results)));
        });
    }
}
