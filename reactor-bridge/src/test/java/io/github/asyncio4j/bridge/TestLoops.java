package io.github.asyncio4j.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.asyncio4j.Asyncio;
import io.github.asyncio4j.EventLoop;
import io.github.asyncio4j.Task;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;

/** Runs test bodies with {@link Asyncio#run} and records what reaches the loop's exception handler. */
final class TestLoops {

    final List<Throwable> reported = new CopyOnWriteArrayList<>();

    /** Runs {@code main} on a fresh virtual-time loop; nothing may reach the exception handler. */
    <T> T virtual(Supplier<? extends Mono<T>> main) {
        T result = Asyncio.run(main, EventLoop.builder().virtualTime().exceptionHandler((l, t) -> reported.add(t)));
        assertThat(reported).as("reported to the loop's exception handler").isEmpty();
        return result;
    }

    /** Runs {@code main} on a fresh real-time loop (for work on other threads); nothing may reach the exception handler. */
    <T> T real(Supplier<? extends Mono<T>> main) {
        T result = Asyncio.run(main, EventLoop.builder().exceptionHandler((l, t) -> reported.add(t)));
        assertThat(reported).as("reported to the loop's exception handler").isEmpty();
        return result;
    }

    static Duration s(double seconds) {
        return Duration.ofNanos((long) (seconds * 1e9));
    }

    /** The running loop's clock in seconds. */
    static double now() {
        return EventLoop.running().time() / 1e9;
    }

    static Task<?> currentTask() {
        return Task.current().orElseThrow(() -> new AssertionError("not inside a task step"));
    }
}
