package io.github.asyncio4j.samples;

import io.github.asyncio4j.Asyncio;
import io.github.asyncio4j.EventLoop;
import io.github.asyncio4j.Task;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import reactor.core.publisher.Mono;

/**
 * Seed 004, "Running other tasks while waiting": a third task prints a progress message every
 * second while the two {@code call_api} tasks of {@link ConcurrentCalls} run; everything still
 * takes 3 s.
 *
 * <p>The Python original:
 * <pre>{@code
 * async def call_api(message, result=1000, delay=3):
 *     print(message)
 *     await asyncio.sleep(delay)
 *     return result
 *
 * async def show_message():
 *     for _ in range(3):
 *         await asyncio.sleep(1)
 *         print('API call is in progress...')
 *
 * async def main():
 *     start = time.perf_counter()
 *     message_task = asyncio.create_task(
 *         show_message()
 *     )
 *     task_1 = asyncio.create_task(
 *         call_api('Get stock price of GOOG...', 300)
 *     )
 *     task_2 = asyncio.create_task(
 *         call_api('Get stock price of APPL...', 300)
 *     )
 *     price = await task_1
 *     print(price)
 *     price = await task_2
 *     print(price)
 *     await message_task
 *     end = time.perf_counter()
 *     print(f'It took {round(end-start,0)} second(s) to complete.')
 * }</pre>
 *
 * <p>The output the tutorial shows leaves out its last line, which the code does print. At 3 s
 * three timers are due: the two calls' (armed at 0 s) and the third message's (armed at 2 s). On
 * the exact virtual clock they fire in that order in one loop iteration, and the third message
 * is printed before {@code main}, woken by task 1 at the next iteration, prints the prices, as the
 * tutorial shows. On a real clock the third message's timer is armed a little after 2 s and may
 * fire after the prices. It prints (at 0 s, 0 s, 1 s, 2 s, then 3 s):
 * <pre>
 * Get stock price of GOOG...
 * Get stock price of APPL...
 * API call is in progress...
 * API call is in progress...
 * API call is in progress...
 * 300
 * 300
 * It took 3.0 second(s) to complete.
 * </pre>
 */
public final class ProgressMessages {

    private ProgressMessages() {
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

    static Mono<Void> showMessage(Consumer<String> out) {
        return Asyncio.sleep(Duration.ofSeconds(1))
                .then(Mono.fromRunnable(() -> out.accept("API call is in progress...")))
                .repeat(2)      // for _ in range(3): the first round and 2 repeats
                .then();
    }

    static Mono<Void> main(Consumer<String> out) {
        Mono<Void> calls = Mono.defer(() -> {
            Task<Void> messageTask = Asyncio.createTask(showMessage(out));
            Task<Integer> task1 = Asyncio.createTask(callApi("Get stock price of GOOG...", 300, out));
            Task<Integer> task2 = Asyncio.createTask(callApi("Get stock price of APPL...", 300, out));
            return task1                                    // price = await task_1
                    .doOnNext(price -> out.accept(String.valueOf(price)))
                    .then(task2)                            // price = await task_2
                    .doOnNext(price -> out.accept(String.valueOf(price)))
                    .then(messageTask);                     // await message_task
        });
        return Elapsed.measure(calls).doOnNext(elapsed -> out.accept(elapsed.itTook())).then();
    }
}
