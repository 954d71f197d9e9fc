package io.github.asyncio4j.samples;

import io.github.asyncio4j.Asyncio;
import io.github.asyncio4j.EventLoop;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import reactor.core.publisher.Mono;

/**
 * Seed 002, {@code asyncio.as_completed}: three coroutines of 1 to 3 s run concurrently, and each
 * result is handled as soon as it is ready, in the order they finish.
 *
 * <p>The Python original:
 * <pre>{@code
 * async def task(id):
 *     await asyncio.sleep(random.uniform(1, 3))
 *     return f"Task {id} done"
 *
 * async def main():
 *     tasks = [task(i) for i in range(3)]
 *     for coro in asyncio.as_completed(tasks):
 *         result = await coro
 *         print(result)
 * }</pre>
 *
 * <p>{@code asCompleted} is a {@code Flux} of the done tasks (as 3.13's {@code async for}); awaiting
 * each one ({@code concatMap}) gives its result. The delays come from a {@link Random} seeded with
 * {@link #SEED}, in whole milliseconds, so that every run prints at the same loop time: tasks 0, 1
 * and 2 take 2.323 s, 1.848 s and 2.104 s. It prints (at 1.848 s, 2.104 s, 2.323 s):
 * <pre>
 * Task 1 done
 * Task 2 done
 * Task 0 done
 * </pre>
 */
public final class ProcessAsCompleted {

    /** The seed of the random delays, fixed so that the output and its timing are reproducible. */
    static final long SEED = 2024;

    private ProcessAsCompleted() {
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
     * @return the results, in the order the tasks completed
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
        List<Mono<String>> tasks = IntStream.range(0, 3)
                .mapToObj(i -> task(i, random))
                .collect(Collectors.toList());
        return Asyncio.asCompleted(tasks, null)    // for coro in asyncio.as_completed(tasks):
                .concatMap(task -> task)            //     result = await coro
                .doOnNext(out)                      //     print(result)
                .collectList();
    }
}
