package io.github.asyncio4j.samples;

import io.github.asyncio4j.Asyncio;
import io.github.asyncio4j.CancelledException;
import io.github.asyncio4j.EventLoop;
import io.github.asyncio4j.Task;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import reactor.core.publisher.Mono;

/**
 * Seed 003, a failing coroutine: a task's exception is raised again where the task is awaited,
 * so {@code main} can catch it.
 *
 * <p>The Python original:
 * <pre>{@code
 * async def failing_coroutine():
 *     await asyncio.sleep(1)
 *     raise ValueError("An error occurred!")
 *
 * async def main():
 *     task = asyncio.create_task(failing_coroutine())
 *     try:
 *         await task
 *     except Exception as e:
 *         print(f"Caught an exception: {e}")
 * }</pre>
 *
 * <p>{@code ValueError} becomes {@link IllegalArgumentException}. {@code except Exception} catches
 * every failure but a cancellation, since {@code CancelledError} is a {@code BaseException};
 * in Java {@link CancelledException} is a {@link RuntimeException}, so the twin says
 * "everything but a cancellation" explicitly: catching it would make the task ignore a
 * {@code cancel()}. It prints, at 1 s:
 * <pre>
 * Caught an exception: An error occurred!
 * </pre>
 */
public final class FailingTask {

    private FailingTask() {
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

    static Mono<Void> failingCoroutine() {
        return Asyncio.sleep(Duration.ofSeconds(1))
                .then(Mono.error(new IllegalArgumentException("An error occurred!")));
    }

    static Mono<Void> main(Consumer<String> out) {
        return Mono.defer(() -> {
            Task<Void> task = Asyncio.createTask(failingCoroutine());
            return task.onErrorResume(e -> !(e instanceof CancelledException), e -> {   // except Exception as e:
                out.accept("Caught an exception: " + e.getMessage());
                return Mono.empty();
            });
        });
    }
}
