package io.github.asyncio4j.bridge.blockhound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.asyncio4j.Asyncio;
import io.github.asyncio4j.EventLoop;
import io.github.asyncio4j.NoSilentErrors;
import io.github.asyncio4j.bridge.Bridge;
import java.time.Duration;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import reactor.blockhound.BlockHound;
import reactor.blockhound.BlockingOperationError;
import reactor.blockhound.integration.BlockHoundIntegration;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@link AsyncioBlockHoundIntegration} with BlockHound installed. Runs in its own JVM (the
 * {@code blockhound} surefire execution, with the JVM flags BlockHound needs), since installing
 * BlockHound cannot be undone.
 */
@Tag("blockhound")
class AsyncioBlockHoundIntegrationTest {

    @BeforeAll
    static void install() {
        BlockHound.install();
    }

    /**
     * A blocking call that BlockHound knows, every time: parking the thread. (A timed latch wait
     * does not always park: once its time has run out under load, it returns without parking, and
     * the test saw no blocking call.)
     */
    private static String block() {
        LockSupport.parkNanos(1_000_000L);
        return "blocked";
    }

    @Test
    @DisplayName("BlockHound: the integration is found by ServiceLoader")
    void serviceLoaded() {
        List<String> names = ServiceLoader.load(BlockHoundIntegration.class).stream()
                .map(p -> p.type().getName()).collect(Collectors.toList());
        assertThat(names).contains(AsyncioBlockHoundIntegration.class.getName());
    }

    @Test
    @DisplayName("BlockHound: a blocking call in a task on a loop's own thread fails with BlockingOperationError")
    void blockingOnLoopThreadIsReported() {
        EventLoop loop = EventLoop.start("blockhound-loop");
        try {
            CompletableFuture<String> r = loop.submit(Mono.fromCallable(AsyncioBlockHoundIntegrationTest::block));
            assertThatThrownBy(() -> r.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(BlockingOperationError.class).hasMessageStartingWith("Blocking call!");
        } finally {
            loop.close();
        }
    }

    @Test
    @DisplayName("BlockHound: a blocking call inside Asyncio.run (the caller's thread turns the loop) fails with BlockingOperationError")
    void blockingInsideAsyncioRunIsReported() {
        assertThatThrownBy(() -> Asyncio.run(() -> Mono.fromCallable(AsyncioBlockHoundIntegrationTest::block)))
                .isInstanceOf(BlockingOperationError.class);
        assertThat(block()).as("after Asyncio.run the thread may block again").isEqualTo("blocked");
    }

    @Test
    @DisplayName("BlockHound: the loop's idle wait is allowed, on its own thread and inside Asyncio.run")
    void idleWaitAllowed() throws Exception {
        assertThat(Asyncio.run(() -> Asyncio.sleep(Duration.ofMillis(20), "slept"))).isEqualTo("slept");
        EventLoop loop = EventLoop.start("blockhound-idle");
        try {
            assertThat(loop.submit(Asyncio.sleep(Duration.ofMillis(20), "slept")).get(10, TimeUnit.SECONDS)).isEqualTo("slept");
            assertThat(loop.submit(Mono.just("still running")).get(10, TimeUnit.SECONDS)).isEqualTo("still running");
        } finally {
            loop.close();
        }
    }

    @Test
    @DisplayName("BlockHound: blocking work moved off the loop and adopted back is allowed")
    void blockingOffLoopAllowed() {
        String r = Asyncio.run(() -> Bridge.adopt(Mono.fromCallable(AsyncioBlockHoundIntegrationTest::block)
                .subscribeOn(Schedulers.boundedElastic())));
        assertThat(r).isEqualTo("blocked");
    }

    @Test
    @DisplayName("BlockHound: the loop's own logging (default exception handler, debug warnings) is allowed and the loop goes on")
    void loopLoggingAllowed() throws Exception {
        EventLoop loop = EventLoop.builder().name("blockhound-logging").debug(true)
                .slowCallbackDuration(Duration.ofNanos(1)).start();
        try {
            loop.callSoonThreadsafe(() -> {
                throw new IllegalStateException("reported through the default handler, which logs");
            });
            assertThat(loop.submit(Mono.just("loop alive")).get(10, TimeUnit.SECONDS)).isEqualTo("loop alive");
        } finally {
            loop.close();
        }
        // The report this test provokes reached the default handler, which logged it (under BlockHound).
        assertThat(NoSilentErrors.takeLogged(m -> m.startsWith("Exception in callback"))).singleElement()
                .satisfies(s -> assertThat(s.error()).hasMessage("reported through the default handler, which logs"));
    }

    @Test
    @DisplayName("BlockHound: a user's exception handler that blocks is reported (only the loop's own log is allowed)")
    void userHandlerBlockingIsReported() throws Exception {
        List<Throwable> seen = new CopyOnWriteArrayList<>();
        EventLoop loop = EventLoop.builder().name("blockhound-handler").exceptionHandler((l, t) -> {
            try {
                block();
            } catch (Throwable e) {
                seen.add(e);
            }
        }).start();
        try {
            loop.callSoonThreadsafe(() -> {
                throw new IllegalStateException("boom");
            });
            loop.submit(Mono.just(1)).get(10, TimeUnit.SECONDS);
        } finally {
            loop.close();
        }
        assertThat(seen).singleElement().isInstanceOf(BlockingOperationError.class);
    }
}
