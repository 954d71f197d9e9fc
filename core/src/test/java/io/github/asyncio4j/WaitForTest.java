package io.github.asyncio4j;

import static io.github.asyncio4j.VirtualLoop.now;
import static io.github.asyncio4j.VirtualLoop.s;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/**
 * {@code asyncio.wait_for} (BEHAVIORS 1.7), as CPython 3.12+ implements it: on top of {@code timeout}.
 *
 * <p>WF-08's 3.11 behaviour (dropping a cancellation that raced with the inner result) is the
 * 3.11 bug that 3.12 fixed; we follow 3.12+ and test that.
 */
class WaitForTest {

    private final VirtualLoop loop = new VirtualLoop();

    @Test
    @DisplayName("WF-01 a null timeout is a plain await")
    void noTimeout() {
        String r = loop.run(() -> Asyncio.waitFor(Asyncio.sleep(s(3600), "late"), null).map(v -> v + "@" + now()));
        assertThat(r).isEqualTo("late@3600.0");
    }

    @Test
    @DisplayName("WF-02 a timeout <= 0 returns a done future's result, else cancels; a plain Mono never starts")
    void zeroTimeout() {
        List<String> log = loop.run(() -> {
            List<String> out = new ArrayList<>();
            AtomicBoolean started = new AtomicBoolean();
            Task<String> done = Asyncio.createTask(Mono.just("done already"));
            Mono<String> neverStarts = Mono.defer(() -> {
                started.set(true);
                return Mono.just("ran");
            });
            return Asyncio.sleep(Duration.ZERO)
                    .then(Asyncio.waitFor(done, Duration.ZERO)).doOnNext(out::add)
                    .then(Asyncio.waitFor(neverStarts, Duration.ZERO).onErrorResume(TimeoutException.class, e -> {
                        out.add("timeout, cause " + e.getCause().getClass().getSimpleName() + ", started=" + started.get());
                        return Mono.empty();
                    }))
                    .then(Asyncio.waitFor(Asyncio.sleep(s(1), "x"), s(-1)).onErrorResume(TimeoutException.class, e -> {
                        out.add("negative timeout too at " + now());
                        return Mono.empty();
                    }))
                    .thenReturn(out);
        });
        assertThat(log).containsExactly("done already", "timeout, cause CancelledException, started=false",
                "negative timeout too at 0.0");
    }

    @Test
    @DisplayName("WF-03 on timeout the inner is cancelled and waited for until it finished, then TimeoutException from the CancelledException")
    void waitsForTheInnerToFinish() {
        List<String> log = loop.run(() -> {
            List<String> out = new ArrayList<>();
            Mono<String> slowCleanup = Asyncio.sleep(s(10), "value").onErrorResume(CancelledException.class,
                    e -> Asyncio.sleep(s(2)).then(Mono.fromRunnable(() -> out.add("inner cleaned up at " + now()))).then(Mono.error(e)));
            return Asyncio.waitFor(slowCleanup, s(1)).onErrorResume(TimeoutException.class, e -> {
                out.add("TimeoutException at " + now() + ", cause " + e.getCause().getClass().getSimpleName());
                return Mono.empty();
            }).thenReturn(out);
        });
        assertThat(log).containsExactly("inner cleaned up at 3.0", "TimeoutException at 3.0, cause CancelledException");
    }

    @Test
    @DisplayName("WF-04 if the inner suppresses the cancellation and returns a value, that value wins")
    void suppressedValueWins() {
        String r = loop.run(() -> Asyncio.waitFor(Asyncio.sleep(s(10), "slow")
                .onErrorResume(CancelledException.class, e -> Mono.just("suppressed")), s(1)));
        assertThat(r).isEqualTo("suppressed");
    }

