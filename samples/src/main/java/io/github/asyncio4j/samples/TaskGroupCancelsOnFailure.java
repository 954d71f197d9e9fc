package io.github.asyncio4j.samples;

import io.github.asyncio4j.Asyncio;
import io.github.asyncio4j.EventLoop;
import io.github.asyncio4j.ExceptionGroup;
import io.github.asyncio4j.Task;
import io.github.asyncio4j.TaskGroup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import reactor.core.publisher.Mono;

/**
 * Seed 002, {@code asyncio.TaskGroup}: three tasks in a group; at 1 s task 1 succeeds and the
 * third fails, so the group cancels task 2 (which needed 2 s) and raises an
 * {@link ExceptionGroup} holding the failure. Afterwards task 1 has its result and task 2 has none:
 * it was cancelled.
 *
 * <p>The Python original:
 * <pre>{@code
 * async def task1():
 *     await asyncio.sleep(1)
 *     return "Task 1 done"
 *
 * async def task2():
 *     await asyncio.sleep(2)
 *     return "Task 2 done"
 *
 * async def task_with_error():
 *     await asyncio.sleep(1)
 *     raise ValueError("An error occurred")
 *
 * async def main():
 *     try:
 *         async with asyncio.TaskGroup() as tg:
 *             task1 = tg.create_task(task1())
 *             task2 = tg.create_task(task2())
 *             error_task = tg.create_task(task_with_error())
 *     except Exception as e:
 *         print(f"Error: {e}")
 *
 *     # Print results from completed tasks
 *     print("Task 1 result:", task1.result())
 *     print("Task 2 result:", task2.result())
 * }</pre>
 *
 * <p>As written the tutorial does not do what it says: in CPython, {@code task1 = tg.create_task(task1())}
 * makes {@code task1} a local variable of {@code main}, so {@code task1()} raises
 * {@code UnboundLocalError} before any task exists; the group wraps it ({@code Error: unhandled
 * errors in a TaskGroup (1 sub-exception)}, at 0 s) and the first {@code print} after the group
 * raises {@code UnboundLocalError} again. With the variables renamed, the group behaves as the
 * tutorial means, but {@code task2.result()} raises {@code CancelledError}, since the group
 * cancelled task 2. This twin does what the tutorial means and asks task 2 whether it was
 * cancelled before taking its result. It prints, all at 1 s:
 * <pre>
 * Error: unhandled errors in a TaskGroup (1 sub-exception)
 * Task 1 result: Task 1 done
 * Task 2 was cancelled by the group: it has no result
 * </pre>
 */
public final class TaskGroupCancelsOnFailure {

    private TaskGroupCancelsOnFailure() {
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
     * @return the failures the group raised, in the {@link ExceptionGroup}'s order
     * @throws NullPointerException if {@code loop} or {@code out} is {@code null}
     */
    public static List<Throwable> run(EventLoop.Builder loop, Consumer<String> out) {
        Objects.requireNonNull(loop, "loop");
        Objects.requireNonNull(out, "out");
        return Asyncio.run(() -> main(out), loop);
    }

    static Mono<String> task1() {
        return Asyncio.sleep(Duration.ofSeconds(1), "Task 1 done");
    }

    static Mono<String> task2() {
        return Asyncio.sleep(Duration.ofSeconds(2), "Task 2 done");
    }

    static Mono<String> taskWithError() {
        return Asyncio.sleep(Duration.ofSeconds(1))
                .then(Mono.error(new IllegalArgumentException("An error occurred")));   // ValueError
    }

    static Mono<List<Throwable>> main(Consumer<String> out) {
        return Mono.defer(() -> {
            List<Task<String>> tasks = new ArrayList<>();
            return TaskGroup.run(tg -> {                    // async with asyncio.TaskGroup() as tg:
                        tasks.add(tg.createTask(task1()));
                        tasks.add(tg.createTask(task2()));
                        tg.createTask(taskWithError());
                        return Mono.<List<Throwable>>empty();
                    })
                    .onErrorResume(ExceptionGroup.class, e -> {
                        out.accept("Error: " + e.getMessage());
                        return Mono.just(e.exceptions());
                    })
                    .doOnSuccess(failures -> {
                        // Print results from completed tasks
                        printResult("Task 1", tasks.get(0), out);
                        printResult("Task 2", tasks.get(1), out);
                    });
        });
    }

    static void printResult(String which, Task<String> task, Consumer<String> out) {
        if (task.isCancelled()) {   // result() would raise CancelledException
            out.accept(which + " was cancelled by the group: it has no result");
        } else {
            out.accept(which + " result: " + task.result());
        }
    }
}
