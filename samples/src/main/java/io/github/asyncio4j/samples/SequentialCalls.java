package io.github.asyncio4j.samples;

import io.github.asyncio4j.Asyncio;
import io.github.asyncio4j.EventLoop;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import reactor.core.publisher.Mono;

/**
 * Seed 004, calling a coroutine twice without tasks: each {@code call_api} is awaited before the
 * next starts, so two calls of 3 s take 6 s. Compare {@link ConcurrentCalls}.
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
 *     price = await call_api('Get stock price of GOOG...', 300)
 *     print(price)
 *     price = await call_api('Get stock price of APPL...', 400)
 *     print(price)
 *     end = time.perf_counter()
 *     print(f'It took {round(end-start,0)} second(s) to complete.')
 * }</pre>
 *
 * <p>Chaining with {@code flatMap}/{@code then} is Python's {@code await} one after the other. The
 * time is measured on the loop's clock ({@link Elapsed}). It prints (at 0 s, 3 s, 3 s, 6 s, 6 s):
 * <pre>
 * Get stock price of GOOG...
 * 300
 * Get stock price of APPL...
 * 400
 * It took 6.0 second(s) to complete.
 * </pre>
 */
public final class SequentialCalls {

    private SequentialCalls() {
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
        Mono<Void> calls = callApi("Get stock price of GOOG...", 300, out)
                .doOnNext(price -> out.accept(String.valueOf(price)))
                .then(callApi("Get stock price of APPL...", 400, out))
                .doOnNext(price -> out.accept(String.valueOf(price)))
                .then();
        return Elapsed.measure(calls).doOnNext(elapsed -> out.accept(elapsed.itTook())).then();
    }
}
