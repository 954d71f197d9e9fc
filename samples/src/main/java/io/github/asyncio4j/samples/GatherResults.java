package io.github.asyncio4j.samples;

import io.github.asyncio4j.Asyncio;
import io.github.asyncio4j.EventLoop;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.function.Consumer;
import reactor.core.publisher.Mono;

/**
 * Seed 002, {@code asyncio.gather}: three coroutines of 1 to 3 s run concurrently; the gather
 * gives their results in the order they were passed in, once the slowest is done.
 *
 * <p>The Python original:
 * <pre>{@code
 * async def task(id):
 *     await asyncio.sleep(random.uniform(1, 3))
 *     return f"Task {id} done"
 *
 * async def main():
 *     results = await asyncio.gather(task(1), task(2), task(3))
 *     print(results)
 * }</pre>
 *
 * <p>The delays come from a {@link Random} seeded with {@link #SEED}, in whole milliseconds, so
 * that every run prints at the same loop time: tasks 1, 2 and 3 take 2.323 s, 1.848 s and
 * 2.104 s; task 2 finishes first, yet the list keeps the argument order. A Java list prints
 * without Python's quotes. It prints, at 2.323 s:
 * <pre>
 * [Task 1 done, Task 2 done, Task 3 done]
 * </pre>
 */
public final class GatherResults {

    /** The seed of the random delays, fixed so that the output and its timing are reproducible. */
    static final long SEED = 2024;

    private GatherResults() {
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
     * @return the results, in argument order
     * @throws NullPointerException if {@code loop} or {@code out} is {@code null}
     */
    public static List<String> run(EventLoop.Builder loop, Consumer<String> out) {
        Objects.requireNonNull(loop, "loop");
        Objects.requireNonNull(out, "out");
        return Asyncio.run(() -> main(new Random(SEED), out), loop);
    }

    /** Python's {@code random.uniform(1, 3)} seconds, in whole milliseconds. */
    static Duration uniform1To3(Random random) {
        return Duration.ofMillis(1000 + random.nextInt(2001));
    }

    static Mono<String> task(int id, Random random) {
        return Mono.defer(() -> Asyncio.sleep(uniform1To3(random), "Task " + id + " done"));
    }

    static Mono<List<String>> main(Random random, Consumer<String> out) {
        return Asyncio.gather(List.of(task(1, random), task(2, random), task(3, random)))
                .doOnNext(results -> out.accept(results.toString()));
    }
}
