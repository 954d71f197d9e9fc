package io.github.asyncio4j;

import static io.github.asyncio4j.CombinatorLoop.currentTask;
import static io.github.asyncio4j.CombinatorLoop.futureOf;
import static io.github.asyncio4j.CombinatorLoop.now;
import static io.github.asyncio4j.CombinatorLoop.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.asyncio4j.CombinatorLoop.Boom;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/**
 * {@link Asyncio#shield}: the SHIELD- rows of BEHAVIORS.md. Every row has a Java twin.
 */
class ShieldTest {

    private final CombinatorLoop loop = new CombinatorLoop();

    @Test
    @DisplayName("SHIELD-01 a future or task that is done already is returned as it is")
    void doneIsReturnedAsIs() {
        loop.run(() -> Mono.defer(() -> {
            AsyncFuture<String> f = EventLoop.running().createFuture();
            f.setResult("done");
            Task<String> t = Asyncio.createTask(Mono.just("t"));
            Task<String> pending = Asyncio.createTask(Asyncio.sleep(s(1), "p"));
            assertThat(Asyncio.shield(f)).isSameAs(f);
            assertThat(Asyncio.shield(pending)).isNotSameAs(pending);
            return Asyncio.sleep(s(0)).then(Mono.fromRunnable(() -> assertThat(Asyncio.shield(t)).isSameAs(t)))
                    .then(pending).then();
        }));
    }

    @Test
    @DisplayName("SHIELD-01 a shield subscribed once its task is done awaits the task directly, without a loop turn")
    void doneAtSubscription() {
        List<String> log = new ArrayList<>();
        loop.run(() -> Mono.defer(() -> {
            Task<String> t = Asyncio.createTask(Mono.just("t"));
            Mono<String> shielded = Asyncio.shield(t);
            return Asyncio.sleep(s(0)).then(Mono.defer(() -> {
                EventLoop.running().callSoon(() -> log.add("loop turned"));
                return shielded.doOnNext(v -> log.add("got " + v));
            }));
        }));
        // The value came before any loop turn (the marker may still run at shutdown, after main).
        assertThat(log).first().isEqualTo("got t");
    }

    @Test
    @DisplayName("SHIELD-02 the shield mirrors the inner's value, failure and cancellation")
    void mirrors() {
        // SE-15 (s12_shield.py), second part, and the value and failure cases.
        String r = loop.run(() -> Mono.defer(() -> {
            Task<String> ok = Asyncio.createTask(Asyncio.sleep(s(1), "value"));
            Task<String> bad = Asyncio.createTask(Asyncio.sleep(s(1)).then(Mono.error(new Boom("failure"))));
            Task<Void> t2 = Asyncio.createTask(Asyncio.sleep(s(10)));
            AsyncFuture<?> outer = futureOf(Asyncio.shield(t2));
            Mono<String> cancelled = Asyncio.sleep(s(0))
                    .then(Mono.fromRunnable(t2::cancel))
                    .then(outer)
                    .then(Mono.just("no error"))
                    .onErrorResume(CancelledException.class, e -> Mono.just("inner cancelled -> shield outer cancelled? "
                            + outer.isCancelled()));
            return cancelled
                    .flatMap(msg -> Asyncio.shield(ok).map(v -> msg + "; " + v))
                    .flatMap(msg -> Asyncio.shield(bad).map(v -> msg + "; no failure")
                            .onErrorResume(Boom.class, e -> Mono.just(msg + "; " + e.getMessage())));
        }));
        assertThat(r).isEqualTo("inner cancelled -> shield outer cancelled? true; value; failure");
    }

    @Test
    @DisplayName("SHIELD-03 cancelling the awaiting task raises CancelledException there; the inner goes on")
    void outerCancellationLeavesInnerRunning() {
        // SE-15 (s12_shield.py), first part.
        List<String> log = new ArrayList<>();
        String r = loop.run(() -> Mono.defer(() -> {
            Task<String> t = Asyncio.createTask(Asyncio.sleep(s(0.05)).then(Mono.fromCallable(() -> {
                log.add("inner finished");
                return "inner result";
            })));
            Task<String> o = Asyncio.createTask(Asyncio.shield(t));
            return Asyncio.sleep(s(0.01))
                    .then(Mono.fromRunnable(o::cancel))
                    .then(o.then(Mono.just("no error")).onErrorResume(CancelledException.class,
                            e -> Mono.fromCallable(() -> "outer task cancelled at " + now() + "; inner done? " + t.isDone()
                                    + " | inner cancelled? " + t.isCancelled())))
                    .flatMap(msg -> t.map(v -> msg + "; inner still completes: " + v + " " + log + " at " + now()));
        }));
        assertThat(r).isEqualTo("outer task cancelled at 0.01; inner done? false | inner cancelled? false;"
                + " inner still completes: inner result [inner finished] at 0.05");
    }

    @Test
    @DisplayName("SHIELD-03 an inner that fails while the cancelled shield still listens is retrieved; one that fails later is reported, as CPython")
    void innerOutcomeAfterCancellation() {
        loop.run(() -> Mono.defer(() -> {
            AsyncFuture<String> inner = EventLoop.running().createFuture();
            Task<String> o = Asyncio.createTask(Asyncio.shield(inner));
            return Asyncio.sleep(s(0)).then(Mono.fromRunnable(() -> {
                o.cancel();
                // Same iteration: the outer's done callback (that removes the inner callback) has not run yet.
                inner.setException(new Boom("retrieved by the shield"));
            })).then(o.then().onErrorResume(CancelledException.class, e -> Mono.empty()))
                    .then(Asyncio.sleep(s(1)));
        }));

        CombinatorLoop later = new CombinatorLoop();
        later.runAllowingReports(() -> Mono.defer(() -> {
            Task<String> o = Asyncio.createTask(Asyncio.shield(Asyncio.sleep(s(1)).then(Mono.error(new Boom("late")))));
            return Asyncio.sleep(s(0.5))
                    .then(Mono.fromRunnable(o::cancel))
                    .then(o.then().onErrorResume(CancelledException.class, e -> Mono.empty()))
                    .then(Asyncio.sleep(s(2)));
        }));
        assertThat(later.reported).singleElement().satisfies(t -> assertThat(t).hasMessage("late"));
    }

    @Test
    @DisplayName("SHIELD-04 shielding a plain Mono needs a running loop; inside one the new task runs on it")
    void needsALoop() {
        assertThatThrownBy(() -> Asyncio.shield(Mono.just(1)).block())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("no running event loop");
        String r = loop.run(() -> Mono.defer(() -> {
            Task<?> main = currentTask();
            return Asyncio.shield(Mono.defer(() -> Mono.just(currentTask() != main && currentTask().loop() == main.loop()
                    ? "own task on the running loop" : "wrong")));
        }));
        assertThat(r).isEqualTo("own task on the running loop");
    }

    @Test
    @DisplayName("shield: a null argument fails at the call")
    void nullArgument() {
        assertThatThrownBy(() -> Asyncio.shield(null)).isInstanceOf(NullPointerException.class).hasMessage("aw");
    }
}
