package io.github.asyncio4j.bridge;

import static io.github.asyncio4j.bridge.TestLoops.currentTask;
import static io.github.asyncio4j.bridge.TestLoops.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.asyncio4j.AsyncFuture;
import io.github.asyncio4j.Asyncio;
import io.github.asyncio4j.CancelledException;
import io.github.asyncio4j.EventLoop;
import io.github.asyncio4j.Task;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Hooks;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/**
 * {@link Bridge#adopt}: foreign publishers subscribed from a task, every signal delivered on the
 * task's loop, and an await point that the task's cancellation reaches.
 */
class AdoptTest {

    private final TestLoops loops = new TestLoops();

    @AfterEach
    void resetHooks() {
        Hooks.resetOnNextDropped();
        Hooks.resetOnErrorDropped();
    }

    /** Records, in every user callback of a body, the thread and the task it runs in. */
    private static final class Witness {
        final Set<Thread> threads = ConcurrentHashMap.newKeySet();
        final Set<Object> tasks = ConcurrentHashMap.newKeySet();
        final List<String> callbacks = new CopyOnWriteArrayList<>();

        void saw(String callback) {
            threads.add(Thread.currentThread());
            tasks.add(Task.current().map(t -> (Object) t).orElse("no task"));
            callbacks.add(callback);
        }
    }

    private List<Integer> collectOnLoop(Flux<Integer> foreign, Witness w, AtomicReference<Thread> loopThread,
                                        AtomicReference<Task<?>> task) {
        return loops.real(() -> {
            loopThread.set(Thread.currentThread());
            task.set(currentTask());
            return Bridge.adopt(foreign)
                    .doOnSubscribe(sub -> w.saw("doOnSubscribe"))
                    .map(i -> {
                        w.saw("map");
                        return i * 10;
                    })
                    .filter(i -> {
                        w.saw("filter");
                        return true;
                    })
                    .doOnNext(i -> w.saw("doOnNext"))
                    .doOnComplete(() -> w.saw("doOnComplete"))
                    .collectList()
                    .doOnNext(l -> w.saw("after collect"));
        });
    }

    @Test
    @DisplayName("adopt: a Flux emitting on Schedulers.parallel() reaches every callback of the body on the loop thread, inside the task")
    void parallelSchedulerSignalsOnLoop() {
        Witness w = new Witness();
        AtomicReference<Thread> loopThread = new AtomicReference<>();
        AtomicReference<Task<?>> task = new AtomicReference<>();
        Set<Thread> emitters = ConcurrentHashMap.newKeySet();
        Flux<Integer> foreign = Flux.range(1, 200).publishOn(Schedulers.parallel(), 8)
                .doOnNext(i -> emitters.add(Thread.currentThread()));

        List<Integer> out = collectOnLoop(foreign, w, loopThread, task);

        assertThat(out).hasSize(200).startsWith(10, 20, 30).endsWith(2000);
        assertThat(emitters).as("the foreign publisher really emitted elsewhere").doesNotContain(loopThread.get());
        assertThat(w.threads).containsExactly(loopThread.get());
        assertThat(w.tasks).containsExactly(task.get());
        assertThat(w.callbacks).contains("doOnSubscribe", "map", "filter", "doOnNext", "doOnComplete", "after collect");
    }

    @Test
    @DisplayName("adopt: a Publisher signalling from a plain Thread reaches every callback of the body on the loop thread")
    void plainThreadSignalsOnLoop() {
        Witness w = new Witness();
        AtomicReference<Thread> loopThread = new AtomicReference<>();
        AtomicReference<Task<?>> task = new AtomicReference<>();
        AtomicReference<Thread> emitter = new AtomicReference<>();
        Flux<Integer> foreign = Flux.create(sink -> {
            Thread t = new Thread(() -> {
                for (int i = 1; i <= 50; i++) {
                    sink.next(i);
                }
                sink.complete();
            }, "plain-emitter");
            emitter.set(t);
            t.start();
        });

        List<Integer> out = collectOnLoop(foreign, w, loopThread, task);

        assertThat(out).hasSize(50).startsWith(10).endsWith(500);
        assertThat(emitter.get()).isNotSameAs(loopThread.get());
        assertThat(w.threads).containsExactly(loopThread.get());
        assertThat(w.tasks).containsExactly(task.get());
    }

