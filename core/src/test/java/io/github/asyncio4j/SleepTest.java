package io.github.asyncio4j;

import static io.github.asyncio4j.TestLoops.SECOND;
import static io.github.asyncio4j.TestLoops.now;
import static io.github.asyncio4j.TestLoops.runVirtual;
import static io.github.asyncio4j.TestLoops.seconds;
import static io.github.asyncio4j.TestLoops.yieldOnce;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * {@code Asyncio.sleep}: BEHAVIORS.md section 1.6 ({@code SLEEP-*}).
 *
 * <p>IDs with no Java twin: SLEEP-03's NaN delay: a {@link Duration} cannot be NaN (the
 * {@code null} half of SLEEP-03 is tested).
 */
class SleepTest {

    @Test
    @DisplayName("SLEEP-01 sleep(ZERO, result) is one bare yield: callbacks queued before it run first, no timer, no time passes")
    void sleepZero() {
        List<String> log = new ArrayList<>();
        runVirtual(() -> {
            EventLoop loop = EventLoop.running();
            loop.callSoon(() -> {
                log.add("callback queued before");
                loop.callSoon(() -> log.add("callback queued by that callback"));
            });
            loop.callLater(Duration.ofHours(1), () -> log.add("a timer in an hour"));
            return Asyncio.sleep(Duration.ZERO, 10).doOnNext(v -> log.add("sleep returned " + v + " at " + now()));
        });
        // What the first callback queued runs after the sleep returned (in asyncio.run's shutdown,
        // as CPython's runner turns the loop again), never before.
        assertThat(log).startsWith("callback queued before", "sleep returned 10 at 0");
    }

    @Test
    @DisplayName("SLEEP-01 a negative delay is ZERO: one iteration, the result, no time passes")
    void negativeSleep() {
        String r = runVirtual(() -> Asyncio.sleep(seconds(-5), "1").map(v -> v + " at " + now())
                .flatMap(v -> Asyncio.sleep(seconds(-5)).thenReturn(v)));
        assertThat(r).isEqualTo("1 at 0");
    }

    @Test
    @DisplayName("SLEEP-02 sleep(d, result) returns result after d of loop time; sleep(d) completes empty")
    void sleepReturnsItsResult() {
        List<String> log = runVirtual(() -> {
            List<String> out = new ArrayList<>();
            return Asyncio.sleep(seconds(5), "r").doOnNext(v -> out.add(v + " at " + now() / SECOND + "s"))
                    .then(Asyncio.sleep(seconds(2))).doOnSuccess(v -> out.add("empty sleep -> " + v + " at " + now() / SECOND + "s"))
                    .thenReturn(out);
        });
        assertThat(log).containsExactly("r at 5s", "empty sleep -> null at 7s");
    }

    @Test
    @DisplayName("SLEEP-02 cancelling a sleeping task removes its timer at once and delivers CancelledException at the sleep")
    void cancellingASleepRemovesTheTimer() {
        List<String> log = new ArrayList<>();
        runVirtual(() -> {
            Subscription[] sleeper = new Subscription[1];
            Task<Void> t = Asyncio.createTask(Asyncio.sleep(Duration.ofHours(1)).doOnSubscribe(s -> sleeper[0] = s)
                    .doOnError(CancelledException.class, e -> log.add("cancelled at " + now() / SECOND + "s")));
            return Asyncio.sleep(seconds(1)).then(Mono.fromRunnable(() -> {
                log.add("armed before cancel: " + ((TimerHandle) sleeper[0]).armed());
                t.cancel();
                log.add("armed after cancel: " + ((TimerHandle) sleeper[0]).armed());
            })).then(t).onErrorResume(CancelledException.class, e -> Mono.empty());
        });
        assertThat(log).containsExactly("armed before cancel: true", "armed after cancel: false", "cancelled at 1s");
    }

    @Test
    @DisplayName("SLEEP-02 cancelling the subscription to a sleep (Reactor-style) drops its timer")
    void disposingASleepDropsTheTimer() {
        boolean[] armed = new boolean[2];
        runVirtual(() -> {
            Subscription[] sleeper = new Subscription[1];
            return Mono.firstWithValue(Asyncio.sleep(Duration.ofHours(1), "slow").doOnSubscribe(s -> sleeper[0] = s),
                            Asyncio.sleep(seconds(1), "fast"))
                    .then(Mono.fromRunnable(() -> armed[0] = ((TimerHandle) sleeper[0]).armed()));
        });
        assertThat(armed[0]).isFalse();
    }

    @Test
    @DisplayName("SLEEP-03 a null delay is a NullPointerException naming it")
    void nullDelay() {
        assertThatNullPointerException().isThrownBy(() -> Asyncio.sleep(null)).withMessage("delay");
        assertThatNullPointerException().isThrownBy(() -> Asyncio.sleep(null, "x")).withMessage("delay");
    }

    @Test
    @DisplayName("Absurd delays saturate: sleep(FOREVER) never fires early, sleep(-FOREVER) is a yield")
    void absurdDelaysSaturate() {
        List<String> log = new ArrayList<>();
        runVirtual(() -> {
            Task<String> forever = Asyncio.createTask(Asyncio.sleep(ChronoUnit.FOREVER.getDuration(), "woke?!"));
            Task<String> longest = Asyncio.createTask(Asyncio.sleep(Duration.ofSeconds(Long.MAX_VALUE, 999_999_999), "woke?!"));
            EventLoop.running().callLater(ChronoUnit.FOREVER.getDuration(), () -> log.add("callLater(FOREVER) fired?!"));
            return Asyncio.sleep(ChronoUnit.FOREVER.getDuration().negated(), "yielded").doOnNext(v -> log.add(v + " at " + now()))
                    .then(Asyncio.sleep(Duration.ofDays(100_000)))
                    .then(Mono.fromRunnable(() -> {
                        log.add("after 100000 days: done=" + forever.isDone() + "," + longest.isDone());
                        forever.cancel();
                        longest.cancel();
                    }));
        });
        assertThat(log).containsExactly("yielded at 0", "after 100000 days: done=false,false");
    }

    @Test
    @DisplayName("sleep subscribed with no running loop fails with an IllegalStateException saying how to get one")
    void sleepWithoutALoop() {
        assertThatIllegalStateException().isThrownBy(() -> Asyncio.sleep(seconds(1)).block())
                .withMessageStartingWith("no running event loop")
                .withMessageContaining("Asyncio.sleep")
                .withMessageContaining("Asyncio.run");
        StepVerifier.create(Asyncio.sleep(Duration.ZERO, "x"))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(IllegalStateException.class)
                        .hasMessageStartingWith("no running event loop"))
                .verify(Duration.ofSeconds(10));
    }

    @Test
    @DisplayName("A sleep is cold: each subscription sleeps anew, and a yield at the top of a chain resumes the same task")
    void sleepIsCold() {
        List<Long> times = runVirtual(() -> {
            Mono<Long> nap = Asyncio.sleep(seconds(2)).then(Mono.fromCallable(TestLoops::now));
            return nap.zipWith(nap.flatMap(x -> nap), List::of).flatMap(l -> yieldOnce().thenReturn(l));
        });
        assertThat(times).containsExactly(2 * SECOND, 4 * SECOND);
    }
}
