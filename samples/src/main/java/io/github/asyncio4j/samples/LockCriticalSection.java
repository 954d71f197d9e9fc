package io.github.asyncio4j.samples;

import io.github.asyncio4j.AsyncLock;
import io.github.asyncio4j.Asyncio;
import io.github.asyncio4j.EventLoop;
import io.github.asyncio4j.Task;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import reactor.core.publisher.Mono;

/**
 * Seed 003, {@code asyncio.Lock}: three tasks want the same critical section; the lock lets one
 * in at a time, in the order they asked, so the three seconds of work take 3 s.
 *
 * <p>The Python original:
 * <pre>{@code
 * async def critical_section(lock, task_id):
 *     async with lock:
 *         print(f"Task {task_id} is entering the critical section")
 *         await asyncio.sleep(1)
 *         print(f"Task {task_id} is leaving the critical section")
 *
 * async def main():
 *     lock = asyncio.Lock()
 *     tasks = [asyncio.create_task(critical_section(lock, i)) for i in range(3)]
 *     await asyncio.gather(*tasks)
 * }</pre>
 *
 * <p>{@code async with lock:} is {@link AsyncLock#withLock}: it acquires the lock, then calls the
 * supplier, and releases the lock when the body ends in any way (value, error or cancellation).
 * It prints (a task leaves and the next enters at 1 s and 2 s; the last leaves at 3 s):
 * <pre>
 * Task 0 is entering the critical section
 * Task 0 is leaving the critical section
 * Task 1 is entering the critical section
 * Task 1 is leaving the critical section
 * Task 2 is entering the critical section
 * Task 2 is leaving the critical section
 * </pre>
 */
public final class LockCriticalSection {

    private LockCriticalSection() {
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

    static Mono<Void> criticalSection(AsyncLock lock, int taskId, Consumer<String> out) {
        return lock.withLock(() -> {                        // async with lock:
            out.accept("Task " + taskId + " is entering the critical section");
            return Asyncio.sleep(Duration.ofSeconds(1))
                    .then(Mono.fromRunnable(() -> out.accept("Task " + taskId + " is leaving the critical section")));
        });
    }

    static Mono<Void> main(Consumer<String> out) {
        return Mono.defer(() -> {
            AsyncLock lock = new AsyncLock();
            List<Task<Void>> tasks = IntStream.range(0, 3)
                    .mapToObj(i -> Asyncio.createTask(criticalSection(lock, i, out)))
                    .collect(Collectors.toList());
            return Asyncio.gather(tasks).then();
        });
    }
}