    @Test
    @DisplayName("adopt: an error from another thread reaches the body's onErrorResume on the loop thread")
    void errorOnLoop() {
        Witness w = new Witness();
        String r = loops.real(() -> Bridge.adopt(Mono.<String>error(new IllegalStateException("boom"))
                        .subscribeOn(Schedulers.boundedElastic()))
                .onErrorResume(IllegalStateException.class, e -> {
                    w.saw("onErrorResume");
                    return Mono.just("recovered from " + e.getMessage());
                }));
        assertThat(r).isEqualTo("recovered from boom");
        assertThat(w.threads).hasSize(1).allMatch(t -> !t.getName().startsWith("boundedElastic"));
        assertThat(w.tasks).doesNotContain("no task");
    }

    @Test
    @DisplayName("adopt: task.cancel() cancels the foreign upstream and delivers CancelledException, with its message, into the body")
    void cancellationPoint() {
        CompletableFuture<Boolean> upstreamCancelled = new CompletableFuture<>();
        List<String> log = new ArrayList<>();
        String r = loops.real(() -> {
            Task<String> t = Asyncio.createTask(Bridge.adopt(Mono.<String>never()
                            .subscribeOn(Schedulers.boundedElastic())
                            .doOnCancel(() -> upstreamCancelled.complete(true)))
                    .onErrorResume(CancelledException.class, e -> {
                        log.add("caught '" + e.getMessage() + "' on a loop thread: " + EventLoop.current().isPresent());
                        // Cleanup with more async work, as after any await point.
                        return Asyncio.sleep(Duration.ofMillis(1)).then(Mono.error(e));
                    }));
            return Asyncio.sleep(Duration.ZERO)
                    .then(Mono.fromRunnable(() -> t.cancel("stop")))
                    .then(t.map(v -> "unexpected value").onErrorResume(CancelledException.class,
                            e -> Mono.just("task cancelled: " + t.isCancelled() + ", message " + e.getMessage())));
        });
        assertThat(r).isEqualTo("task cancelled: true, message stop");
        assertThat(log).containsExactly("caught 'stop' on a loop thread: true");
        assertThat(upstreamCancelled).isCompletedWithValue(true);
    }

    @Test
    @DisplayName("adopt: the body may suppress the cancellation and return a value; cancelling() stays 1 (SE-04)")
    void cancellationCanBeSuppressed() {
        List<Object> r = loops.real(() -> {
            Task<String> t = Asyncio.createTask(Bridge.adopt(Mono.<String>never().subscribeOn(Schedulers.parallel()))
                    .onErrorResume(CancelledException.class, e -> Mono.just("cleaned up")));
            return Asyncio.sleep(Duration.ZERO)
                    .then(Mono.fromRunnable(t::cancel))
                    .then(t)
                    .map(v -> List.of(v, t.isCancelled(), t.cancelling()));
        });
        assertThat(r).containsExactly("cleaned up", false, 1);
    }

    @Test
    @DisplayName("adopt: without adoption a foreign publisher is cancelled Reactor-style and the body gets no chance to clean up")
    void unadoptedContrast() {
        List<String> log = new CopyOnWriteArrayList<>();
        Boolean cancelled = loops.real(() -> {
            Task<String> t = Asyncio.createTask(Mono.<String>never().subscribeOn(Schedulers.parallel())
                    .onErrorResume(CancelledException.class, e -> {
                        log.add("cleanup");
                        return Mono.just("cleaned up");
                    }));
            return Asyncio.sleep(Duration.ZERO)
                    .then(Mono.fromRunnable(t::cancel))
                    .then(t.then(Mono.just(false)).onErrorResume(CancelledException.class, e -> Mono.just(t.isCancelled())));
        });
        assertThat(cancelled).isTrue();
        assertThat(log).isEmpty();
    }