    @Test
    @DisplayName("WF-05 a failure raised while being cancelled propagates instead of TimeoutException")
    void failureDuringCancellation() {
        Throwable e = loop.run(() -> Asyncio.waitFor(Asyncio.sleep(s(10))
                        .onErrorResume(CancelledException.class, c -> Mono.error(new ArithmeticException("in cleanup"))), s(1))
                .then(Mono.<Throwable>empty()).onErrorResume(Mono::just));
        assertThat(e).isInstanceOf(ArithmeticException.class).hasMessage("in cleanup");
    }

    @Test
    @DisplayName("WF-06 cancelling the task running waitFor cancels the inner (also without timeout) and waits for it")
    void cancelPropagates() {
        List<String> log = loop.run(() -> {
            List<String> out = new ArrayList<>();
            Task<String> inner = Asyncio.createTask(Asyncio.sleep(s(10), "inner").onErrorResume(CancelledException.class,
                    e -> Asyncio.sleep(s(1)).then(Mono.fromRunnable(() -> out.add("inner cleanup done at " + now()))).then(Mono.error(e))));
            Task<String> outer = Asyncio.createTask(Asyncio.waitFor(inner, null));
            return Asyncio.sleep(s(1)).then(Mono.fromRunnable(outer::cancel)).then(outer)
                    .onErrorResume(CancelledException.class, e -> {
                        out.add("outer cancelled at " + now() + ", inner cancelled=" + inner.isCancelled());
                        return Mono.empty();
                    }).thenReturn(out);
        });
        assertThat(log).containsExactly("inner cleanup done at 2.0", "outer cancelled at 2.0, inner cancelled=true");
    }

    @Test
    @DisplayName("WF-07 a result that arrives just before the deadline wins")
    void resultJustBefore() {
        String r = loop.run(() -> Asyncio.waitFor(Asyncio.sleep(s(0.999999), "in time"), s(1)));
        assertThat(r).isEqualTo("in time");
    }

    @Test
    @DisplayName("WF-08 the waitFor task cancelled in the iteration where the inner completes still ends cancelled (3.12+, gh-86296)")
    void cancellationNotLost() {
        boolean cancelled = loop.run(() -> {
            AsyncFuture<String> inner = EventLoop.running().createFuture();
            Task<String> t = Asyncio.createTask(Asyncio.waitFor(inner, s(10)));
            return Asyncio.sleep(Duration.ZERO).then(Mono.fromRunnable(() -> {
                inner.setResult("result");
                t.cancel();
            })).then(t.then(Mono.just(false)).onErrorResume(CancelledException.class, e -> Mono.just(true)));
        });
        assertThat(cancelled).isTrue();
    }

    @Test
    @DisplayName("WF-09 waitFor cancelled after its timeout fired, while the inner ignores cancellations and returns: the value wins (3.12+)")
    void selfCancelAfterTimeout() {
        String r = loop.run(() -> {
            Mono<String> stubborn = Asyncio.sleep(s(10), "first").onErrorResume(CancelledException.class,
                    e -> Asyncio.sleep(s(1), "second").onErrorResume(CancelledException.class, e2 -> Mono.just("stubborn")));
            Task<String> t = Asyncio.createTask(Asyncio.waitFor(stubborn, s(1)));
            return Asyncio.sleep(s(1.5)).then(Mono.fromRunnable(t::cancel)).then(t);
        });
        assertThat(r).isEqualTo("stubborn");
    }

    @Test
    @DisplayName("WF-10 waitFor(shield(t)) times out the shield only: t keeps running and can be awaited later")
    void shieldedTimeout() {
        String r = loop.run(() -> {
            Task<String> t = Asyncio.createTask(Asyncio.sleep(s(5), "finished"));
            Mono<String> shielded = Asyncio.shield(t);
            return Asyncio.waitFor(shielded, s(1)).onErrorResume(TimeoutException.class, e -> Mono.just("timed out"))
                    .flatMap(first -> t.map(v -> first + ", then " + v + " at " + now()));
        });
        assertThat(r).isEqualTo("timed out, then finished at 5.0");
    }
}
