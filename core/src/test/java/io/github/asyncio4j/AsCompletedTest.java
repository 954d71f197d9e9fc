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
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * {@link Asyncio#asCompleted}: the AC- rows of BEHAVIORS.md, as CPython 3.13's {@code async for}.
 *
 * <p>Every AC- row has a Java twin, read this way: "yielding new coroutines" (AC-01) is emitting
 * done tasks whose outcomes are the completions in order (new tasks for plain Monos, AC-07's
 * originals for tasks); "which yielded coroutine you await does not matter" (AC-02) is that the
 * order is the completion order whatever the demand; the {@code TypeError} for a non-iterable
 * (AC-05) is the {@link NullPointerException} for a null collection or element (anything else does
 * not compile); 3.13's eager task creation (AC-06) happens at subscription, the Flux's "call"; and
 * resuming the iterator after {@code break} (AC-07) is requesting more later.
 */
class AsCompletedTest {

    private final CombinatorLoop loop = new CombinatorLoop();

    @Test
    @DisplayName("AC-01 AC-03 AC-07 done tasks in completion order, the original tasks; the timeout ends the Flux and cancels nothing")
    void completionOrderAndTimeout() {
        // SE-14 (s11_as_completed.py), the 3.13 async-for reading.
        List<String> got = new ArrayList<>();
        String r = loop.run(() -> Mono.defer(() -> {
            Task<String> a = Asyncio.createTask(Asyncio.sleep(s(0.03), "a"));
            Task<String> b = Asyncio.createTask(Asyncio.sleep(s(0.01), "b"));
            Task<String> c = Asyncio.createTask(Asyncio.sleep(s(10), "c"));
            return Asyncio.asCompleted(List.of(a, b, c), s(0.1))
                    .doOnNext(t -> got.add("original? " + (t == a || t == b || t == c) + " done? " + t.isDone()))
                    .concatMap(t -> t)
                    .doOnNext(got::add)
                    .then(Mono.just("completed"))
                    .onErrorResume(TimeoutException.class, e -> Mono.fromCallable(() -> "TimeoutException at " + now()))
                    .map(end -> end + " | c cancelled by asCompleted? " + c.isCancelled() + " | c.isDone() " + c.isDone())
                    .doFinally(x -> c.cancel());
        }));
        assertThat(got).containsExactly("original? true done? true", "b", "original? true done? true", "a");
        assertThat(r).isEqualTo("TimeoutException at 0.1 | c cancelled by asCompleted? false | c.isDone() false");
    }

    @Test
    @DisplayName("AC-01 plain Monos run as new tasks; a failed task is emitted in its turn and awaiting it raises")
    void newTasksAndFailures() {
        List<String> got = new ArrayList<>();
        loop.run(() -> Mono.defer(() -> {
            Mono<String> fails = Asyncio.sleep(s(1)).then(Mono.error(new Boom("x failed")));
            Mono<String> ok = Asyncio.sleep(s(2), "y");
            return Asyncio.asCompleted(List.of(ok, fails), null)
                    .doOnNext(t -> got.add((t == (Object) ok || t == (Object) fails ? "input" : "new task") + " at " + now()))
                    .concatMap(t -> t.onErrorResume(Boom.class, e -> Mono.just("raised " + e.getMessage())))
                    .doOnNext(got::add)
                    .then();
        }));
        assertThat(got).containsExactly("new task at 1.0", "raised x failed", "new task at 2.0", "y");
    }

    @Test
    @DisplayName("AC-02 the order is the completion order whatever the demand: completions wait, in order, to be requested")
    void backpressure() {
        try (EventLoop l = EventLoop.builder().virtualTime().start()) {
            Flux<String> values = Flux.defer(() -> Asyncio.asCompleted(List.of(Asyncio.sleep(s(3), "a"),
                    Asyncio.sleep(s(1), "b"), Asyncio.sleep(s(2), "c")), null))
                    .subscribeOn(l)
                    .map(Task::result);
            StepVerifier.create(values, 0)
                    .expectSubscription()
                    .thenRequest(1)
                    .expectNext("b")
                    .thenRequest(1)
                    .expectNext("c")
                    .thenRequest(1)
                    .expectNext("a")
                    .verifyComplete();
        }
    }

    @Test
    @DisplayName("AC-03 after the timeout every task keeps running, also the ones asCompleted made; finishing first disarms it")
    void timeoutLeavesTasksRunning() {
        List<Task<?>> made = new ArrayList<>();
        String r = loop.run(() -> Mono.defer(() -> {
            Mono<String> slow = Mono.defer(() -> {
                made.add(currentTask());
                return Asyncio.sleep(s(5), "slow");
            });
            Mono<String> quick = Asyncio.sleep(s(1), "quick");
            Flux<String> timedOut = Asyncio.asCompleted(List.of(slow, quick), s(2)).concatMap(t -> t);
            Flux<String> inTime = Asyncio.asCompleted(List.of(Asyncio.sleep(s(1), "in time")), s(2)).concatMap(t -> t);
            return timedOut.collectList()
                    .map(List::toString)
                    .onErrorResume(TimeoutException.class, e -> Mono.fromCallable(() -> "timeout at " + now()
                            + ", made task cancelled? " + made.get(0).isCancelled()))
                    .flatMap(msg -> made.get(0).map(v -> msg + ", it ended with " + v + " at " + now()))
                    .flatMap(msg -> inTime.collectList().map(l -> msg + "; " + l + " at " + now()))
                    .flatMap(msg -> Asyncio.sleep(s(5)).thenReturn(msg + "; no late timeout"));
        }));
        assertThat(r).isEqualTo("timeout at 2.0, made task cancelled? false, it ended with slow at 5.0;"
                + " [in time] at 6.0; no late timeout");
    }

    @Test
    @DisplayName("AC-03 a zero or negative timeout still emits what is done already, then times out")
    void expiredTimeout() {
        String r = loop.run(() -> Mono.defer(() -> {
            Task<String> done = Asyncio.createTask(Mono.just("done"));
            Task<String> later = Asyncio.createTask(Asyncio.sleep(s(1), "later"));
            return Asyncio.sleep(s(0))
                    .thenMany(Asyncio.asCompleted(List.of(later, done), s(-1)))
                    .concatMap(t -> t)
                    .collectList()
                    .map(List::toString)
                    .onErrorResume(TimeoutException.class, e -> Mono.just("timed out"))
                    .zipWith(later, (x, y) -> x + ", later still ended with " + y);
        }));
        assertThat(r).isEqualTo("timed out, later still ended with later");
    }

    @Test
    @DisplayName("AC-04 duplicates collapse; an empty collection completes empty")
    void duplicatesAndEmpty() {
        AtomicInteger runs = new AtomicInteger();
        List<String> r = loop.run(() -> Mono.defer(() -> {
            Mono<String> c = Mono.fromCallable(() -> "ham " + runs.incrementAndGet());
            Mono<String> spam = Mono.just("spam");
            return Asyncio.asCompleted(List.<Mono<String>>of(), s(1)).concatMap(t -> t)
                    .concatWith(Asyncio.asCompleted(List.of(c, c, spam), null).concatMap(t -> t))
                    .collectSortedList();
        }));
        assertThat(r).containsExactly("ham 1", "spam");
    }

    @Test
    @DisplayName("AC-05 a null collection or element fails at the call with NullPointerException")
    void badArguments() {
        assertThatThrownBy(() -> Asyncio.asCompleted(null, null)).isInstanceOf(NullPointerException.class).hasMessage("aws");
        assertThatThrownBy(() -> Asyncio.asCompleted(Arrays.asList(Mono.just(1), null), null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("aws[1]");
        assertThatThrownBy(() -> Asyncio.asCompleted(List.of(Mono.just(1)), null).blockFirst())
                .isInstanceOf(IllegalStateException.class).hasMessageStartingWith("no running event loop");
    }

    @Test
    @DisplayName("AC-06 every task starts at subscription, even with no demand")
    void eagerAtSubscription() {
        List<String> log = new ArrayList<>();
        loop.run(() -> Mono.defer(() -> {
            Mono<String> mark = Mono.fromCallable(() -> {
                log.add("started at " + now());
                return "m";
            });
            BaseSubscriber<Task<String>> nothingRequested = new BaseSubscriber<>() {
                @Override
                protected void hookOnSubscribe(Subscription s) {
                    log.add("subscribed");
                }
            };
            Asyncio.asCompleted(List.of(mark, mark), null).subscribe(nothingRequested);
            return Asyncio.sleep(s(1)).then(Mono.fromRunnable(nothingRequested::dispose));
        }));
        assertThat(log).containsExactly("subscribed", "started at 0.0");
    }

    @Test
    @DisplayName("AC-07 taking some now and the rest later resumes where it stopped")
    void resumable() {
        List<String> log = new ArrayList<>();
        loop.run(() -> Mono.defer(() -> {
            List<Task<String>> tasks = new ArrayList<>();
            for (int i = 1; i <= 4; i++) {
                tasks.add(Asyncio.createTask(Asyncio.sleep(s(i), "t" + i)));
            }
            AtomicReference<Subscription> sub = new AtomicReference<>();
            Asyncio.asCompleted(tasks, null).subscribe(new BaseSubscriber<Task<String>>() {
                @Override
                protected void hookOnSubscribe(Subscription s) {
                    sub.set(s);
                    s.request(1);
                }

                @Override
                protected void hookOnNext(Task<String> t) {
                    log.add(t.result() + " emitted at " + now());
                }

                @Override
                protected void hookOnComplete() {
                    log.add("complete at " + now());
                }
            });
            return Asyncio.sleep(s(10))
                    .then(Mono.fromRunnable(() -> sub.get().request(2)))
                    .then(Asyncio.sleep(s(1)))
                    .then(Mono.fromRunnable(() -> sub.get().request(1)));
        }));
        assertThat(log).containsExactly("t1 emitted at 1.0", "t2 emitted at 10.0", "t3 emitted at 10.0",
                "t4 emitted at 11.0", "complete at 11.0");
    }

    @Test
    @DisplayName("asCompleted: cancelling the Flux cancels the tasks it made, never the tasks or futures passed in")
    void cancelCancelsOnlyWhatItMade() {
        List<Task<?>> made = new ArrayList<>();
        String r = loop.run(() -> Mono.defer(() -> {
            Task<String> given = Asyncio.createTask(Asyncio.sleep(s(10), "given"));
            Task<String> fast = Asyncio.createTask(Asyncio.sleep(s(1), "fast"));
            AsyncFuture<String> future = EventLoop.running().createFuture();
            EventLoop.running().callLater(s(10), () -> future.setResult("future"));
            Mono<String> plain = Mono.defer(() -> {
                made.add(currentTask());
                return Asyncio.sleep(s(10), "plain");
            });
            return Asyncio.asCompleted(List.of(given, plain, fast, future), null)
                    .take(1)
                    .single()
                    .flatMap(first -> Asyncio.sleep(s(0)).then(Mono.fromCallable(() -> first.result()
                            + " first; plain's task cancelled " + made.get(0).isCancelled()
                            + ", given cancelled " + given.isCancelled() + ", future cancelled " + future.isCancelled())))
                    .flatMap(msg -> Mono.zip(given, future).map(gf -> msg + "; later " + gf.getT1() + " and " + gf.getT2()));
        }));
        assertThat(r).isEqualTo("fast first; plain's task cancelled true, given cancelled false, future cancelled false;"
                + " later given and future");
    }

    @Test
    @DisplayName("asCompleted: a plain future is emitted as a new task mirroring it")
    void plainFuture() {
        String r = loop.run(() -> Mono.defer(() -> {
            AsyncFuture<String> future = EventLoop.running().createFuture();
            EventLoop.running().callLater(s(1), () -> future.setResult("value"));
            return Asyncio.asCompleted(List.of(future), null)
                    .single()
                    .flatMap(t -> t.map(v -> (t == (Object) future ? "the future" : "a task") + " with " + v + " at " + now()));
        }));
        assertThat(r).isEqualTo("a task with value at 1.0");
    }

    @Test
    @DisplayName("asCompleted: cancelling the awaiting task delivers CancelledException into the body and cancels the tasks it made")
    void taskCancellationIsDeliveredIntoTheBody() {
        List<Task<?>> made = new ArrayList<>();
        String r = loop.run(() -> Mono.defer(() -> {
            Task<String> given = Asyncio.createTask(Asyncio.sleep(s(10), "given"));
            Mono<String> plain = Mono.defer(() -> {
                made.add(currentTask());
                return Asyncio.sleep(s(10), "plain");
            });
            Task<String> consumer = Asyncio.createTask(Asyncio.asCompleted(List.of(given, plain), null)
                    .concatMap(t -> t)
                    .then(Mono.just("completed"))
                    .onErrorResume(CancelledException.class, e -> Mono.fromCallable(() -> "body caught " + e.getMessage()
                            + " in " + (currentTask().getName()) + " at " + now())));
            consumer.setName("consumer");
            return Asyncio.sleep(s(1))
                    .then(Mono.fromRunnable(() -> consumer.cancel("stop")))
                    .then(consumer)
                    .flatMap(msg -> Asyncio.sleep(s(0)).then(Mono.fromCallable(() -> msg + "; made cancelled "
                            + made.get(0).isCancelled() + ", given cancelled " + given.isCancelled())))
                    .doFinally(x -> given.cancel());
        }));
        assertThat(r).isEqualTo("body caught stop in consumer at 1.0; made cancelled true, given cancelled false");
    }

    @Test
    @DisplayName("asCompleted: items are emitted inside a step of the subscribing task")
    void emittedInTheSubscribersStep() {
        List<String> log = new ArrayList<>();
        loop.run(() -> Mono.defer(() -> {
            Task<?> main = currentTask();
            Task<String> other = Asyncio.createTask(Asyncio.sleep(s(1), "x"));
            return Asyncio.asCompleted(List.of(other), null)
                    .doOnNext(t -> log.add("current is main: " + (Task.current().orElse(null) == main)))
                    .then();
        }));
        assertThat(log).containsExactly("current is main: true");
    }
}