    @Test
    @DisplayName("adopt: a timeout around an adopted publisher cancels it (virtual time) and raises TimeoutException")
    void timeoutCancelsAdopted() {
        CompletableFuture<Boolean> upstreamCancelled = new CompletableFuture<>();
        String r = loops.virtual(() -> Asyncio.waitFor(Bridge.adopt(Mono.<String>never()
                                .doOnCancel(() -> upstreamCancelled.complete(true))), s(5))
                .onErrorResume(java.util.concurrent.TimeoutException.class,
                        e -> Mono.just("timed out at " + TestLoops.now() + " after " + e.getCause().getClass().getSimpleName())));
        assertThat(r).isEqualTo("timed out at 5.0 after CancelledException");
        assertThat(upstreamCancelled).isCompletedWithValue(true);
    }

    @Test
    @DisplayName("adopt: the body's demand reaches the foreign publisher unchanged")
    void demandFlowsUpstream() {
        List<Long> requests = new CopyOnWriteArrayList<>();
        List<Integer> r = loops.real(() -> Bridge.adopt(Flux.range(1, 100).doOnRequest(requests::add)
                        .subscribeOn(Schedulers.parallel()))
                .take(3, true)
                .collectList());
        assertThat(r).containsExactly(1, 2, 3);
        assertThat(requests).containsExactly(3L);
    }

    @Test
    @DisplayName("adopt: a task or future is returned as it is (awaiting it already delivers on the loop and is a cancellation point)")
    void futuresAsIs() {
        EventLoop loop = EventLoop.start("adopt-as-is");
        try {
            AsyncFuture<String> f = loop.createFuture();
            Task<String> t = loop.createTask(Mono.just("x"));
            assertThat(Bridge.adopt(f)).isSameAs(f);
            assertThat(Bridge.adopt(t)).isSameAs(t);
            Mono<String> mono = t;
            assertThat(Bridge.adopt(mono)).isSameAs(t);
        } finally {
            loop.close();
        }
    }

    @Test
    @DisplayName("adopt: null publishers are refused with an exception naming the argument")
    void nulls() {
        assertThatThrownBy(() -> Bridge.adopt((Mono<String>) null)).isInstanceOf(NullPointerException.class).hasMessage("foreign");
        assertThatThrownBy(() -> Bridge.adopt((Flux<String>) null)).isInstanceOf(NullPointerException.class).hasMessage("foreign");
        assertThatThrownBy(() -> Bridge.adopt((Publisher<String>) null)).isInstanceOf(NullPointerException.class).hasMessage("foreign");
    }

