package io.github.asyncio4j.samples;

import io.github.asyncio4j.Asyncio;
import io.github.asyncio4j.EventLoop;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Consumer;
import reactor.core.publisher.Mono;

/**
 * Seed 003, resource cleanup: a task that holds a resource (here a file) releases it when it
 * ends, however it ends, as {@code async with} does in Python.
 *
 * <p>The Python original:
 * <pre>{@code
 * async def managed_task():
 *     async with aiofiles.open('example.txt', 'w') as f:
 *         await f.write("Hello, asyncio!")
 *
 * async def main():
 *     await managed_task()
 * }</pre>
 *
 * <p>{@code aiofiles} runs each blocking file operation on a thread; the twin does so with
 * {@link Asyncio#toThread}, so the loop never blocks. {@code async with} becomes
 * {@link Mono#usingWhen}: open the resource, use it, then release it asynchronously on success,
 * failure or cancellation alike. The twin writes a temporary file rather than {@code example.txt}
 * in the working directory, reads it back to show what was written, and deletes it on release,
 * so it leaves nothing behind. The loop's clock stands still while the threads work (on virtual
 * time it does not move at all). It prints, at 0 s:
 * <pre>
 * Opened the file
 * Wrote: Hello, asyncio!
 * Closed and deleted the file
 * </pre>
 */
public final class ManagedResource {

    private ManagedResource() {
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
     * @return the path of the temporary file, deleted by then
     * @throws NullPointerException if {@code loop} or {@code out} is {@code null}
     */
    public static Path run(EventLoop.Builder loop, Consumer<String> out) {
        Objects.requireNonNull(loop, "loop");
        Objects.requireNonNull(out, "out");
        return Asyncio.run(() -> main(out), loop);
    }

    /** Opens the resource: creates the file, on a worker thread. */
    static Mono<Path> open(Consumer<String> out) {
        return Asyncio.toThread(() -> Files.createTempFile("asyncio4j-example", ".txt"))
                .doOnNext(file -> out.accept("Opened the file"));
    }

    /** Releases the resource: deletes the file, on a worker thread. */
    static Mono<Void> close(Path file, Consumer<String> out) {
        return Asyncio.toThread(() -> Files.deleteIfExists(file))
                .doOnNext(deleted -> out.accept("Closed and deleted the file"))
                .then();
    }

    static Mono<Path> managedTask(Consumer<String> out) {
        return Mono.usingWhen(
                open(out),                                                  // async with open(...) as f:
                file -> Asyncio.toThread(() -> Files.writeString(file, "Hello, asyncio!"))  // await f.write(...)
                        .then(Asyncio.toThread(() -> Files.readString(file, StandardCharsets.UTF_8)))
                        .doOnNext(text -> out.accept("Wrote: " + text))
                        .thenReturn(file),
                file -> close(file, out),                                   // on success
                (file, error) -> close(file, out),                          // on failure
                file -> close(file, out));                                  // on cancellation
    }

    static Mono<Path> main(Consumer<String> out) {
        return managedTask(out);
    }
}
