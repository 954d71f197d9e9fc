package io.github.asyncio4j.samples;

import io.github.asyncio4j.Asyncio;
import io.github.asyncio4j.EventLoop;
import io.github.asyncio4j.ReturnWhen;
import io.github.asyncio4j.Task;
import io.github.asyncio4j.WaitResult;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import reactor.core.publisher.Mono;

/**
 * Seed 002, {@code asyncio.wait} with {@code FIRST_COMPLETED}: three tasks of 1 to 3 s; the wait
 * returns as soon as one is done, with the done and the pending tasks.
 *
 * <p>The Python original:
 * <pre>{@code
 * async def task():
 *     await asyncio.sleep(random.uniform(1, 3))
 *
 * async def main():
 *     tasks = [asyncio.create_task(task()) for _ in range(3)]
 *     done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
 *     print(f"Done tasks: {len(done)}, Pending tasks: {len(pending)}")
 * }</pre>
 *
 * <p>The delays come from a {@link Random} seeded with {@link #SEED}, in whole milliseconds, so
 * that every run prints at the same loop time: the tasks take 2.323 s, 1.848 s and 2.104 s, and
 * the wait returns at 1.848 s. {@code wait} never cancels what it waits on: the two pending tasks
 * are still running when {@code main} returns, and {@code Asyncio.run} cancels them then, as
 * {@code asyncio.run} does. It prints, at 1.848 s:
 * <pre>
 * Done tasks: 1, Pending tasks: 2
 * </pre>
 */
public final class WaitFirstCompleted {

    /** The seed of the random delays, fixed so that the output and its timing are reproducible. */
    static final long SEED = 2024;

    private WaitFirstCompleted() {
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
     * @return the tasks' states when the wait returned: which were done and which pending
     * @throws NullPointerException if {@code loop} or {@code out} is {@code null}
     */
    public static WaitResult<Void> run(EventLoop.Builder loop, Consumer<String> out) {
        Objects.requireNonNull(loop, "loop");
        Objects.requireNonNull(out, "out");
        return Asyncio.run(() -> main(new Random(SEED), out), loop);
    }

    /** Python's {@code random.uniform(1, 3)} seconds, in whole milliseconds. */
    static Duration uniform1To3(Random random) {
        return Duration.ofMillis(1000 + random.nextInt(2001));
    }

    static Mono<Void> task(Random random) {
        return Mono.defer(() -> Asyncio.sleep(uniform1To3(random)));
    }

    static Mono<WaitResult<Void>> main(Random random, Consumer<String> out) {
        return Mono.defer(() -> {
            List<Task<Void>> tasks = IntStream.range(0, 3)
                    .mapToObj(i -> Asyncio.createTask(task(random)))
                    .collect(Collectors.toList());
            return Asyncio.wait(tasks, ReturnWhen.FIRST_COMPLETED, null)
                    .doOnNext(r -> out.accept("Done tasks: " + r.done().size() + ", Pending tasks: " + r.pending().size()));
        });
    }
}
