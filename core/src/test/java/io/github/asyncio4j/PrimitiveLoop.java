package io.github.asyncio4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import reactor.core.publisher.Hooks;
import reactor.core.publisher.Mono;

/**
 * Runs the primitive tests on a virtual-time loop, recording what reaches the loop's exception
 * handler and Reactor's {@code Hooks.onErrorDropped}, so each test can assert that nothing did;
 * plus the few words that make asyncio-shaped test bodies readable in Reactor.
 */
final class PrimitiveLoop {

    final List<Throwable> reported = new CopyOnWriteArrayList<>();
    final List<Object> dropped = new CopyOnWriteArrayList<>();

    /** Runs {@code main} on a fresh virtual-time loop; asserts nothing was reported or dropped. */
    <T> T run(Supplier<? extends Mono<T>> main) {
        T result = runAllowingReports(main);
        assertQuiet();
        return result;
    }

    /** Runs {@code main} on a fresh virtual-time loop, leaving the reports to the test. */
    <T> T runAllowingReports(Supplier<? extends Mono<T>> main) {
        Hooks.onErrorDropped(dropped::add);
        Hooks.onNextDropped(dropped::add);
        try {
            return Asyncio.run(main, EventLoop.builder().virtualTime().exceptionHandler((l, t) -> reported.add(t)));
        } finally {
            Hooks.resetOnErrorDropped();
            Hooks.resetOnNextDropped();
        }
    }

    void assertQuiet() {
        assertThat(reported).as("reported to the loop's exception handler").isEmpty();
        assertThat(dropped).as("dropped to Reactor's hooks").isEmpty();
    }

    /** One loop iteration: asyncio's {@code await asyncio.sleep(0)}. */
    static Mono<Void> tick() {
        return Asyncio.sleep(Duration.ZERO);
    }

    /** {@code n} loop iterations. */
    static Mono<Void> ticks(int n) {
        Mono<Void> m = Mono.empty();
        for (int i = 0; i < n; i++) {
            m = m.then(tick());
        }
        return m;
    }

    /** Synchronous code as a step of a chain, run when the chain reaches it. */
    static Mono<Void> exec(Runnable r) {
        return Mono.fromRunnable(r);
    }

    static Duration s(double seconds) {
        return Duration.ofNanos(Math.round(seconds * 1e9));
    }

    /** The running loop's virtual clock, in seconds. */
    static double now() {
        return EventLoop.running().time() / 1e9;
    }
}
