package io.github.asyncio4j.samples;

import io.github.asyncio4j.Asyncio;
import io.github.asyncio4j.EventLoop;
import io.github.asyncio4j.Task;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import reactor.core.publisher.Mono;

/**
 * Seed 004, the same two {@code call_api} calls as tasks: both are scheduled at once, so they
 * take 3 s together, not 6. Compare {@link SequentialCalls}.
 *
 * <p>The Python original:
 * <pre>{@code
 * async def call_api(message, result=1000, delay=3):
 *     print(message)
 *     await asyncio.sleep(delay)
 *     return result
 *
 * async def main():
 *     start = time.perf_counter()
 *     task_1 = asyncio.create_task(
 *         call_api('Get stock price of GOOG...', 300)
 *     )
 *     task_2 = asyncio.create_task(
 *         call_api('Get stock price of APPL...', 300)
 *     )
 *     price = await task_1
 *     print(price)
 *     price = await task_2
 *     print(price)
 *     end = time.perf_counter()
 *     print(f'It took {round(end-start,0)} second(s) to complete.')
 * }</pre>
 *
 * <p>The tutorial's code asks 300 for both stocks (its prose says 400 for the second, but the
 * output it shows, {@code 300 300}, is the code's); the twin follows the code. It prints (at 0 s,
 * 0 s, then 3 s):
 * <pre>
 * Get stock price of GOOG...
 * Get stock price of APPL...
 * 300
 * 300
 * It took 3.0 second(s) to complete.
 * </pre>
 */
public final class ConcurrentCalls {

    private ConcurrentCalls() {
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

    static Mono<Integer> callApi(String message, int result, Consumer<String> out) {
        return Mono.defer(() -> {
            out.accept(message);
            return Asyncio.sleep(Duration.ofSeconds(3), result);    // delay=3
        });
    }

    static Mono<Void> main(Consumer<String> out) {
        Mono<Void> calls = Mono.defer(() -> {
            Task<Integer> task1 = Asyncio.createTask(callApi("Get stock price of GOOG...", 300, out));
            Task<Integer> task2 = Asyncio.createTask(callApi("Get stock price of APPL...", 300, out));
            return task1                                    // price = await task_1
                    .doOnNext(price -> out.accept(String.valueOf(price)))
                    .then(task2)                            // price = await task_2
                    .doOnNext(price -> out.accept(String.valueOf(price)))
                    .then();
        });
        return Elapsed.measure(calls).doOnNext(elapsed -> out.accept(elapsed.itTook())).then();
    }
}
