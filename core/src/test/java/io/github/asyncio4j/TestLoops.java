package io.github.asyncio4j;

import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;

/** Shorthands shared by the kernel's behaviour tests. */
final class TestLoops {

    static final long SECOND = 1_000_000_000L;

    private TestLoops() {
    }

    /** A builder for a virtual-time loop: the clock starts at 0 and jumps to the next timer when idle. */
    static EventLoop.Builder virtual() {
        return EventLoop.builder().virtualTime();
    }

    /** {@code Asyncio.run} on a virtual-time loop. */
    static <T> T runVirtual(Supplier<? extends Mono<T>> main) {
        return Asyncio.run(main, virtual());
    }

    /** Runs {@code body} synchronously on the loop thread, inside the main task of a virtual-time loop. */
    static void onLoop(Consumer<EventLoop> body) {
        runVirtual(() -> Mono.fromRunnable(() -> body.accept(EventLoop.running())));
    }

    /** The running loop's clock, in nanoseconds. */
    static long now() {
        return EventLoop.running().time();
    }

    static Duration seconds(long s) {
        return Duration.ofSeconds(s);
    }

    /** One loop iteration, as {@code await asyncio.sleep(0)}. */
    static Mono<Void> yieldOnce() {
        return Asyncio.sleep(Duration.ZERO);
    }
}
