package io.github.asyncio4j;

import static io.github.asyncio4j.TestLoops.onLoop;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/**
 * Bad input across the kernel's public surface (issue 2): every {@code null} is a
 * {@code NullPointerException} naming the parameter, and absurd durations saturate instead of
 * overflowing. (Use after close, use without a loop and {@code Asyncio.run} on a loop thread are
 * tested with LOOP-12, CREATE-01, SleepTest and RUN-03.)
 */
class BadInputTest {

    @Test
    @DisplayName("every null argument of the kernel's public methods is a NullPointerException naming the parameter")
    void nullsNameTheirParameter() {
        Map<String, ThrowingCallable> staticCalls = new LinkedHashMap<>();
        staticCalls.put("name", () -> EventLoop.start(null));
        staticCalls.put("name ", () -> EventLoop.builder().name(null));
        staticCalls.put("timeout", () -> EventLoop.builder().shutdownTimeout(null));
        staticCalls.put("duration", () -> EventLoop.builder().slowCallbackDuration(null));
        staticCalls.put("handler", () -> EventLoop.builder().exceptionHandler(null));
        staticCalls.put("ticker", () -> EventLoop.builder().ticker(null));
        staticCalls.put("logger", () -> EventLoop.builder().logger(null));
        staticCalls.put("main", () -> Asyncio.run(null));
        staticCalls.put("loop", () -> Asyncio.run(Mono::empty, null));
        staticCalls.put("body", () -> Asyncio.createTask(null));
        staticCalls.put("delay", () -> Asyncio.sleep(null));
        staticCalls.forEach((param, call) -> assertThatNullPointerException().as(param).isThrownBy(call)
                .withMessage(param.trim()));

        onLoop(loop -> {
            AsyncFuture<String> f = loop.createFuture();
            Task<String> t = loop.createTask(Mono.just("x"));
            Map<String, ThrowingCallable> calls = new LinkedHashMap<>();
            calls.put("cb", () -> loop.callSoon(null));
            calls.put("cb ", () -> loop.callSoonThreadsafe(null));
            calls.put("delay", () -> loop.callLater(null, () -> { }));
            calls.put("cb  ", () -> loop.callAt(0, null));
            calls.put("body", () -> loop.createTask(null));
            calls.put("body ", () -> loop.submit(null));
            calls.put("body  ", () -> loop.spawn(null));
            calls.put("task", () -> loop.schedule((Runnable) null));
            calls.put("task ", () -> loop.schedule(null, 1, SECONDS));
            calls.put("unit", () -> loop.schedule(() -> { }, 1, null));
            calls.put("task  ", () -> loop.schedulePeriodically(null, 1, 1, SECONDS));
            calls.put("task   ", () -> loop.createWorker().schedule(null));
            calls.put("cb   ", () -> f.addDoneCallback(null));
            calls.put("cb    ", () -> f.removeDoneCallback(null));
            calls.put("error", () -> f.setException(null));
            calls.put("name", () -> t.setName(null));
            calls.forEach((param, call) -> assertThatNullPointerException().as(param).isThrownBy(call)
                    .withMessage(param.trim()));
        });
    }

    @Test
    @DisplayName("builder options out of range are IllegalArgumentExceptions saying what was wrong")
    void builderRanges() {
        assertThatIllegalArgumentException().isThrownBy(() -> EventLoop.builder().slowCallbackDuration(Duration.ofMillis(-1)))
                .withMessageContaining("slowCallbackDuration must be positive");
        assertThatIllegalArgumentException().isThrownBy(() -> EventLoop.builder().shutdownTimeout(Duration.ofMillis(-1)))
                .withMessageContaining("shutdownTimeout must not be negative");
    }

    @Test
    @DisplayName("absurdly negative delays saturate on a real-time loop too: callLater(-FOREVER) fires at once")
    void absurdNegativeDelayOnARealClock() throws Exception {
        try (EventLoop loop = EventLoop.start("real-clock")) {
            CompletableFuture<String> fired = new CompletableFuture<>();
            loop.callLater(ChronoUnit.FOREVER.getDuration().negated(), () -> fired.complete("fired"));
            assertThat(fired.get(10, SECONDS)).isEqualTo("fired");
            CompletableFuture<String> firedAt = new CompletableFuture<>();
            loop.callAt(Long.MIN_VALUE, () -> firedAt.complete("fired"));
            assertThat(firedAt.get(10, SECONDS)).isEqualTo("fired");
        }
    }

    @Test
    @DisplayName("absurdly long delays saturate on a real-time loop: callLater(FOREVER) waits, and other work still runs")
    void absurdLongDelayOnARealClock() throws Exception {
        try (EventLoop loop = EventLoop.start("real-clock-long")) {
            CompletableFuture<String> never = new CompletableFuture<>();
            loop.callLater(ChronoUnit.FOREVER.getDuration(), () -> never.complete("fired?!"));
            loop.callAt(Long.MAX_VALUE, () -> never.complete("fired?!"));
            CompletableFuture<String> soon = new CompletableFuture<>();
            loop.callLater(Duration.ofMillis(1), () -> soon.complete("soon"));
            assertThat(soon.get(10, SECONDS)).isEqualTo("soon");
            assertThat(loop.submit(Mono.fromCallable(never::isDone)).get(10, SECONDS)).isFalse();
        }
    }
}
