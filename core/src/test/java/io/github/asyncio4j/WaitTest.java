package io.github.asyncio4j;

import static io.github.asyncio4j.CombinatorLoop.now;
import static io.github.asyncio4j.CombinatorLoop.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.asyncio4j.CombinatorLoop.Boom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * {@link Asyncio#wait}: the WAIT- rows of BEHAVIORS.md.
 *
 * <p>No Java twin:
 * <ul>
 *   <li>WAIT-02, its {@code TypeError} for a single future instead of a list and its
 *       {@code ValueError} for a bad {@code return_when}: the signature takes a {@code Collection}
 *       and a {@link ReturnWhen} enum, so neither mistake compiles; the Java twins that remain (an
 *       empty collection, a {@code null}) are tested.</li>
 *   <li>WAIT-03 (coroutines rejected): the signature takes {@link AsyncFuture}s only, so a cold Mono
 *       does not compile.</li>
 * </ul>
 */
class WaitTest {

    private final CombinatorLoop loop = new CombinatorLoop();

    @Test
    @DisplayName("WAIT-01 (done, pending) on timeout: no TimeoutException, nothing cancelled")
    void timeoutPartitions() {
        // SE-13 (s10_wait_semantics.py), first part.
        String r = loop.run(() -> Mono.defer(() -> {
            Task<String> a = Asyncio.createTask(Asyncio.sleep(s(0.01), "a"));
            Task<String> b = Asyncio.createTask(Asyncio.sleep(s(10), "b"));
            return Asyncio.wait(List.of(a, b), ReturnWhen.ALL_COMPLETED, s(0.05))
                    .map(w -> "timeout: done==" + w.done().equals(Set.of(a)) + " pending==" + w.pending().equals(Set.of(b))
                            + " | b cancelled by wait? " + b.isCancelled() + " | b.isDone() " + b.isDone() + " | at " + now())
                    .doFinally(x -> b.cancel());
        }));
        assertThat(r).isEqualTo("timeout: done==true pending==true | b cancelled by wait? false | b.isDone() false | at 0.05");
    }

    @Test
    @DisplayName("WAIT-01 ALL_COMPLETED waits for every future; the sets are unmodifiable")
    void allCompleted() {
        WaitResult<String> w = loop.run(() -> Mono.defer(() -> {
            Task<String> a = Asyncio.createTask(Asyncio.sleep(s(2), "a"));
            Task<String> b = Asyncio.createTask(Asyncio.sleep(s(1), "b"));
            return Asyncio.wait(List.of(a, b), ReturnWhen.ALL_COMPLETED, null)
                    .doOnNext(x -> assertThat(now()).isEqualTo(2.0));
        }));
        assertThat(w.done()).hasSize(2).allMatch(AsyncFuture::isDone);
        assertThat(w.pending()).isEmpty();
        assertThatThrownBy(() -> w.done().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    @DisplayName("WAIT-02 an empty collection is IllegalArgumentException; nulls are NullPointerException; at the call")
    void badArguments() {
        String r = loop.run(() -> Mono.defer(() -> {
            Task<String> a = Asyncio.createTask(Mono.just("a"));
            assertThatThrownBy(() -> Asyncio.wait(List.<Task<String>>of(), ReturnWhen.ALL_COMPLETED, null))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("Set of Tasks/Futures is empty");
            assertThatThrownBy(() -> Asyncio.wait(null, ReturnWhen.ALL_COMPLETED, null))
                    .isInstanceOf(NullPointerException.class).hasMessage("fs");
            assertThatThrownBy(() -> Asyncio.wait(List.of(a), null, null))
                    .isInstanceOf(NullPointerException.class).hasMessage("when");
            assertThatThrownBy(() -> Asyncio.wait(Arrays.asList(a, null), ReturnWhen.ALL_COMPLETED, null))
                    .isInstanceOf(NullPointerException.class).hasMessageContaining("position 1");
            return a.map(v -> "loop still running: " + v);
        }));
        assertThat(r).isEqualTo("loop still running: a");
    }

    @Test
    @DisplayName("WAIT-02 futures of two loops are IllegalArgumentException")
    void twoLoops() {
        EventLoop other = EventLoop.builder().virtualTime().start();
        try {
            loop.run(() -> Mono.fromRunnable(() -> {
                AsyncFuture<String> here = EventLoop.running().createFuture();
                AsyncFuture<String> there = other.createFuture();
                assertThatThrownBy(() -> Asyncio.wait(List.of(here, there), ReturnWhen.FIRST_COMPLETED, null))
                        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one loop");
            }));
        } finally {
            other.close();
        }
    }

    @Test
    @DisplayName("WAIT-04 duplicates collapse; any Collection is accepted; the sets keep the input order")
    void duplicatesAndOrder() {
        String r = loop.run(() -> Mono.defer(() -> {
            Task<String> a = Asyncio.createTask(Asyncio.sleep(s(3), "a"));
            Task<String> b = Asyncio.createTask(Asyncio.sleep(s(1), "b"));
            Task<String> c = Asyncio.createTask(Asyncio.sleep(s(2), "c"));
            ArrayDeque<Task<String>> deque = new ArrayDeque<>(List.of(c, a, c, b, a));
            LinkedHashSet<Task<String>> set = new LinkedHashSet<>(List.of(b, c));
            return Asyncio.wait(deque, ReturnWhen.ALL_COMPLETED, null)
                    .zipWith(Asyncio.wait(set, ReturnWhen.FIRST_COMPLETED, null))
                    .map(both -> {
                        List<AsyncFuture<String>> all = new ArrayList<>(both.getT1().done());
                        List<AsyncFuture<String>> firstDone = new ArrayList<>(both.getT2().done());
                        List<AsyncFuture<String>> firstPending = new ArrayList<>(both.getT2().pending());
                        return (all.equals(List.of(c, a, b)) ? "deque order kept" : "bad order " + all)
                                + (firstDone.equals(List.of(b)) && firstPending.equals(List.of(c)) ? ", set ok" : ", bad set");
                    });
        }));
        assertThat(r).isEqualTo("deque order kept, set ok");
    }

    @Test
    @DisplayName("WAIT-05 FIRST_COMPLETED reports every future done by the time the waiter resumes")
    void firstCompletedReportsAllDone() {
        // test_wait_really_done: a ends after one yield, b after two.
        String r = loop.run(() -> Mono.defer(() -> {
            Task<Void> a = Asyncio.createTask(Asyncio.sleep(s(0)));
            Task<Void> b = Asyncio.createTask(Asyncio.sleep(s(0)).then(Asyncio.sleep(s(0))));
            Task<Void> c = Asyncio.createTask(Asyncio.sleep(s(1)));
            return Asyncio.wait(List.of(b, a, c), ReturnWhen.FIRST_COMPLETED, null)
                    .map(w -> "done " + (w.done().equals(Set.of(a, b)) ? "{a, b}" : w.done())
                            + " pending " + (w.pending().equals(Set.of(c)) ? "{c}" : w.pending()) + " at " + now());
        }));
        assertThat(r).isEqualTo("done {a, b} pending {c} at 0.0");
    }

    @Test
    @DisplayName("WAIT-06 FIRST_EXCEPTION: a cancelled future is no exception; a failure returns at once")
    void firstException() {
        // SE-13 (s10_wait_semantics.py), FIRST_EXCEPTION part.
        String r = loop.run(() -> Mono.defer(() -> {
            Task<Void> c = Asyncio.createTask(Asyncio.sleep(s(10)));
            Task<String> d = Asyncio.createTask(Asyncio.sleep(s(1), "d"));
            Task<String> e = Asyncio.createTask(Asyncio.sleep(s(0.01)).then(Mono.error(new Boom("boom"))));
            return Asyncio.sleep(s(0))
                    .then(Mono.fromRunnable(c::cancel))
                    .then(Asyncio.wait(List.of(c, d, e), ReturnWhen.FIRST_EXCEPTION, null))
                    .map(w -> {
                        e.exception();
                        return "FIRST_EXCEPTION: done has c,e " + w.done().equals(Set.of(c, e)) + " | pending==d "
                                + w.pending().equals(Set.of(d)) + " | at " + now();
                    })
                    .doFinally(x -> d.cancel());
        }));
        assertThat(r).isEqualTo("FIRST_EXCEPTION: done has c,e true | pending==d true | at 0.01");
    }

    @Test
    @DisplayName("WAIT-06 FIRST_EXCEPTION with a failure done already returns after one iteration; without failures it is ALL_COMPLETED")
    void firstExceptionEdges() {
        String r = loop.run(() -> Mono.defer(() -> {
            AsyncFuture<String> failed = EventLoop.running().createFuture();
            failed.setException(new Boom("already"));
            Task<String> slow = Asyncio.createTask(Asyncio.sleep(s(5), "slow"));
            Task<String> fast = Asyncio.createTask(Asyncio.sleep(s(1), "fast"));
            Task<Void> cancelledLater = Asyncio.createTask(Asyncio.sleep(s(10)));
            EventLoop.running().callLater(s(2), cancelledLater::cancel);
            return Asyncio.wait(List.of(failed, slow), ReturnWhen.FIRST_EXCEPTION, null)
                    .map(w -> "first: " + w.done().size() + " done at " + now() + " (" + failed.exception().getMessage() + ")")
                    .flatMap(first -> Asyncio.wait(List.of(slow, fast, cancelledLater), ReturnWhen.FIRST_EXCEPTION, null)
                            .map(w -> first + "; then: " + w.done().size() + " done, " + w.pending().size() + " pending at "
                                    + now()));
        }));
        assertThat(r).isEqualTo("first: 1 done at 0.0 (already); then: 3 done, 0 pending at 5.0");
    }

    @Test
    @DisplayName("WAIT-07 wait never raises the failures: they stay in the done futures, retrieved only when read")
    void failuresStayInside() {
        String r = loop.run(() -> Mono.defer(() -> {
            Task<String> bad = Asyncio.createTask(Asyncio.sleep(s(1)).then(Mono.error(new Boom("inside"))));
            Task<String> good = Asyncio.createTask(Asyncio.sleep(s(2), "good"));
            return Asyncio.wait(List.of(bad, good), ReturnWhen.ALL_COMPLETED, null)
                    .map(w -> "no raise; " + w.done().size() + " done; bad says " + bad.exception().getMessage());
        }));
        assertThat(r).isEqualTo("no raise; 2 done; bad says inside");

        CombinatorLoop unread = new CombinatorLoop();
        unread.runAllowingReports(() -> Mono.defer(() -> {
            Task<String> bad = Asyncio.createTask(Mono.error(new Boom("never read")));
            return Asyncio.wait(List.of(bad), ReturnWhen.FIRST_EXCEPTION, null).then();
        }));
        assertThat(unread.reported).singleElement().satisfies(t -> assertThat(t).hasMessage("never read"));
    }

    @Test
    @DisplayName("WAIT-08 cancelling the task awaiting wait() cancels none of the waited futures")
    void cancellingTheWaiterCancelsNothing() {
        String r = loop.run(() -> Mono.defer(() -> {
            Task<String> a = Asyncio.createTask(Asyncio.sleep(s(5), "a"));
            AsyncFuture<String> f = EventLoop.running().createFuture();
            Task<WaitResult<String>> waiting = Asyncio.createTask(Asyncio.wait(List.of(a, f), ReturnWhen.ALL_COMPLETED, s(100)));
            EventLoop.running().callLater(s(6), () -> f.setResult("f"));
            return Asyncio.sleep(s(1))
                    .then(Mono.fromRunnable(waiting::cancel))
                    .then(waiting.then(Mono.just("not cancelled")).onErrorResume(CancelledException.class,
                            e -> Mono.just("waiter cancelled")))
                    .flatMap(msg -> a.zipWith(f).map(af -> msg + " at 1.0? " + (now() == 1.0) + "; a=" + af.getT1()
                            + " f=" + af.getT2() + " at " + now()));
        }));
        assertThat(r).isEqualTo("waiter cancelled at 1.0? false; a=a f=f at 6.0");
    }

    @Test
    @DisplayName("WAIT-09 wait() suspends at least once, even when every future is done; it takes no time")
    void alwaysSuspends() {
        List<String> log = new ArrayList<>();
        loop.run(() -> Mono.defer(() -> {
            AsyncFuture<String> done = EventLoop.running().createFuture();
            done.setResult("x");
            Task<String> doneTask = Asyncio.createTask(Mono.just("y"));
            return Asyncio.sleep(s(1)).then(Mono.defer(() -> {
                EventLoop.running().callSoon(() -> log.add("callback queued before wait ran"));
                return Asyncio.wait(List.of(done, doneTask), ReturnWhen.ALL_COMPLETED, null)
                        .doOnNext(w -> log.add("wait returned " + w.done().size() + " done at " + now()));
            }));
        }));
        assertThat(log).containsExactly("callback queued before wait ran", "wait returned 2 done at 1.0");
    }

    @Test
    @DisplayName("wait: a zero or negative timeout returns after one iteration with the pending futures")
    void negativeTimeout() {
        String r = loop.run(() -> Mono.defer(() -> {
            Task<String> a = Asyncio.createTask(Asyncio.sleep(s(1), "a"));
            AsyncFuture<String> done = EventLoop.running().createFuture();
            done.setResult("d");
            return Asyncio.wait(List.of(a), ReturnWhen.ALL_COMPLETED, s(-5))
                    .zipWith(Asyncio.wait(List.of(a, done), ReturnWhen.ALL_COMPLETED, s(0)))
                    .map(ws -> ws.getT1().pending().size() + " pending, then " + ws.getT2().done().size() + " done and "
                            + ws.getT2().pending().size() + " pending at " + now() + ", a cancelled " + a.isCancelled())
                    .doFinally(x -> a.cancel());
        }));
        assertThat(r).isEqualTo("1 pending, then 1 done and 1 pending at 0.0, a cancelled false");
    }

    @Test
    @DisplayName("wait: the Mono is cold, each subscription waits anew; it may be awaited from a plain thread")
    void coldAndFromAnotherThread() throws Exception {
        try (EventLoop l = EventLoop.builder().virtualTime().start()) {
            AsyncFuture<String> f = l.createFuture();
            Mono<WaitResult<String>> w = Asyncio.wait(List.of(f), ReturnWhen.FIRST_COMPLETED, null);
            StepVerifier.create(Asyncio.wait(List.of(f), ReturnWhen.FIRST_COMPLETED, s(0)))
                    .assertNext(r -> assertThat(r.pending()).containsExactly(f))
                    .verifyComplete();
            l.callSoonThreadsafe(() -> f.setResult("set"));
            StepVerifier.create(w).assertNext(r -> assertThat(r.done()).containsExactly(f)).verifyComplete();
            StepVerifier.create(w).assertNext(r -> assertThat(r.done()).containsExactly(f)).verifyComplete();
        }
    }
}
