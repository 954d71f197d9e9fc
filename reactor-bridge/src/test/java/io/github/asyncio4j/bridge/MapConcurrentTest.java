package io.github.asyncio4j.bridge;

import static io.github.asyncio4j.bridge.TestLoops.now;
import static io.github.asyncio4j.bridge.TestLoops.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.asyncio4j.Asyncio;
import io.github.asyncio4j.CancelledException;
import io.github.asyncio4j.EventLoop;
import io.github.asyncio4j.Task;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/** {@link Bridge#mapConcurrent}: the bounded, ordered gather, on virtual time. */
class MapConcurrentTest {

    private final TestLoops loops = new TestLoops();

    /** Work that sleeps {@code seconds} and logs its start, its end and a cancellation (with async cleanup). */
    private static Mono<String> work(List<String> log, int item, double seconds) {
        return Mono.defer(() -> {
            log.add(item + " start " + now());
            return Asyncio.sleep(s(seconds), "r" + item)
                    .doOnNext(v -> log.add(item + " end " + now()))
                    .onErrorResume(CancelledException.class, e -> {
                        log.add(item + " cancelled " + now());
                        return Asyncio.sleep(s(0.5)).then(Mono.fromRunnable(() -> log.add(item + " cleaned " + now())))
                                .then(Mono.error(e));
                    });
        });
    }

    @Test
    @DisplayName("mapConcurrent: results in input order, at most limit tasks at once, a place held until its value is emitted")
    void orderAndLimit() {
        double[] delays = {3, 1, 2, 1, 1, 1};
        List<String> log = new ArrayList<>();
        List<String> emitted = loops.virtual(() -> Flux.range(1, 6)
                .transform(Bridge.mapConcurrent(i -> work(log, i, delays[i - 1]), 2))
                .map(v -> v + "@" + now())
                .collectList());
        assertThat(emitted).containsExactly("r1@3.0", "r2@3.0", "r3@5.0", "r4@5.0", "r5@6.0", "r6@6.0");
        assertThat(log.stream().filter(l -> l.contains("start")).collect(Collectors.toList()))
                .containsExactly("1 start 0.0", "2 start 0.0", "3 start 3.0", "4 start 3.0", "5 start 5.0", "6 start 5.0");
    }

    @Test
    @DisplayName("mapConcurrent: never more than limit tasks run at once, over 200 elements of uneven length")
    void concurrencyBound() {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger maxRunning = new AtomicInteger();
        List<Integer> out = loops.virtual(() -> Flux.range(0, 200)
                .transform(Bridge.mapConcurrent(i -> Mono.defer(() -> {
                    maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
                    return Asyncio.sleep(Duration.ofMillis((i * 37) % 11), i).doFinally(sig -> running.decrementAndGet());
                }), 7))
                .collectList());
        assertThat(out).containsExactlyElementsOf(IntStream.range(0, 200).boxed().collect(Collectors.toList()));
        assertThat(maxRunning.get()).isEqualTo(7);
    }

    @Test
    @DisplayName("mapConcurrent: the first failure cancels the running tasks and, after their cleanup, errors the Flux with that failure itself")
    void firstFailureCancelsTheRest() {
        IllegalStateException boom = new IllegalStateException("item 3 failed");
        List<String> log = new CopyOnWriteArrayList<>();
        List<Integer> called = new CopyOnWriteArrayList<>();
        Throwable error = loops.virtual(() -> Flux.range(1, 10)
                .transform(Bridge.mapConcurrent(i -> {
                    called.add(i);
                    return i == 3 ? Asyncio.sleep(s(1)).then(Mono.<String>error(boom)) : work(log, i, 10);
                }, 3))
                .then(Mono.<Throwable>empty())
                .onErrorResume(e -> {
                    log.add("flux failed " + now());
                    return Mono.just(e);
                }));
        assertThat(error).isSameAs(boom);
        assertThat(error.getSuppressed()).isEmpty();
        assertThat(called).containsExactly(1, 2, 3);
        // The group cancels its children in no particular order (a set, as CPython's TaskGroup).
        assertThat(log).hasSize(7);
        assertThat(log.subList(0, 2)).containsExactly("1 start 0.0", "2 start 0.0");
        assertThat(log.subList(2, 4)).containsExactlyInAnyOrder("1 cancelled 1.0", "2 cancelled 1.0");
        assertThat(log.subList(4, 6)).containsExactlyInAnyOrder("1 cleaned 1.5", "2 cleaned 1.5");
        assertThat(log.get(6)).isEqualTo("flux failed 1.5");
    }

