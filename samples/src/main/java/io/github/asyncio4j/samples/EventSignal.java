package io.github.asyncio4j.samples;

import io.github.asyncio4j.AsyncEvent;
import io.github.asyncio4j.Asyncio;
import io.github.asyncio4j.EventLoop;
import io.github.asyncio4j.Task;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import reactor.core.publisher.Mono;

/**
 * Seed 003, {@code asyncio.Event}: a task waits until another sets the event, then resumes.
 *
 * <p>The Python original:
 * <pre>{@code
 * async def waiter(event):
 *     print("Waiting for the event to be set...")
 *     await event.wait()
 *     print("Event has been set, resuming execution.")
 *
 * async def main():
 *     event = asyncio.Event()
 *     task = asyncio.create_task(waiter(event))
 *     await asyncio.sleep(2)  # Simulate some processing
 *     print("Setting the event.")
 *     event.set()  # Notify the waiter
 *
 *     await task  # Wait for the waiter to finish
 * }</pre>
 *
 * <p>It prints (at 0 s, 2 s, 2 s):
 * <pre>
 * Waiting for the event to be set...
 * Setting the event.
 * Event has been set, resuming execution.
 * </pre>
 */
public final class EventSignal {

    private EventSignal() {
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

    static Mono<Void> waiter(AsyncEvent event, Consumer<String> out) {
        return Mono.defer(() -> {
            out.accept("Waiting for the event to be set...");
            return event.await();
        }).then(Mono.fromRunnable(() -> out.accept("Event has been set, resuming execution.")));
    }

    static Mono<Void> main(Consumer<String> out) {
        return Mono.defer(() -> {
            AsyncEvent event = new AsyncEvent();
            Task<Void> task = Asyncio.createTask(waiter(event, out));
            return Asyncio.sleep(Duration.ofSeconds(2))     // Simulate some processing
                    .then(Mono.fromRunnable(() -> {
                        out.accept("Setting the event.");
                        event.set();                        // Notify the waiter
                    }))
                    .then(task);                            // Wait for the waiter to finish
        });
    }
}
