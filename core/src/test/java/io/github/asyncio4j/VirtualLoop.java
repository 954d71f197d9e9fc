package io.github.asyncio4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;

/** Runs test bodies on a virtual-time loop and records what reaches its exception handler. */
final class VirtualLoop {

    final List<Throwable> reported = new CopyOnWriteArrayList<>();

    /** Runs {@code main} on a fresh virtual-time loop and asserts nothing reached the exception handler. */
    <T> T run(Supplier<? extends Mono<T>> main) {
        T result = runAllowingReports(main);
        assertThat(reported).as("reported to the loop's exception handler").isEmpty();
        return result;
    }

    <T> T runAllowingReports(Supplier<? extends Mono<T>> main) {
        return Asyncio.run(main, EventLoop.builder().virtualTime().exceptionHandler((l, t) -> reported.add(t)));
    }

    static Duration s(double seconds) {
        return Duration.ofNanos((long) (seconds * 1e9));
    }

    /** The running loop's clock in seconds. */
    static double now() {
        return EventLoop.running().time() / 1e9;
    }

    static Task<?> currentTask() {
        return Task.current().orElseThrow();
    }
}