    @Test
    @DisplayName("mapConcurrent: failures raised while the others are cancelled are suppressed in the first one")
    void laterFailuresSuppressed() {
        IllegalStateException first = new IllegalStateException("first");
        IllegalArgumentException duringCleanup = new IllegalArgumentException("during cleanup");
        Throwable error = loops.virtual(() -> Flux.range(1, 2)
                .transform(Bridge.mapConcurrent(i -> i == 1
                        ? Asyncio.sleep(s(5)).then(Mono.<Integer>empty())
                                .onErrorResume(CancelledException.class, e -> Mono.error(duringCleanup))
                        : Asyncio.sleep(s(1)).then(Mono.<Integer>error(first)), 2))
                .then(Mono.<Throwable>empty())
                .onErrorResume(Mono::just));
        assertThat(error).isSameAs(first);
        assertThat(error.getSuppressed()).containsExactly(duringCleanup);
    }

    @Test
    @DisplayName("mapConcurrent: fn throwing, or returning null, errors the Flux with that failure after cancelling the running tasks")
    void functionFailures() {
        List<String> log = new CopyOnWriteArrayList<>();
        ArithmeticException thrown = new ArithmeticException("fn threw");
        Throwable e1 = loops.virtual(() -> Flux.just(1).concatWith(Mono.delay(s(1), EventLoop.running()).thenReturn(2))
                .transform(Bridge.mapConcurrent(i -> {
                    if (i == 2) {
                        throw thrown;
                    }
                    return work(log, i, 10);
                }, 4))
                .then(Mono.<Throwable>empty())
                .onErrorResume(Mono::just));
        assertThat(e1).isSameAs(thrown);
        assertThat(log).containsExactly("1 start 0.0", "1 cancelled 1.0", "1 cleaned 1.5");

        Throwable e2 = loops.virtual(() -> Flux.range(1, 2)
                .transform(Bridge.mapConcurrent(i -> i == 2 ? null : Mono.just(i), 4))
                .then(Mono.<Throwable>empty())
                .onErrorResume(Mono::just));
        assertThat(e2).isInstanceOf(NullPointerException.class)
                .hasMessage("the function given to Bridge.mapConcurrent returned null for 2: it must return a Mono");
    }

    @Test
    @DisplayName("mapConcurrent: a source error errors the Flux with it once the running tasks have cleaned up")
    void sourceError() {
        List<String> log = new CopyOnWriteArrayList<>();
        IllegalStateException sourceFailed = new IllegalStateException("source failed");
        Throwable e = loops.virtual(() -> Flux.concat(Flux.just(1, 2), Mono.delay(Duration.ofSeconds(2), EventLoop.running())
                        .then(Mono.<Integer>error(sourceFailed)))
                .transform(Bridge.mapConcurrent(i -> work(log, i, 10), 4))
                .then(Mono.<Throwable>empty())
                .onErrorResume(err -> {
                    log.add("flux failed " + now());
                    return Mono.just(err);
                }));
        assertThat(e).isSameAs(sourceFailed);
        assertThat(log).containsExactly("1 start 0.0", "2 start 0.0", "1 cancelled 2.0", "2 cancelled 2.0",
                "1 cleaned 2.5", "2 cleaned 2.5", "flux failed 2.5");
    }

    @Test
    @DisplayName("mapConcurrent: cancelling the Flux (take) cancels the running tasks, which clean up")
    void cancellingTheFlux() {
        List<String> log = new CopyOnWriteArrayList<>();
        double[] delays = {1, 1, 5, 5};
        List<String> r = loops.virtual(() -> Flux.range(1, 4)
                .transform(Bridge.mapConcurrent(i -> work(log, i, delays[i - 1]), 4))
                .take(2)
                .collectList()
                .flatMap(l -> Asyncio.sleep(s(1)).thenReturn(l)));
        assertThat(r).containsExactly("r1", "r2");
        assertThat(log).contains("3 cancelled 1.0", "4 cancelled 1.0", "3 cleaned 1.5", "4 cleaned 1.5")
                .noneMatch(l -> l.startsWith("3 end") || l.startsWith("4 end"));
    }

