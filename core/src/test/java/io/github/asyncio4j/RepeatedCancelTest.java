package io.github.asyncio4j;

import static io.github.asyncio4j.VirtualLoop.now;
import static io.github.asyncio4j.VirtualLoop.s;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Two {@code cancel()} calls before the body resumes deliver one {@link CancelledException}, also
 * when the first was already taken by the await point (a sleep, an adopted publisher): the cleanup
 * that follows is not cancelled again. CPython: {@code t.cancel(); t.cancel()} on a task in
 * {@code await sleep(10)} lets {@code except CancelledError: await sleep(0.5)} finish.
 */
class RepeatedCancelTest {

    private final VirtualLoop loop = new VirtualLoop();

    private static Mono<String> cleanupAfterCancel(Mono<String> awaited, List<String> log) {
        return awaited.onErrorResume(CancelledException.class, e -> {
            log.add("cancelled " + now());
            return Asyncio.sleep(s(0.5)).then(Mono.fromRunnable(() -> log.add("cleaned " + now()))).then(Mono.error(e));
        });
    }

    private List<String> cancelTwice(Mono<String> awaited) {
        return loop.run(() -> {
            List<String> log = new ArrayList<>();
            Task<String> t = Asyncio.createTask(cleanupAfterCancel(awaited, log));
            return Asyncio.sleep(Duration.ZERO)
                    .then(Mono.fromRunnable(() -> {
                        t.cancel();
                        t.cancel();
                    }))
                    .then(t.then(Mono.<List<String>>empty()).onErrorResume(CancelledException.class, e -> {
                        log.add("done, cancelling " + t.cancelling());
                        return Mono.just(log);
                    }));
        });
    }

    @Test
    @DisplayName("SE-04 two cancels of a task in a sleep deliver one CancelledException; its async cleanup completes")
    void sleep() {
        assertThat(cancelTwice(Asyncio.sleep(s(10), "late"))).containsExactly("cancelled 0.0", "cleaned 0.5", "done, cancelling 2");
    }

    @Test
    @DisplayName("SE-04 two cancels of a task in an adopted publisher deliver one CancelledException; its async cleanup completes")
    void adopted() {
        assertThat(cancelTwice(Adopt.mono(Flux.<String>never().next())))
                .containsExactly("cancelled 0.0", "cleaned 0.5", "done, cancelling 2");
    }
}
