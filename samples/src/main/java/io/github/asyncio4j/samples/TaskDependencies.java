package io.github.asyncio4j.samples;

import io.github.asyncio4j.Asyncio;
import io.github.asyncio4j.EventLoop;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import reactor.core.publisher.Mono;

/**
 * Seed 003, task dependencies: {@code process_data} needs what {@code fetch_data} returns, so it
 * awaits it first; in Reactor terms, {@code flatMap} the fetch into the processing.
 *
 * <p>The Python original:
 * <pre>{@code
 * async def fetch_data():
 *     await asyncio.sleep(1)
 *     return {"data": 42}
 *
 * async def process_data():
 *     data = await fetch_data()
 *     print(f"Processing data: {data['data']}")
 *
 * async def main():
 *     await process_data()
 * }</pre>
 *
 * <p>It prints, at 1 s:
 * <pre>
 * Processing data: 42
 * </pre>
 */
public final class TaskDependencies {

    private TaskDependencies() {
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

    static Mono<Map<String, Integer>> fetchData() {
        return Asyncio.sleep(Duration.ofSeconds(1), Map.of("data", 42));
    }

    static Mono<Void> processData(Consumer<String> out) {
        return fetchData()      // data = await fetch_data()
                .doOnNext(data -> out.accept("Processing data: " + data.get("data")))
                .then();
    }

    static Mono<Void> main(Consumer<String> out) {
        return processData(out);
    }
}