    @Test
    @DisplayName("mapConcurrent: cancelling the task delivers CancelledException into every running task, then into the subscriber")
    void cancellingTheTask() {
        List<String> log = new CopyOnWriteArrayList<>();
        List<Object> r = loops.virtual(() -> {
            Task<List<String>> t = Asyncio.createTask(Flux.range(1, 3)
                    .transform(Bridge.mapConcurrent(i -> work(log, i, 10), 3))
                    .collectList()
                    .doOnError(CancelledException.class, e -> log.add("subscriber cancelled " + now())));
            return Asyncio.sleep(s(2))
                    .then(Mono.fromRunnable(() -> t.cancel("shutdown")))
                    .then(t.map(v -> (Object) v).onErrorResume(CancelledException.class,
                            e -> Mono.just("task cancelled: " + e.getMessage())))
                    .map(v -> List.of(v, t.isCancelled()));
        });
        assertThat(r).containsExactly("task cancelled: shutdown", true);
        assertThat(log).hasSize(10);
        assertThat(log.subList(0, 3)).containsExactly("1 start 0.0", "2 start 0.0", "3 start 0.0");
        assertThat(log.subList(3, 6)).containsExactlyInAnyOrder("1 cancelled 2.0", "2 cancelled 2.0", "3 cancelled 2.0");
        assertThat(log.subList(6, 9)).containsExactlyInAnyOrder("1 cleaned 2.5", "2 cleaned 2.5", "3 cleaned 2.5");
        assertThat(log.get(9)).isEqualTo("subscriber cancelled 2.5");
    }

    @Test
    @DisplayName("mapConcurrent: a task cancelled by someone else errors the Flux with its CancelledException, as gather does (SE-10)")
    void childCancelledElsewhere() {
        List<Object> r = loops.virtual(() -> {
            Task<?> parent = TestLoops.currentTask();
            return Flux.range(1, 3)
                    .transform(Bridge.mapConcurrent(i -> i == 2
                            ? Mono.defer(() -> {
                                TestLoops.currentTask().cancel("child gave up");
                                return Asyncio.sleep(s(1), i);
                            })
                            : Asyncio.sleep(s(5), i), 3))
                    .collectList()
                    .map(l -> (Object) l)
                    .onErrorResume(CancelledException.class, e -> Mono.just("flux: " + e.getMessage()))
                    .map(v -> List.of(v, parent.cancelling(), now()));
        });
        assertThat(r).containsExactly("flux: child gave up", 0, 0.0);
    }

    @Test
    @DisplayName("mapConcurrent: a Mono that completes empty contributes nothing")
    void emptyResults() {
        List<Integer> r = loops.virtual(() -> Flux.range(1, 6)
                .transform(Bridge.mapConcurrent(i -> i % 2 == 0 ? Mono.<Integer>empty() : Asyncio.sleep(s(7 - i), i), 2))
                .collectList());
        assertThat(r).containsExactly(1, 3, 5);
    }

    @Test
    @DisplayName("mapConcurrent: backpressure — with a slow consumer, tasks started and source requests stay within emitted + limit")
    void backpressure() {
        int limit = 3;
        AtomicInteger started = new AtomicInteger();
        AtomicInteger emitted = new AtomicInteger();
        AtomicInteger requested = new AtomicInteger();
        List<String> violations = new CopyOnWriteArrayList<>();
        List<Integer> r = loops.virtual(() -> Flux.range(1, 20)
                .doOnRequest(n -> {
                    if (requested.addAndGet((int) n) > emitted.get() + limit) {
                        violations.add("requested " + requested.get() + " with " + emitted.get() + " emitted");
                    }
                })
                .transform(Bridge.mapConcurrent(i -> Mono.defer(() -> {
                    if (started.incrementAndGet() > emitted.get() + limit) {
                        violations.add("started " + started.get() + " with " + emitted.get() + " emitted");
                    }
                    return Asyncio.sleep(s(0.1), i);
                }), limit))
                .doOnNext(i -> emitted.incrementAndGet())
                .concatMap(i -> Asyncio.sleep(s(10), i), 0)
                .collectList());
        assertThat(r).containsExactlyElementsOf(IntStream.rangeClosed(1, 20).boxed().collect(Collectors.toList()));
        assertThat(violations).isEmpty();
        assertThat(started.get()).isEqualTo(20);
    }

