package io.github.asyncio4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.reactivestreams.Subscription;
import reactor.core.Scannable;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Hooks;
import reactor.core.publisher.Mono;

/**
 * Runs the combinator tests on a virtual-time loop, recording what reaches the loop's exception
 * handler and Reactor's {@code Hooks.onErrorDropped}, so each test can assert that nothing did.
 */
final class CombinatorLoop {

    final List<Throwable> reported = new CopyOnWriteArrayList<>();
    final List<Throwable> dropped = new CopyOnWriteArrayList<>();

    /** Runs {@code main} on a fresh virtual-time loop; asserts nothing was reported or dropped. */
    <T> T run(Supplier<? extends Mono<T>> main) {
        T result = runAllowingReports(main);
        assertQuiet();
        return result;
    }

    /** Runs {@code main} on a fresh virtual-time loop, leaving the reports to the test. */
    <T> T runAllowingReports(Supplier<? extends Mono<T>> main) {
        Hooks.onErrorDropped(dropped::add);
        try {
            return Asyncio.run(main, EventLoop.builder().virtualTime().exceptionHandler((l, t) -> reported.add(t)));
        } finally {
            Hooks.resetOnErrorDropped();
        }
    }

    void assertQuiet() {
        assertThat(reported).as("reported to the loop's exception handler").isEmpty();
        assertThat(dropped).as("dropped to Hooks.onErrorDropped").isEmpty();
    }

    static Duration s(double seconds) {
        return Duration.ofNanos(Math.round(seconds * 1e9));
    }

    /** The running loop's virtual clock, in seconds. */
    static double now() {
        return EventLoop.running().time() / 1e9;
    }

    /** The running loop's virtual clock, in nanoseconds. */
    static long nanos() {
        return EventLoop.running().time();
    }

    static Task<?> currentTask() {
        return Task.current().orElseThrow();
    }

    /**
     * Subscribes {@code combinator} (without awaiting it from a task) and returns the future its
     * subscriber awaits, found as Reactor tools find it: the {@code PARENT} of the subscription.
     * That is CPython's gathering (or racing, or shielding) future, which the tests poke at directly.
     */
    static AsyncFuture<?> futureOf(Mono<?> combinator) {
        AtomicReference<Object> parent = new AtomicReference<>();
        combinator.subscribe(new BaseSubscriber<Object>() {
            @Override
            protected void hookOnSubscribe(Subscription s) {
                parent.set(Scannable.from(s).scanUnsafe(Scannable.Attr.PARENT));
                s.request(Long.MAX_VALUE);
            }

            @Override
            protected void hookOnError(Throwable t) {
                // The tests await the future itself; this subscriber only found it.
            }
        });
        assertThat(parent.get()).isInstanceOf(AsyncFuture.class);
        return (AsyncFuture<?>) parent.get();
    }

    /** A failure that names itself, for asserting identity. */
    static final class Boom extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Boom(String message) {
            super(message, null, false, false);
        }
    }
}
