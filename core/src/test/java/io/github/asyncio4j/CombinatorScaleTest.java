package io.github.asyncio4j;

import static io.github.asyncio4j.CombinatorLoop.now;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.publisher.Mono;

/**
 * 100,000 children through {@code gather}, {@code gatherSettled}, {@code wait}, {@code asCompleted}
 * and {@code first} on the virtual-time loop. Each child sleeps a distinct number of milliseconds,
 * from a seeded shuffle, so completion order differs from argument order. A quadratic combinator
 * (a scan of the whole set per completion, a {@code Flux.merge} of 100,000 inners) would take
 * minutes here; the {@link Timeout} is only a guard, the assertions are on values and virtual time.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CombinatorScaleTest {

    private static final int N = 100_000;
    private static final long SEED = 20_241_122L;

    private final CombinatorLoop loop = new CombinatorLoop();

    /** A seeded permutation of 0..n-1: child i sleeps delays[i] ms and returns delays[i]. */
    private static int[] delays() {
        int[] d = new int[N];
        for (int i = 0; i < N; i++) {
            d[i] = i;
        }
        Random r = new Random(SEED);
        for (int i = N - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = d[i];
            d[i] = d[j];
            d[j] = t;
        }
        return d;
    }

    private static List<Mono<Integer>> children(int[] delays) {
        List<Mono<Integer>> monos = new ArrayList<>(N);
        for (int d : delays) {
            monos.add(Asyncio.sleep(Duration.ofMillis(d), d));
        }
        return monos;
    }

    @Test
    @DisplayName("scale: gather of 100,000 children keeps argument order, linear time")
    void gather() {
        int[] delays = delays();
        List<Integer> r = loop.run(() -> Asyncio.gather(children(delays))
                .doOnNext(x -> assertThat(now()).isEqualTo((N - 1) / 1000.0)));
        assertThat(r).hasSize(N);
        for (int i = 0; i < N; i++) {
            assertThat(r.get(i)).isEqualTo(delays[i]);
        }
    }

    @Test
    @DisplayName("scale: gatherSettled of 100,000 children, half of them failing")
    void gatherSettled() {
        int[] delays = delays();
        List<Outcome<Integer>> r = loop.run(() -> {
            List<Mono<Integer>> monos = new ArrayList<>(N);
            for (int d : delays) {
                Mono<Integer> sleep = Asyncio.sleep(Duration.ofMillis(d), d);
                monos.add(d % 2 == 0 ? sleep : sleep.then(Mono.error(new IllegalStateException("odd " + d))));
            }
            return Asyncio.gatherSettled(monos);
        });
        assertThat(r).hasSize(N);
        for (int i = 0; i < N; i++) {
            assertThat(r.get(i).isSuccess()).isEqualTo(delays[i] % 2 == 0);
        }
    }

    @Test
    @DisplayName("scale: wait on 100,000 tasks in each ReturnWhen mode and with a timeout")
    void waitModes() {
        int[] delays = delays();
        String r = loop.run(() -> Mono.defer(() -> {
            List<Task<Integer>> tasks = new ArrayList<>(N);
            for (Mono<Integer> m : children(delays)) {
                tasks.add(Asyncio.createTask(m));
            }
            return Asyncio.wait(tasks, ReturnWhen.FIRST_COMPLETED, null)
                    .map(w -> "first " + w.done().size() + "/" + w.pending().size() + " at " + now())
                    .flatMap(msg -> Asyncio.wait(tasks, ReturnWhen.ALL_COMPLETED, Duration.ofMillis(50_000))
                            .map(w -> msg + "; timeout " + w.done().size() + "/" + w.pending().size() + " at " + now()))
                    .flatMap(msg -> Asyncio.wait(tasks, ReturnWhen.FIRST_EXCEPTION, null)
                            .map(w -> msg + "; all " + w.done().size() + "/" + w.pending().size() + " at " + now()));
        }));
        assertThat(r).isEqualTo("first 1/99999 at 0.0; timeout 50001/49999 at 50.0; all 100000/0 at 99.999");
    }

    @Test
    @DisplayName("scale: asCompleted of 100,000 Monos emits in completion order")
    void asCompleted() {
        int[] delays = delays();
        List<Integer> r = loop.run(() -> Asyncio.asCompleted(children(delays), null)
                .concatMap(t -> t, 1)
                .collectList());
        assertThat(r).hasSize(N);
        for (int i = 0; i < N; i++) {
            assertThat(r.get(i)).isEqualTo(i);
        }
    }

    @Test
    @DisplayName("scale: first of 100,000 racers cancels the 99,999 losers")
    void first() {
        int[] delays = delays();
        String r = loop.run(() -> Asyncio.first(children(delays))
                .flatMap(v -> Asyncio.sleep(Duration.ZERO).then(Mono.fromCallable(() -> "winner " + v + " at " + now()
                        + ", tasks left " + (EventLoop.running().allTasks().size() - 1)))));
        assertThat(r).isEqualTo("winner 0 at 0.0, tasks left 0");
    }
}