    @Test
    @DisplayName("mapConcurrent: with a source emitting on Schedulers.parallel(), fn and every downstream callback run on the loop thread")
    void signalsOnLoop() {
        Set<Thread> threads = ConcurrentHashMap.newKeySet();
        AtomicReference<Thread> loopThread = new AtomicReference<>();
        List<Integer> r = loops.real(() -> {
            loopThread.set(Thread.currentThread());
            return Flux.range(1, 50).publishOn(Schedulers.parallel())
                    .transform(Bridge.mapConcurrent(i -> {
                        threads.add(Thread.currentThread());
                        return Asyncio.sleep(Duration.ZERO, i * 2);
                    }, 5))
                    .doOnNext(i -> threads.add(Thread.currentThread()))
                    .collectList();
        });
        assertThat(r).hasSize(50).startsWith(2, 4).endsWith(100);
        assertThat(threads).containsExactly(loopThread.get());
    }

    @Test
    @DisplayName("mapConcurrent: demand from another thread (publishOn) is served on the loop, in a step of the task")
    void demandFromAnotherThread() {
        Set<String> seen = ConcurrentHashMap.newKeySet();
        AtomicReference<Thread> loopThread = new AtomicReference<>();
        List<Integer> r = loops.real(() -> {
            loopThread.set(Thread.currentThread());
            Task<?> me = TestLoops.currentTask();
            return Bridge.adopt(Flux.range(1, 30)
                            .transform(Bridge.mapConcurrent(i -> Asyncio.sleep(Duration.ZERO, i), 3))
                            .doOnNext(i -> seen.add((Thread.currentThread() == loopThread.get()) + " "
                                    + (Task.current().orElse(null) == me)))
                            .publishOn(Schedulers.parallel(), 1))
                    .collectList();
        });
        assertThat(r).containsExactlyElementsOf(IntStream.rangeClosed(1, 30).boxed().collect(Collectors.toList()));
        assertThat(seen).containsExactly("true true");
    }

    @Test
    @DisplayName("mapConcurrent: 20,000 elements with limit 64 on virtual time")
    void many() {
        List<Integer> r = loops.virtual(() -> Flux.range(0, 20_000)
                .transform(Bridge.mapConcurrent(i -> Asyncio.sleep(Duration.ofMillis(i % 13), i), 64))
                .collectList());
        assertThat(r).hasSize(20_000);
        for (int i = 0; i < r.size(); i++) {
            assertThat(r.get(i)).isEqualTo(i);
        }
    }

    @Test
    @DisplayName("mapConcurrent: limit < 1 and a null function are refused with exceptions naming the argument")
    void badArguments() {
        Function<Integer, Mono<Integer>> fn = Mono::just;
        assertThatThrownBy(() -> Bridge.mapConcurrent(fn, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("limit must be at least 1, got 0");
        assertThatThrownBy(() -> Bridge.mapConcurrent(fn, -3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("limit must be at least 1, got -3");
        assertThatThrownBy(() -> Bridge.mapConcurrent(null, 2)).isInstanceOf(NullPointerException.class).hasMessage("fn");
    }

    @Test
    @DisplayName("mapConcurrent: subscribed outside a task it fails with no running event loop (StepVerifier)")
    void noTask() {
        StepVerifier.create(Flux.range(1, 3).transform(Bridge.mapConcurrent(Mono::just, 2)))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(IllegalStateException.class)
                        .hasMessageStartingWith("no running event loop: Bridge.mapConcurrent"))
                .verify(Duration.ofSeconds(10));
    }

    @Test
    @DisplayName("mapConcurrent: a loop's spawn relays the ordered results to a plain thread (StepVerifier)")
    void stepVerifier() {
        EventLoop loop = EventLoop.start("map-concurrent-spawn");
        try {
            StepVerifier.create(loop.spawn(Flux.range(1, 5)
                            .transform(Bridge.mapConcurrent(i -> Asyncio.sleep(Duration.ofMillis(6 - i), i * i), 3))
                            .collectList()))
                    .expectNext(List.of(1, 4, 9, 16, 25))
                    .expectComplete()
                    .verify(Duration.ofSeconds(10));
        } finally {
            loop.close();
        }
    }
}