    @Test
    @DisplayName("adopt: subscribed with no running loop it fails with IllegalStateException saying so")
    void noLoop() {
        StepVerifier.create(Bridge.adopt(Mono.just(1)))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(IllegalStateException.class)
                        .hasMessageStartingWith("no running event loop: Bridge.adopt needs one"))
                .verify(Duration.ofSeconds(10));
    }

    @Test
    @DisplayName("adopt: from a plain thread, the Mono a loop spawns delivers the adopted values (StepVerifier)")
    void stepVerifierThroughSpawn() {
        EventLoop loop = EventLoop.start("adopt-spawn");
        try {
            StepVerifier.create(loop.spawn(Bridge.adopt(Flux.just(1, 2, 3).publishOn(Schedulers.parallel()))
                            .map(i -> i + ":" + EventLoop.current().map(EventLoop::name).orElse("off loop"))
                            .collectList()))
                    .expectNext(List.of("1:adopt-spawn", "2:adopt-spawn", "3:adopt-spawn"))
                    .expectComplete()
                    .verify(Duration.ofSeconds(10));
        } finally {
            loop.close();
        }
    }

    /**
     * A publisher that breaks Reactive Streams: after {@code onComplete} it sends another value and
     * an error, from its own thread.
     */
    private static final class SignalsAfterComplete implements Publisher<Integer> {
        final CompletableFuture<Void> finished = new CompletableFuture<>();

        @Override
        public void subscribe(Subscriber<? super Integer> s) {
            Thread t = new Thread(() -> {
                s.onSubscribe(new Subscription() {
                    @Override
                    public void request(long n) {
                    }

                    @Override
                    public void cancel() {
                    }
                });
                s.onNext(1);
                s.onComplete();
                s.onNext(2);
                s.onError(new IllegalStateException("error after complete"));
                s.onComplete();
                finished.complete(null);
            }, "rogue-publisher");
            t.start();
        }
    }

    /** A publisher that ignores cancel(): it emits a value and an error after being cancelled. */
    private static final class SignalsAfterCancel implements Publisher<Integer> {
        final CompletableFuture<Void> finished = new CompletableFuture<>();

        @Override
        public void subscribe(Subscriber<? super Integer> s) {
            s.onSubscribe(new Subscription() {
                private boolean emitted;

                @Override
                public void request(long n) {
                    if (!emitted) {
                        emitted = true;
                        s.onNext(1);
                    }
                }

                @Override
                public void cancel() {
                    Thread t = new Thread(() -> {
                        s.onNext(99);
                        s.onError(new IllegalStateException("error after cancel"));
                        finished.complete(null);
                    }, "rogue-after-cancel");
                    t.start();
                }
            });
        }
    }

    @Test
    @DisplayName("adopt: signals after onComplete go to Reactor's dropped hooks and never reach or corrupt the task")
    void toleratesSignalsAfterComplete() throws Exception {
        List<Object> nextDropped = new CopyOnWriteArrayList<>();
        List<Throwable> errorDropped = new CopyOnWriteArrayList<>();
        Hooks.onNextDropped(nextDropped::add);
        Hooks.onErrorDropped(errorDropped::add);
        SignalsAfterComplete rogue = new SignalsAfterComplete();

        List<Integer> r = loops.real(() -> Bridge.adopt(rogue).collectList()
                .flatMap(l -> Bridge.fromFuture(rogue.finished).then(Asyncio.sleep(Duration.ofMillis(1))).thenReturn(l)));

        rogue.finished.get(10, TimeUnit.SECONDS);
        assertThat(r).containsExactly(1);
        assertThat(nextDropped).containsExactly(2);
        assertThat(errorDropped).singleElement().satisfies(e -> assertThat(e).hasMessage("error after complete"));
    }

    @Test
    @DisplayName("adopt: after a cancel, a late error goes to onErrorDropped and a late value to the discard hook; the task ends as the body says")
    void toleratesSignalsAfterCancel() throws Exception {
        List<Object> nextDropped = new CopyOnWriteArrayList<>();
        List<Throwable> errorDropped = new CopyOnWriteArrayList<>();
        List<Object> discarded = new CopyOnWriteArrayList<>();
        Hooks.onNextDropped(nextDropped::add);
        Hooks.onErrorDropped(errorDropped::add);
        SignalsAfterCancel rogue = new SignalsAfterCancel();

        String r = loops.real(() -> Bridge.adopt(rogue)
                .take(1)
                .doOnDiscard(Object.class, discarded::add)
                .single()
                .flatMap(v -> Bridge.fromFuture(rogue.finished).then(Asyncio.sleep(Duration.ofMillis(1)))
                        .thenReturn("got " + v + ", task " + currentTask().getName())));

        rogue.finished.get(10, TimeUnit.SECONDS);
        assertThat(r).startsWith("got 1, task Task-");
        assertThat(discarded).containsExactly(99);
        assertThat(nextDropped).isEmpty();
        assertThat(errorDropped).singleElement().satisfies(e -> assertThat(e).hasMessage("error after cancel"));
    }
}
