package io.github.asyncio4j;

import static io.github.asyncio4j.CombinatorLoop.currentTask;
import static io.github.asyncio4j.CombinatorLoop.now;
import static io.github.asyncio4j.CombinatorLoop.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.asyncio4j.CombinatorLoop.Boom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/** {@link Asyncio#first}: API.md's race (it has no row in BEHAVIORS.md: asyncio has no {@code first}). */
class FirstTest {

    private final CombinatorLoop loop = new CombinatorLoop();

    @Test
    @DisplayName("first: the first value wins and every other racer is cancelled, tasks passed in included")
    void firstValueWins() {
        List<Task<?>> made = new ArrayList<>();
        String r = loop.run(() -> Mono.defer(() -> {
            Task<String> given = Asyncio.createTask(Asyncio.sleep(s(3), "given"));
            Mono<String> plain = Mono.defer(() -> {
                made.add(currentTask());
                return Asyncio.sleep(s(2), "plain");
            });
            return Asyncio.first(List.of(given, plain, Asyncio.sleep(s(1), "fast")))
                    .flatMap(v -> Asyncio.sleep(s(0)).then(Mono.fromCallable(() -> v + " at " + now() + "; given cancelled "
                            + given.isCancelled() + ", plain's task cancelled " + made.get(0).isCancelled())));
        }));
        assertThat(r).isEqualTo("fast at 1.0; given cancelled true, plain's task cancelled true");
    }

    @Test
    @DisplayName("first: a failure only loses its racer; completing empty is a success")
    void failuresLoseEmptyWins() {
        String r = loop.run(() -> Asyncio.first(List.of(
                        Asyncio.sleep(s(1)).then(Mono.<String>error(new Boom("early failure"))),
                        Asyncio.sleep(s(2), "value")))
                .flatMap(v -> Asyncio.first(List.of(Asyncio.sleep(s(1)).then(Mono.<String>empty()), Asyncio.sleep(s(2), "x")))
                        .map(x -> "not empty").defaultIfEmpty("empty won").map(e -> v + ", then " + e + " at " + now())));
        assertThat(r).isEqualTo("value, then empty won at 3.0");
    }

    @Test
    @DisplayName("first: when every racer fails, an ExceptionGroup of the failures in the order they happened")
    void allFail() {
        String r = loop.run(() -> Mono.defer(() -> {
            Task<String> cancelledBySomeoneElse = Asyncio.createTask(Asyncio.sleep(s(10), "never"));
            EventLoop.running().callLater(s(2), () -> cancelledBySomeoneElse.cancel("elsewhere"));
            return Asyncio.first(List.of(
                            Asyncio.sleep(s(3)).then(Mono.<String>error(new Boom("third"))),
                            Asyncio.sleep(s(1)).then(Mono.<String>error(new Boom("first"))),
                            cancelledBySomeoneElse))
                    .onErrorResume(ExceptionGroup.class, eg -> Mono.just(eg.message() + ": "
                            + eg.exceptions().stream().map(t -> t.getClass().getSimpleName() + "(" + t.getMessage() + ")").toList()
                            + " at " + now()));
        }));
        assertThat(r).isEqualTo("all racers of Asyncio.first failed: [Boom(first), CancelledException(elsewhere), Boom(third)] at 3.0");
    }

    @Test
    @DisplayName("first: cancelling the awaiting task cancels every racer and ends with CancelledException once they are done")
    void cancellation() {
        String r = loop.run(() -> Mono.defer(() -> {
            Task<String> a = Asyncio.createTask(Asyncio.sleep(s(5), "a"));
            Task<String> b = Asyncio.createTask(Asyncio.sleep(s(5)).then(Mono.<String>empty()).onErrorResume(
                    CancelledException.class, e -> Asyncio.sleep(s(1)).then(Mono.error(e))));
            Task<String> racing = Asyncio.createTask(Asyncio.first(List.of(a, b)));
            return Asyncio.sleep(s(1))
                    .then(Mono.fromRunnable(() -> racing.cancel("stop")))
                    .then(racing.onErrorResume(CancelledException.class, e -> Mono.fromCallable(() -> "race cancelled ("
                            + e.getMessage() + ") at " + now() + "; a " + a.isCancelled() + ", b " + b.isCancelled())));
        }));
        assertThat(r).isEqualTo("race cancelled (stop) at 2.0; a true, b true");
    }

    @Test
    @DisplayName("first: a loser's failure after the race is decided counts as retrieved; the same Mono twice runs once")
    void loserFailureRetrievedAndDuplicates() {
        AtomicInteger runs = new AtomicInteger();
        String r = loop.run(() -> Mono.defer(() -> {
            Mono<String> stubborn = Asyncio.sleep(s(5)).then(Mono.<String>empty())
                    .onErrorResume(CancelledException.class, e -> Mono.error(new Boom("fails while cancelled")));
            Mono<String> once = Mono.defer(() -> {
                runs.incrementAndGet();
                return Asyncio.sleep(s(1), "once");
            });
            return Asyncio.first(List.of(stubborn, once, once)).flatMap(v -> Asyncio.sleep(s(1)).thenReturn(v));
        }));
        assertThat(r).isEqualTo("once");
        assertThat(runs).hasValue(1);
    }

    @Test
    @DisplayName("first: bad arguments fail at the call: null list or racer, no racer at all")
    void badArguments() {
        assertThatThrownBy(() -> Asyncio.first(null)).isInstanceOf(NullPointerException.class).hasMessage("aws");
        assertThatThrownBy(() -> Asyncio.first(Arrays.asList(Mono.just(1), null)))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("aws[1]");
        assertThatThrownBy(() -> Asyncio.first(List.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one");
    }
}
