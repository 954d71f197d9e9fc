package io.github.asyncio4j.samples.webflux;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.asyncio4j.EventLoop;
import io.github.asyncio4j.bridge.EventLoopGroup;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import reactor.core.publisher.Mono;

/** The application's asyncio4j wiring: the loops and their exception handler. */
class WiringTest extends ServiceTest {

    @Autowired
    private EventLoopGroup eventLoops;
    @Autowired
    private LoopExceptionHandler loopExceptions;

    @Test
    @DisplayName("wiring: samples.loops event loops serve the requests")
    void loops() {
        assertThat(eventLoops.loops()).hasSize(2).allSatisfy(loop -> assertThat(loop.isRunning()).isTrue());
    }

    @Test
    @DisplayName("wiring: what escapes a loop callback reaches the application's LoopExceptionHandler")
    void exceptionHandler() throws Exception {
        EventLoop loop = eventLoops.next();
        IllegalStateException escaped = new IllegalStateException("escaped a loop callback on purpose");
        expectLoopException(escaped);
        loop.callSoon(() -> {
            throw escaped;
        });
        // Callbacks run in order: once this task has run, the failing callback has been reported.
        loop.submit(Mono.just("after")).get(CallEvents.WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(loopExceptions.recent()).last().isSameAs(escaped);
    }
}
