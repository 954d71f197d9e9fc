package io.github.asyncio4j.samples;

import io.github.asyncio4j.Asyncio;
import io.github.asyncio4j.EventLoop;
import io.github.asyncio4j.Task;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import reactor.core.publisher.Mono;

/**
 * Seed 003, the heartbeat check: a long-running task beats every second while a monitor checks
 * on it every half second, for as long as it runs.
 *
 * <p>The Python original:
 * <pre>{@code
 * async def long_running_task():
 *     while True:
 *         print("Task is running...")
 *         await asyncio.sleep(1)
 *
 * async def monitor_task(task):
 *     while not task.done():
 *         print("Monitoring task...")
 *         await asyncio.sleep(0.5)
 *
 * async def main():
 *     task = asyncio.create_task(long_running_task())
 *     await monitor_task(task)
 * }</pre>
 *
 * <p>As written the program never ends: the task beats forever, so the monitor never stops.
 * The twin bounds it with one line, Python's {@code loop.call_later(3, task.cancel)}: after 3 s
 * the loop cancels the long-running task, which ends at its {@code sleep}; the monitor sees it
 * done at its next check and returns, and {@code main} says how the task ended. At 3 s three
 * timers are due: the cancellation's (armed at 0 s) fires first, so the task does not beat
 * again; the monitor's sleep ends in that same iteration, but the monitor resumes in the next
 * one, after the cancellation has ended the task, so it stops without a last check (CPython on
 * an exact clock does the same). It prints (monitoring at 0, 0.5, 1, 1.5, 2 and 2.5 s, beats at
 * 0, 1 and 2 s, the last line at 3 s):
 * <pre>
 * Monitoring task...
 * Task is running...
 * Monitoring task...
 * Task is running...
 * Monitoring task...
 * Monitoring task...
 * Task is running...
 * Monitoring task...
 * Monitoring task...
 * The task was stopped after 3 seconds: cancelled = true
 * </pre>
 */
public final class HeartbeatMonitor {

    /** How long the twin lets the long-running task run; the tutorial's runs forever. */
    static final Duration RUN_FOR = Duration.ofSeconds(3);

    private HeartbeatMonitor() {
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

    static Mono<Void> longRunningTask(Consumer<String> out) {
        // while True:
        return Mono.defer(() -> {
            out.accept("Task is running...");
            return Asyncio.sleep(Duration.ofSeconds(1));
        }).repeat().then();
    }

    static Mono<Void> monitorTask(Task<?> task, Consumer<String> out) {
        // while not task.done():
        return Mono.defer(() -> {
            if (task.isDone()) {
                return Mono.empty();
            }
            out.accept("Monitoring task...");
            return Asyncio.sleep(Duration.ofMillis(500)).then(monitorTask(task, out));
        });
    }

    static Mono<Void> main(Consumer<String> out) {
        return Mono.defer(() -> {
            Task<Void> task = Asyncio.createTask(longRunningTask(out));
            // Not in the tutorial, whose program never ends: stop the task after a while
            EventLoop.running().callLater(RUN_FOR, task::cancel);
            return monitorTask(task, out).then(Mono.fromRunnable(() -> out.accept(
                    "The task was stopped after " + RUN_FOR.toSeconds() + " seconds: cancelled = " + task.isCancelled())));
        });
    }
}
