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
 * The task's cancellation and an adopted publisher that contains await points of the same task:
 * the innermost await takes the {@link CancelledException}, its cleanup runs to its end, and the
 * outcome flows out through the adoption (CPython throws the cancellation into the innermost await).
 */
class AdoptCancelTest {

    private final VirtualLoop loop = new VirtualLoop();

    private List<String> cancelAfter(double seconds, java.util.function.Function<List<String>, Mono<String>> body) {
        return loop.run(() -> {
            List<String> log = new ArrayList<>();
            Task<String> t = Asyncio.createTask(body.apply(log));
            return Asyncio.sleep(s(seconds))
                    .then(Mono.fromRunnable(() -> t.cancel("stop")))
                    .then(t.map(v -> "value " + v).onErrorResume(CancelledException.class, e -> Mono.just("cancelled " + e.getMessage())))
                    .map(r -> {
                        log.add("task: " + r + " at " + now());
                        return log;
                    });
        });
    }

    private static Mono<String> innerWork(List<String> log) {
        return Asyncio.sleep(s(10), "late").onErrorResume(CancelledException.class, e -> {
            log.add("inner cancelled at " + now());
            return Asyncio.sleep(s(0.5)).then(Mono.fromRunnable(() -> log.add("inner cleaned at " + now()))).then(Mono.error(e));
        });
    }

    @Test
    @DisplayName("cancel reaches the await point inside an adopted chain; its async cleanup completes before the body sees the error")
    void innermostAwaitTakesIt() {
        List<String> log = cancelAfter(1, l -> Adopt.mono(Mono.defer(() -> innerWork(l)).map(String::toUpperCase))
                .doOnError(CancelledException.class, e -> l.add("body saw " + e.getMessage() + " at " + now())));
        assertThat(log).containsExactly("inner cancelled at 1.0", "inner cleaned at 1.5", "body saw stop at 1.5",
                "task: cancelled stop at 1.5");
    }

    @Test
    @DisplayName("an inner await that suppresses the cancellation lets the adopted chain, and the task, go on with a value")
    void innerSuppresses() {
        List<String> log = cancelAfter(1, l -> Adopt.mono(Asyncio.sleep(s(10), "late")
                .onErrorResume(CancelledException.class, e -> Asyncio.sleep(s(0.5), "recovered"))));
        assertThat(log).containsExactly("task: value recovered at 1.5");
    }

    @Test
    @DisplayName("an adoption with nothing of ours inside cancels its upstream and delivers the cancellation itself")
    void foreignOnly() {
        List<String> log = cancelAfter(1, l -> Adopt.mono(Flux.<String>never().doOnCancel(() -> l.add("upstream cancelled at " + now())).next()));
        assertThat(log).containsExactly("upstream cancelled at 1.0", "task: cancelled stop at 1.0");
    }

    @Test
    @DisplayName("nested adoptions: the innermost asyncio4j await takes the cancellation through both")
    void nested() {
        List<String> log = cancelAfter(2, l -> Adopt.mono(Adopt.mono(Mono.defer(() -> innerWork(l)))));
        assertThat(log).containsExactly("inner cancelled at 2.0", "inner cleaned at 2.5", "task: cancelled stop at 2.5");
    }

    @Test
    @DisplayName("Task.current() inside the adopted chain is still the task (the inner scope belongs to it)")
    void currentTaskInside() {
        List<String> log = loop.run(() -> {
            Task<?> me = VirtualLoop.currentTask();
            return Adopt.mono(Asyncio.currentTask().map(t -> t == me ? "same task" : "other"))
                    .zipWith(Asyncio.sleep(Duration.ZERO, "ok"), (a, b) -> List.of(a, b));
        });
        assertThat(log).containsExactly("same task", "ok");
    }
}
