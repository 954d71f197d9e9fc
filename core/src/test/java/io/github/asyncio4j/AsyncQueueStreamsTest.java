package io.github.asyncio4j;

import static io.github.asyncio4j.PrimitiveLoop.exec;
import static io.github.asyncio4j.PrimitiveLoop.s;
import static io.github.asyncio4j.PrimitiveLoop.tick;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.reactivestreams.Subscription;
import reactor.core.Disposable;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * {@link AsyncQueue#asFlux()} and {@link AsyncQueue#putAll}: the queue at the Reactive Streams
 * edge. The {@code StepVerifier} tests drive a loop running on its own thread from the test
 * thread; the others run on the virtual-time loop.
 */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class AsyncQueueStreamsTest {

    private static final Duration VERIFY = Duration.ofSeconds(10);

    private final PrimitiveLoop loop = new PrimitiveLoop();
    private final List<Throwable> reported = new CopyOnWriteArrayList<>();
    private final EventLoop own = EventLoop.builder().virtualTime().exceptionHandler((l, t) -> reported.add(t)).start();

    @AfterEach
    void closeLoop() {
        own.close();
        assertThat(reported).as("reported to the loop's exception handler").isEmpty();
    }

    @Test
    @DisplayName("asFlux serves one get per request: items not requested stay in the queue; it completes once the "
            + "queue is shut down and drained")
    void asFluxBackpressure() {
        AsyncQueue<Integer> q = new AsyncQueue<>();
        for (int i = 1; i <= 5; i++) {
            q.putNowait(i);
        }
        StepVerifier.create(q.asFlux().subscribeOn(own), 0)
                .expectSubscription()
                .thenRequest(2)
                .expectNext(1, 2)
                .then(() -> assertThat(q.size()).isEqualTo(3))
                .thenRequest(3)
                .expectNext(3, 4, 5)
                .thenRequest(1)
                .then(() -> q.putNowait(6))
                .expectNext(6)
                .then(() -> assertThat(q.size()).isZero())
                .thenRequest(10)
                .then(q::shutdown)
                .expectComplete()
                .verify(VERIFY);
    }

    @Test
    @DisplayName("cancelling asFlux loses no item: the parked get is withdrawn and the next item stays in the queue")
    void asFluxCancelLosesNothing() {
        AsyncQueue<Integer> q = new AsyncQueue<>();
        q.putNowait(1);
        StepVerifier.create(q.asFlux().subscribeOn(own), 0)
                .thenRequest(2)
                .expectNext(1)
                .thenCancel()
                .verify(VERIFY);
        q.putNowait(2);
        assertThat(q.size()).isEqualTo(1);
        StepVerifier.create(q.asFlux().subscribeOn(own).take(1)).expectNext(2).verifyComplete();
    }

    @Test
    @DisplayName("cancelling asFlux while its get is parked (deterministic, on the loop) leaves the next item queued")
    void asFluxCancelWhileParked() {
        List<Object> seen = loop.run(() -> {
            AsyncQueue<String> q = new AsyncQueue<>();
            List<Object> got = new ArrayList<>();
            Disposable[] d = new Disposable[1];
            return exec(() -> d[0] = q.asFlux().subscribe(got::add))
                    .then(tick())
                    .then(exec(() -> {
                        got.add("getters " + q.getters.size());
                        d[0].dispose();
                        got.add("getters " + q.getters.size());
                        q.putNowait("kept");
                        got.add("size " + q.size());
                    }))
                    .then(tick())
                    .then(q.get()).doOnNext(got::add)
                    .thenReturn(got);
        });
        assertThat(seen).containsExactly("getters 1", "getters 0", "size 1", "kept");
    }

    @Test
    @DisplayName("asFlux subscribed in a task fails with CancelledException when the task is cancelled, leaving no getter behind")
    void asFluxTaskCancelled() {
        List<Object> seen = loop.run(() -> {
            AsyncQueue<Integer> q = new AsyncQueue<>();
            List<Object> s = new ArrayList<>();
            Task<List<Integer>> t = Asyncio.createTask(q.asFlux().collectList());
            return tick()
                    .then(exec(() -> {
                        q.putNowait(1);
                        t.cancel("stop");
                    }))
                    .then(t.then())
                    .onErrorResume(CancelledException.class, e -> exec(() -> s.add(e.getMessage())))
                    .then(exec(() -> s.add("getters " + q.getters.size() + ", size " + q.size())))
                    .then(Mono.defer(() -> {
                        q.shutdown();
                        return q.asFlux().collectList();
                    }))
                    .doOnNext(s::add)
                    .thenReturn(s);
        });
        assertThat(seen).containsExactly("stop", "getters 0, size 1", List.of(1));
    }

    @Test
    @DisplayName("putAll requests as many items as the queue has room for (at least one), more only once those are in, "
            + "and completes when the source does")
    void putAllBackpressure() {
        AsyncQueue<Integer> q = new AsyncQueue<>(3);
        List<Long> requests = new CopyOnWriteArrayList<>();
        AtomicInteger emitted = new AtomicInteger();
        Flux<Integer> source = Flux.range(0, 10).doOnRequest(requests::add).doOnNext(i -> emitted.incrementAndGet());
        StepVerifier producer = StepVerifier.create(q.putAll(source).subscribeOn(own)).expectComplete().verifyLater();
        StepVerifier.Step<Integer> consumer = StepVerifier.create(q.asFlux().subscribeOn(own), 0).expectSubscription();
        for (int i = 0; i < 10; i++) {
            int taken = i;
            consumer = consumer
                    .then(() -> assertThat(emitted.get()).as("emitted with %d taken", taken).isLessThanOrEqualTo(taken + 3 + 1))
                    .thenRequest(1)
                    .expectNext(i);
        }
        consumer.thenRequest(1).then(q::shutdown).verifyComplete();
        producer.verify(VERIFY);
        assertThat(requests).as("the room of the empty queue, then one per slot freed").startsWith(3L, 1L)
                .allMatch(r -> r >= 1);
        assertThat(requests.stream().mapToLong(Long::longValue).sum()).isEqualTo(10);
    }

    @Test
    @DisplayName("putAll fills the room there is in one step, without a loop iteration between items, then waits as "
            + "one putter for the next")
    void putAllFillsTheRoomInOneStep() {
        List<Object> seen = loop.run(() -> {
            AsyncQueue<Integer> q = new AsyncQueue<>(5);
            List<Object> s = new ArrayList<>();
            List<Long> requests = new ArrayList<>();
            Task<Void> producer = Asyncio.createTask(q.putAll(Flux.range(0, 20).doOnRequest(requests::add)));
            return tick()
                    .then(exec(() -> s.add("size " + q.size() + ", putters " + q.putters.size() + ", requests " + requests)))
                    .then(Mono.defer(() -> q.get().repeat(4).then()))
                    .then(tick())
                    .then(exec(() -> s.add("size " + q.size() + ", putters " + q.putters.size() + ", requests " + requests)))
                    .then(exec(() -> producer.cancel()))
                    .then(producer.onErrorResume(CancelledException.class, e -> Mono.empty()))
                    .thenReturn(s);
        });
        assertThat(seen).containsExactly("size 5, putters 1, requests [5, 1]", "size 5, putters 1, requests [5, 1, 4, 1]");
    }

    @Test
    @DisplayName("putAll into an unbounded queue asks for 256 items at a time and puts them all at once")
    void putAllUnboundedBatches() {
        List<Object> seen = loop.run(() -> {
            AsyncQueue<Integer> q = new AsyncQueue<>();
            List<Long> requests = new ArrayList<>();
            return q.putAll(Flux.range(0, 600).doOnRequest(requests::add))
                    .then(Mono.fromCallable(() -> List.<Object>of(q.size(), requests)));
        });
        assertThat(seen).containsExactly(600, List.of(256L, 256L, 256L));
    }

    @Test
    @DisplayName("items the source delivers behind a putAll put that waits for room go in after it, in order, and the "
            + "source's error comes after them")
    void putAllItemsBehindAWaitingPutKeepTheirOrder() {
        List<Object> seen = loop.run(() -> {
            AsyncQueue<String> q = new AsyncQueue<>(3);
            List<Object> s = new ArrayList<>();
            reactor.test.publisher.TestPublisher<String> source = reactor.test.publisher.TestPublisher.create();
            Task<Void> producer = Asyncio.createTask(q.putAll(source));
            return tick()
                    .then(exec(() -> {
                        // The source was asked for 3 (the room); others fill 2 slots before the items come.
                        source.assertMinRequested(3);
                        q.putNowait("x");
                        q.putNowait("y");
                        source.next("0", "1", "2");
                        source.error(new IllegalArgumentException("source failed"));
                        s.add("size " + q.size() + ", putters " + q.putters.size());
                    }))
                    .then(q.asFlux().take(5).collectList())
                    .doOnNext(s::add)
                    .then(producer)
                    .onErrorResume(IllegalArgumentException.class, e -> exec(() -> s.add(e.getMessage())))
                    .thenReturn(s);
        });
        assertThat(seen).containsExactly("size 3, putters 1", List.of("x", "y", "0", "1", "2"), "source failed");
    }

    @Test
    @DisplayName("putAll cancelled while items wait behind its put discards them and cancels the source")
    void putAllCancelledWithPendingItems() {
        List<Object> discarded = new CopyOnWriteArrayList<>();
        List<Object> seen = loop.run(() -> {
            AsyncQueue<String> q = new AsyncQueue<>(3);
            List<Object> s = new ArrayList<>();
            reactor.test.publisher.TestPublisher<String> source = reactor.test.publisher.TestPublisher.create();
            Disposable[] d = new Disposable[1];
            return exec(() -> d[0] = q.putAll(source).contextWrite(reactor.util.context.Context.of(
                            "reactor.onDiscard.local", (java.util.function.Consumer<Object>) discarded::add)).subscribe())
                    .then(tick())
                    .then(exec(() -> {
                        q.putNowait("x");
                        q.putNowait("y");
                        source.next("0", "1", "2");
                        d[0].dispose();
                        source.assertCancelled();
                        s.add("putters " + q.putters.size());
                    }))
                    .then(Mono.defer(() -> {
                        q.shutdown();
                        return q.asFlux().collectList();
                    }))
                    .doOnNext(s::add)
                    .thenReturn(s);
        });
        assertThat(seen).containsExactly("putters 0", List.of("x", "y", "0"));
        assertThat(discarded).containsExactly("2");
    }

    @Test
    @DisplayName("a fast producer against a slow consumer, through StepVerifier: the producer never runs more than "
            + "capacity + 1 items ahead")
    void fastProducerSlowConsumerStepVerifier() {
        AsyncQueue<Integer> q = new AsyncQueue<>(8);
        AtomicInteger emitted = new AtomicInteger();
        StepVerifier producer = StepVerifier.create(q.putAll(Flux.range(0, 200).doOnNext(i -> emitted.incrementAndGet()))
                .doFinally(s -> q.shutdown()).subscribeOn(own)).expectComplete().verifyLater();
        StepVerifier.Step<Integer> consumer = StepVerifier.create(q.asFlux().subscribeOn(own), 0).expectSubscription();
        for (int i = 0; i < 200; i++) {
            int taken = i;
            consumer = consumer.thenRequest(1).expectNext(i)
                    .then(() -> assertThat(emitted.get()).isLessThanOrEqualTo(taken + 1 + 8 + 1));
        }
        consumer.thenRequest(1).verifyComplete();
        producer.verify(VERIFY);
    }

    @Test
    @DisplayName("a fast producer against a slow consumer on virtual time: every item arrives once, in order, the "
            + "queue never holds more than its capacity, and the run takes exactly the consumer's time")
    void fastProducerSlowConsumer() {
        int n = 1000;
        List<Object> seen = loop.run(() -> {
            AsyncQueue<Integer> q = new AsyncQueue<>(10);
            AtomicInteger emitted = new AtomicInteger();
            AtomicInteger consumed = new AtomicInteger();
            AtomicInteger maxAhead = new AtomicInteger();
            AtomicInteger maxSize = new AtomicInteger();
            Flux<Integer> source = Flux.range(0, n).doOnNext(i -> {
                maxAhead.accumulateAndGet(emitted.incrementAndGet() - consumed.get(), Math::max);
                maxSize.accumulateAndGet(q.size(), Math::max);
            });
            Task<Void> producer = Asyncio.createTask(q.putAll(source).doFinally(sig -> q.shutdown()));
            Mono<List<Integer>> consumer = q.asFlux()
                    .concatMap(i -> Asyncio.sleep(Duration.ofMillis(1), i), 1)
                    .doOnNext(i -> consumed.incrementAndGet())
                    .collectList();
            return consumer.zipWith(producer.thenReturn(true))
                    .map(r -> List.<Object>of(r.getT1(), maxSize.get(), maxAhead.get(), PrimitiveLoop.now()));
        });
        assertThat(seen.get(0)).isEqualTo(IntStream.range(0, n).boxed().collect(Collectors.toList()));
        assertThat((Integer) seen.get(1)).isLessThanOrEqualTo(10);
        assertThat((Integer) seen.get(2)).isBetween(10, 13);
        assertThat((Double) seen.get(3)).isEqualTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    @DisplayName("putAll fails with the source's error, what was put stays put")
    void putAllSourceError() {
        List<Object> seen = loop.run(() -> {
            AsyncQueue<Integer> q = new AsyncQueue<>();
            List<Object> s = new ArrayList<>();
            return q.putAll(Flux.range(0, 3).concatWith(Flux.error(new IllegalArgumentException("source failed"))))
                    .onErrorResume(IllegalArgumentException.class, e -> exec(() -> s.add(e.getMessage())))
                    .then(exec(() -> {
                        q.shutdown();
                        s.add(q.size());
                    }))
                    .then(q.asFlux().collectList())
                    .doOnNext(s::add)
                    .thenReturn(s);
        });
        assertThat(seen).containsExactly("source failed", 3, List.of(0, 1, 2));
    }

    @Test
    @DisplayName("putAll cancelled (by its task, or Reactor-style) while the queue is full cancels the source and puts "
            + "nothing more")
    void putAllCancelled() {
        List<Object> seen = loop.run(() -> {
            AsyncQueue<Integer> q = new AsyncQueue<>(2);
            List<Object> s = new ArrayList<>();
            AtomicBoolean firstCancelled = new AtomicBoolean();
            AtomicBoolean secondCancelled = new AtomicBoolean();
            Task<Void> t = Asyncio.createTask(q.putAll(Flux.range(0, 100).doOnCancel(() -> firstCancelled.set(true))));
            Disposable[] d = new Disposable[1];
            return tick()
                    .then(exec(() -> {
                        s.add("size " + q.size() + ", putters " + q.putters.size());
                        t.cancel();
                        d[0] = q.putAll(Flux.range(100, 100).doOnCancel(() -> secondCancelled.set(true))).subscribe();
                    }))
                    .then(t)
                    .onErrorResume(CancelledException.class, e -> exec(() -> s.add("task cancelled, source cancelled "
                            + firstCancelled.get())))
                    .then(tick())
                    .then(exec(() -> {
                        s.add("putters " + q.putters.size());
                        d[0].dispose();
                        s.add("source cancelled " + secondCancelled.get() + ", putters " + q.putters.size());
                        q.shutdown();
                    }))
                    .then(q.asFlux().collectList())
                    .doOnNext(s::add)
                    .thenReturn(s);
        });
        assertThat(seen).containsExactly("size 2, putters 1", "task cancelled, source cancelled true", "putters 1",
                "source cancelled true, putters 0", List.of(0, 1));
    }

    @Test
    @DisplayName("putAll into a queue that shuts down fails with QueueShutDownException and cancels the source")
    void putAllShutdown() {
        List<Object> seen = loop.run(() -> {
            AsyncQueue<Integer> q = new AsyncQueue<>(1);
            List<Object> s = new ArrayList<>();
            AtomicBoolean cancelled = new AtomicBoolean();
            Task<Void> t = Asyncio.createTask(q.putAll(Flux.range(0, 10).doOnCancel(() -> cancelled.set(true))));
            return Asyncio.sleep(s(1))
                    .then(exec(q::shutdown))
                    .then(t)
                    .onErrorResume(QueueShutDownException.class, e -> exec(() -> s.add("QueueShutDown, source cancelled "
                            + cancelled.get())))
                    .then(q.asFlux().collectList())
                    .doOnNext(s::add)
                    .thenReturn(s);
        });
        assertThat(seen).containsExactly("QueueShutDown, source cancelled true", List.of(0));
    }

    @Test
    @DisplayName("putAll from a source on another thread marshals each item onto the loop, in order")
    void putAllForeignSource() {
        AsyncQueue<Integer> q = new AsyncQueue<>(4);
        Flux<Integer> foreign = Flux.range(0, 50).publishOn(reactor.core.scheduler.Schedulers.parallel());
        StepVerifier producer = StepVerifier.create(q.putAll(foreign).doFinally(s -> q.shutdown()).subscribeOn(own))
                .expectComplete().verifyLater();
        StepVerifier.create(q.asFlux().subscribeOn(own))
                .expectNextSequence(IntStream.range(0, 50).boxed().collect(Collectors.toList()))
                .verifyComplete();
        producer.verify(VERIFY);
    }

    @Test
    @DisplayName("a subscriber that requests less than what is queued leaves the rest in the queue")
    void partialDemand() {
        List<Object> seen = loop.run(() -> {
            AsyncQueue<Integer> q = new AsyncQueue<>();
            List<Object> s = new ArrayList<>();
            BaseSubscriber<Integer> two = new BaseSubscriber<>() {
                @Override
                protected void hookOnSubscribe(Subscription subscription) {
                    request(2);
                }

                @Override
                protected void hookOnNext(Integer value) {
                    s.add(value);
                }
            };
            return exec(() -> {
                for (int i = 0; i < 5; i++) {
                    q.putNowait(i);
                }
                q.asFlux().subscribe(two);
            })
                    .then(tick())
                    .then(exec(() -> {
                        s.add("size " + q.size());
                        two.dispose();
                        s.add("size " + q.size());
                    }))
                    .thenReturn(s);
        });
        assertThat(seen).containsExactly(0, 1, "size 3", "size 3");
    }
}
