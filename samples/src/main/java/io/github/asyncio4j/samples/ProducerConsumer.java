package io.github.asyncio4j.samples;

import io.github.asyncio4j.AsyncQueue;
import io.github.asyncio4j.Asyncio;
import io.github.asyncio4j.EventLoop;
import io.github.asyncio4j.Task;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Seed 003, {@code asyncio.Queue}: a producer puts five items, one every half second; a consumer
 * takes them, one a second, until it gets the exit signal the producer's owner puts last.
 *
 * <p>The Python original:
 * <pre>{@code
 * async def producer(queue):
 *     for i in range(5):
 *         await queue.put(i)
 *         print(f"Produced {i}")
 *         await asyncio.sleep(0.5)
 *
 * async def consumer(queue):
 *     while True:
 *         item = await queue.get()
 *         if item is None:  # Exit signal
 *             break
 *         print(f"Consumed {item}")
 *         await asyncio.sleep(1)
 *
 * async def main():
 *     queue = asyncio.Queue()
 *     prod = asyncio.create_task(producer(queue))
 *     cons = asyncio.create_task(consumer(queue))
 *
 *     await prod  # Wait for the producer to finish
 *     await queue.put(None)  # Signal the consumer to exit
 *     await cons  # Wait for the consumer to finish
 * }</pre>
 *
 * <p>A Reactor Mono cannot carry {@code null}, so the queue holds {@code Optional}s and the exit
 * signal, Python's {@code None}, is {@code Optional.empty()}. (Since Python 3.13 the queue itself
 * can say it is finished: {@link AsyncQueue#shutdown()}, after which {@link AsyncQueue#asFlux()}
 * completes once drained.) The consumer is slower, so the queue fills up: the last items are
 * consumed after the producer is done. It prints (at 0, 0, 0.5, 1, 1, 1.5, 2, 2, 3 and 4 s; the
 * consumer gets the exit signal at 5 s):
 * <pre>
 * Produced 0
 * Consumed 0
 * Produced 1
 * Consumed 1
 * Produced 2
 * Produced 3
 * Consumed 2
 * Produced 4
 * Consumed 3
 * Consumed 4
 * </pre>
 */
public final class ProducerConsumer {

    private ProducerConsumer() {
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
     * @return how long the program took, in nanoseconds of loop time
     * @throws NullPointerException if {@code loop} or {@code out} is {@code null}
     */
    public static long run(EventLoop.Builder loop, Consumer<String> out) {
        Objects.requireNonNull(loop, "loop");
        Objects.requireNonNull(out, "out");
        return Asyncio.run(() -> Elapsed.measure(main(out)), loop).nanos();
    }

    static Mono<Void> producer(AsyncQueue<Optional<Integer>> queue, Consumer<String> out) {
        return Flux.range(0, 5)                                 // for i in range(5):
                .concatMap(i -> queue.put(Optional.of(i))
                        .then(Mono.fromRunnable(() -> out.accept("Produced " + i)))
                        .then(Asyncio.sleep(Duration.ofMillis(500))))
                .then();
    }

    static Mono<Void> consumer(AsyncQueue<Optional<Integer>> queue, Consumer<String> out) {
        // while True: item = await queue.get()
        return queue.get().flatMap(item -> {
            if (item.isEmpty()) {                               // Exit signal
                return Mono.empty();
            }
            out.accept("Consumed " + item.get());
            return Asyncio.sleep(Duration.ofSeconds(1)).then(consumer(queue, out));
        });
    }

    static Mono<Void> main(Consumer<String> out) {
        return Mono.defer(() -> {
            AsyncQueue<Optional<Integer>> queue = new AsyncQueue<>();
            Task<Void> prod = Asyncio.createTask(producer(queue, out));
            Task<Void> cons = Asyncio.createTask(consumer(queue, out));

            return prod                                         // Wait for the producer to finish
                    .then(queue.put(Optional.empty()))          // Signal the consumer to exit
                    .then(cons);                                // Wait for the consumer to finish
        });
    }
}
