package io.github.asyncio4j.samples;

import io.github.asyncio4j.Asyncio;
import io.github.asyncio4j.EventLoop;
import io.github.asyncio4j.Task;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import reactor.core.publisher.Mono;

/**
 * Seed 003, "always handle exceptions": a risky task fails after 1 s and {@code main}, which
 * awaits it, catches the error and carries on in control.
 *
 * <p>The Python original:
 * <pre>{@code
 * async def risky_task():
 *     await asyncio.sleep(1)
 *     raise RuntimeError("Something went wrong!")
 *
 * async def main():
 *     task = asyncio.create_task(risky_task())
 *     try:
 *         await task
 *     except RuntimeError as e:
 *         print(f"Caught an error: {e}")
 * }</pre>
 *
 * <p>Python's {@code RuntimeError} becomes {@link SomethingWentWrong}, the sample's own exception:
 * Java's nearest types ({@link RuntimeException}, {@link IllegalStateException}) are also the
 * supertypes of {@link io.github.asyncio4j.CancelledException}, and catching those would swallow
 * a cancellation, which Python's {@code except RuntimeError} never does. It prints, at 1 s:
 * <pre>
 * Caught an error: Something went wrong!
 * </pre>
 */
public final class HandleTaskError {

    /** What the risky task raises (Python's {@code RuntimeError}). */
    static final class SomethingWentWrong extends RuntimeException {

        private static final long serialVersionUID = 1L;

        SomethingWentWrong(String message) {
            super(message);
        }
    }

    private HandleTaskError() {
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

    static Mono<Void> riskyTask() {
        return Asyncio.sleep(Duration.ofSeconds(1))
                .then(Mono.error(new SomethingWentWrong("Something went wrong!")));
    }

    static Mono<Void> main(Consumer<String> out) {
        return Mono.defer(() -> {
            Task<Void> task = Asyncio.createTask(riskyTask());
            return task.onErrorResume(SomethingWentWrong.class, e -> {
                out.accept("Caught an error: " + e.getMessage());
                return Mono.empty();
            });
        });
    }
}
