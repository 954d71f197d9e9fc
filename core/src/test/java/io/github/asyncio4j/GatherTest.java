package io.github.asyncio4j;

import static io.github.asyncio4j.CombinatorLoop.futureOf;
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
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * {@link Asyncio#gather} and {@link Asyncio#gatherSettled}: the GATHER- rows of BEHAVIORS.md.
 *
 * <p>Every GATHER- row has a Java twin. Where a row pokes at CPython's {@code _GatheringFuture}
 * itself ({@code outer.cancel()}, {@code outer.cancelled()}, its done callbacks), the tests reach
 * the same future the way Reactor tools do: it is the {@code PARENT} of the subscription that
 * awaits the gather ({@link CombinatorLoop#futureOf}).
 */
class GatherTest {

    private final CombinatorLoop loop = new CombinatorLoop();

    @Test
    @DisplayName("GATHER-01 results come in argument order, whatever the completion order; the gather is no task")
    void argumentOrder() {
        List<Object> r = loop.run(() -> Mono.defer(() -> {
            int tasksBefore = EventLoop.running().allTasks().size();
            Mono<List<Object>> g = Asyncio.gather(Asyncio.sleep(s(2), "a"), Asyncio.sleep(s(1), "b"),
                    Asyncio.sleep(s(3), "c"));
            return g.doOnSubscribe(x -> assertThat(EventLoop.running().allTasks()).hasSize(tasksBefore + 3))
                    .doOnNext(list -> assertThat(now()).isEqualTo(3.0));
        }));
        assertThat(r).containsExactly("a", "b", "c");
    }

    @Test
    @DisplayName("GATHER-01 a child that completes empty contributes null; the list is a fresh mutable one")
    void emptyChildIsNull() {
        List<Object> r = loop.run(() -> Asyncio.gather(Mono.empty(), Asyncio.sleep(s(1), 7), Asyncio.sleep(s(0))));
        assertThat(r).containsExactly(null, 7, null);
        r.add("mutable");
        assertThat(r).hasSize(4);
    }

    @Test
    @DisplayName("GATHER-02 plain Monos become tasks on the running loop; futures and tasks are awaited as they are")
    void monosBecomeTasks() {
        List<String> r = loop.run(() -> Mono.defer(() -> {
            Task<?> main = CombinatorLoop.currentTask();
            Task<String> given = Asyncio.createTask(Asyncio.sleep(s(1), "given"));
            Mono<String> plain = Mono.defer(() -> {
                Task<?> me = CombinatorLoop.currentTask();
                assertThat(me).isNotSameAs(main);
                assertThat(me.loop()).isSameAs(main.loop());
                return Mono.just("plain in " + (me == main ? "main" : "its own task"));
            });
            return Asyncio.gather(List.of(plain, given));
        }));
        assertThat(r).containsExactly("plain in its own task", "given");
    }

    @Test
    @DisplayName("GATHER-02 futures of two loops cannot be gathered: IllegalArgumentException, and no child was started")
    void twoLoops() {
        EventLoop other = EventLoop.builder().virtualTime().start();
        try {
            AtomicInteger started = new AtomicInteger();
            String r = loop.run(() -> Mono.defer(() -> {
                AsyncFuture<String> here = EventLoop.running().createFuture();
                AsyncFuture<String> there = other.createFuture();
                Mono<String> plain = Mono.fromCallable(() -> {
                    started.incrementAndGet();
                    return "x";
                });
                return Asyncio.gather(List.of(plain, here, there))
                        .then(Mono.just("no error"))
                        .onErrorResume(IllegalArgumentException.class, e -> Mono.just("IAE: " + e.getMessage()))
                        .flatMap(msg -> Asyncio.sleep(s(0)).thenReturn(msg));
            }));
            assertThat(r).startsWith("IAE: Asyncio.gather: ").contains("belongs to");
            assertThat(started).hasValue(0);
        } finally {
            other.close();
        }
    }

    @Test
    @DisplayName("GATHER-03 gather() of nothing is an empty list at once; it still needs a running loop")
    void empty() {
        List<String> log = new ArrayList<>();
        List<Object> r = loop.run(() -> Mono.defer(() -> {
            EventLoop.running().callSoon(() -> log.add("loop turned"));
            return Asyncio.gather().doOnNext(x -> log.add("gathered " + x));
        }));
        assertThat(r).isEmpty();
        // The value came before any loop turn (the marker may still run at shutdown, after main).
        assertThat(log).first().isEqualTo("gathered []");
        assertThatThrownBy(() -> Asyncio.gather().block())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("no running event loop");
        assertThatThrownBy(() -> Asyncio.gather(List.<Mono<String>>of()).block())
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    @DisplayName("GATHER-04 GATHER-05 GATHER-10 the first failure fails the gather at once; siblings go on; later failures are retrieved; cancel() on it is false")
    void firstFailureDoesNotCancelSiblings() {
        // SE-08 (s05_gather_error_does_not_cancel_siblings.py), scaled to virtual seconds.
        List<String> out = loop.run(() -> Mono.defer(() -> {
            List<String> log = new ArrayList<>();
            Task<String> slow = Asyncio.createTask(Asyncio.sleep(s(5)).then(Mono.fromCallable(() -> {
                log.add("slow finished");
                return "slow";
            })));
            Mono<String> fail = Asyncio.sleep(s(1)).then(Mono.error(new Boom("boom")));
            Mono<String> failLater = Asyncio.sleep(s(3)).then(Mono.error(new Boom("later")));
            AsyncFuture<?> g = futureOf(Asyncio.gather(List.of(fail, slow, failLater)));
            return g.then(Mono.just("no error"))
                    .onErrorResume(Boom.class, e -> Mono.fromCallable(() -> {
                        log.add("gather raised " + e.getMessage() + " at " + now() + " | sibling done? " + slow.isDone()
                                + " | gather done? " + g.isDone() + " | gather.cancel() -> " + g.cancel());
                        return "";
                    }))
                    .then(slow)
                    .map(v -> {
                        log.add("sibling result: " + v + " at " + now() + " " + log.contains("slow finished"));
                        return v;
                    })
                    .then(Asyncio.sleep(s(5)))
                    .then(Mono.fromCallable(() -> log));
        }));
        assertThat(out).containsExactly(
                "gather raised boom at 1.0 | sibling done? false | gather done? true | gather.cancel() -> false",
                "slow finished",
                "sibling result: slow at 5.0 true");
        // The KeyError of fail_later was retrieved by the gather: nothing reported (asserted by run()).
    }

    @Test
    @DisplayName("GATHER-06 a child cancelled by someone else fails the gather with its CancelledException; the gather is not cancelled; siblings go on")
    void cancelledChild() {
        String r = loop.run(() -> Mono.defer(() -> {
            Task<Void> c = Asyncio.createTask(Asyncio.sleep(s(10)));
            Task<Void> d = Asyncio.createTask(Asyncio.sleep(s(10)));
            AsyncFuture<?> g2 = futureOf(Asyncio.gather(List.of(c, d)));
            return Asyncio.sleep(s(0))
                    .then(Mono.fromRunnable(() -> c.cancel("child msg")))
                    .then(g2)
                    .then(Mono.just("no error"))
                    .onErrorResume(CancelledException.class, e -> Mono.just("CancelledException " + e.getMessage()
                            + " | g2.isCancelled()=" + g2.isCancelled() + " | sibling d.isDone()=" + d.isDone()))
                    .doFinally(x -> d.cancel());
        }));
        assertThat(r).isEqualTo("CancelledException child msg | g2.isCancelled()=false | sibling d.isDone()=false");
    }

    @Test
    @DisplayName("GATHER-07 gatherSettled: failures and cancelled children are outcomes in the list")
    void settled() {
        List<Outcome<String>> r = loop.run(() -> Mono.defer(() -> {
            Task<String> a = Asyncio.createTask(Asyncio.sleep(s(10), "a"));
            Task<String> b = Asyncio.createTask(Asyncio.sleep(s(0.01), "b"));
            Mono<String> failing = Asyncio.sleep(s(0.02)).then(Mono.error(new Boom("bad")));
            Task<String> named = Asyncio.createTask(Asyncio.sleep(s(10), "n"));
            Mono<List<Outcome<String>>> g = Asyncio.gatherSettled(List.of(a, b, failing, named, Mono.<String>empty()));
            return Asyncio.sleep(s(0))
                    .then(Mono.fromRunnable(() -> {
                        a.cancel();
                        named.cancel("with msg");
                    }))
                    .then(g);
        }));
        assertThat(r).hasSize(5);
        assertThat(r.get(0).isSuccess()).isFalse();
        assertThat(r.get(0).error()).isInstanceOf(CancelledException.class).hasMessage(null);
        assertThat(r.get(1)).isEqualTo(new Outcome.Success<>("b"));
        assertThat(r.get(2).error()).isInstanceOf(Boom.class).hasMessage("bad");
        assertThat(r.get(3).error()).isInstanceOf(CancelledException.class).hasMessage("with msg");
        assertThat(r.get(4)).isEqualTo(new Outcome.Success<String>(null));
        assertThatThrownBy(() -> r.get(2).value()).isInstanceOf(Boom.class);
    }

    @Test
    @DisplayName("GATHER-08 cancel() on the gathering future cancels the children; it ends later with CancelledException, also when settled (bpo-32684)")
    void cancelBroadcast() {
        // SE-09 (s06_gather_outer_cancel.py)
        for (boolean settled : new boolean[] {false, true}) {
            String r = loop.run(() -> Mono.defer(() -> {
                Task<Void> a = Asyncio.createTask(Asyncio.sleep(s(10)));
                Task<Void> b = Asyncio.createTask(Asyncio.sleep(s(10)));
                AsyncFuture<?> g = futureOf(settled ? Asyncio.gatherSettled(List.of(a, b)) : Asyncio.gather(List.of(a, b)));
                StringBuilder sb = new StringBuilder();
                return Asyncio.sleep(s(0))
                        .then(Mono.fromRunnable(() -> sb.append("g.cancel() -> ").append(g.cancel("stop"))
                                .append(" | g.isDone() right after -> ").append(g.isDone())))
                        .then(g)
                        .then(Mono.just("result"))
                        .onErrorResume(CancelledException.class, e -> Mono.just(sb.append(" | await g raised CancelledException ")
                                .append(e.getMessage()).append(" | a.isCancelled()=").append(a.isCancelled())
                                .append(" | b.isCancelled()=").append(b.isCancelled())
                                .append(" | g.isCancelled()=").append(g.isCancelled())
                                .append(" | g.isDone()=").append(g.isDone())
                                .append(" | at ").append(now()).toString()));
            }));
            assertThat(r).as("settled=%s", settled).isEqualTo("g.cancel() -> true | g.isDone() right after -> false"
                    + " | await g raised CancelledException stop | a.isCancelled()=true | b.isCancelled()=true"
                    + " | g.isCancelled()=false | g.isDone()=true | at 0.0");
        }
    }

    @Test
    @DisplayName("GATHER-09 cancelling the task that awaits a gather cancels every child; so does cancelling the subscription")
    void cancellingTheAwaiterCancelsChildren() {
        String r = loop.run(() -> Mono.defer(() -> {
            List<Task<Void>> children = new ArrayList<>();
            Mono<Void> child = Mono.defer(() -> {
                children.add(Asyncio.createTask(Asyncio.sleep(s(10))));
                return children.get(children.size() - 1);
            });
            Task<Void> first = Asyncio.createTask(Asyncio.sleep(s(10)));
            Task<List<Object>> awaiting = Asyncio.createTask(Asyncio.gather(first, Asyncio.sleep(s(10))));
            Task<Void> second = Asyncio.createTask(Asyncio.sleep(s(10)));
            Disposable subscription = Asyncio.gather(second, child).subscribe();
            return Asyncio.sleep(s(1))
                    .then(Mono.fromRunnable(() -> {
                        awaiting.cancel("by test");
                        subscription.dispose();
                    }))
                    .then(awaiting.then(Mono.just("awaited")).onErrorResume(CancelledException.class,
                            e -> Mono.just("awaiting task cancelled: " + e.getMessage())))
                    .flatMap(msg -> Asyncio.sleep(s(0)).then(Mono.fromCallable(() -> msg + " | first cancelled "
                            + first.isCancelled() + " | awaiting.isCancelled() " + awaiting.isCancelled()
                            + " | second cancelled " + second.isCancelled()
                            + " | nested child cancelled " + children.get(0).isCancelled() + " | at " + now())));
        }));
        assertThat(r).isEqualTo("awaiting task cancelled: by test | first cancelled true | awaiting.isCancelled() true"
                + " | second cancelled true | nested child cancelled true | at 1.0");
    }

    @Test
    @DisplayName("GATHER-11 once every child is done, cancel() is false and the result is kept (bpo-26923)")
    void cancelAfterChildrenDone() {
        // x14_gather_misc.py: test_cancel_gather_1
        List<Object> res = new ArrayList<>();
        Object r = loop.run(() -> Mono.defer(() -> {
            AsyncFuture<Integer> fut = EventLoop.running().createFuture();
            Mono<Integer> child = Mono.defer(() -> fut);
            AsyncFuture<?> gt = futureOf(Asyncio.gather(List.of(child)));
            return Asyncio.sleep(s(0)).then(Mono.defer(() -> {
                fut.addDoneCallback(f -> res.add(gt.cancel()));
                fut.setResult(42);
                return gt;
            }));
        }));
        assertThat(r).isEqualTo(List.of(42));
        assertThat(res).containsExactly(false);
    }

    @Test
    @DisplayName("GATHER-11 the task awaiting such a gather still gets its cancellation, at the gather's await point")
    void cancelAfterChildrenDoneReachesTheTask() {
        String r = loop.run(() -> Mono.defer(() -> {
            AsyncFuture<Integer> fut = EventLoop.running().createFuture();
            Task<List<Object>> t = Asyncio.createTask(Asyncio.gather(Mono.defer(() -> fut)));
            return Asyncio.sleep(s(0)).then(Mono.defer(() -> {
                fut.addDoneCallback(f -> t.cancel());
                fut.setResult(42);
                return t.map(Object::toString).onErrorResume(CancelledException.class, e -> Mono.just("cancelled "
                        + t.isCancelled()));
            }));
        }));
        assertThat(r).isEqualTo("cancelled true");
    }

    @Test
    @DisplayName("GATHER-12 the same Mono or future passed several times runs once and repeats its value")
    void duplicates() {
        // x14_gather_misc.py: gather(c, c, coro('b'), c) and gather(f, f)
        AtomicInteger runs = new AtomicInteger();
        List<Object> r = loop.run(() -> Mono.defer(() -> {
            Mono<String> c = Mono.defer(() -> {
                runs.incrementAndGet();
                return Asyncio.sleep(s(0.01), "abc");
            });
            Mono<String> d = Asyncio.sleep(s(0), "def");
            AsyncFuture<String> f = EventLoop.running().createFuture();
            EventLoop.running().callLater(s(0.01), () -> f.setResult("F"));
            Task<String> t = Asyncio.createTask(Mono.just("T"));
            return Asyncio.gather(c, c, d, c).zipWith(Asyncio.gather(f, f, t, t), (x, y) -> {
                List<Object> both = new ArrayList<>(x);
                both.addAll(y);
                return both;
            });
        }));
        assertThat(r).containsExactly("abc", "abc", "def", "abc", "F", "F", "T", "T");
        assertThat(runs).hasValue(1);
    }

    @Test
    @DisplayName("GATHER-13 a bad argument fails at the call, before anything runs, with nothing reported")
    void badArguments() {
        String r = loop.run(() -> Mono.defer(() -> {
            AtomicInteger started = new AtomicInteger();
            Mono<String> counting = Mono.fromCallable(() -> {
                started.incrementAndGet();
                return "x";
            });
            List<Mono<String>> withNull = Arrays.asList(counting, null);
            assertThatThrownBy(() -> Asyncio.gather(withNull))
                    .isInstanceOf(NullPointerException.class).hasMessageContaining("aws[1]");
            assertThatThrownBy(() -> Asyncio.gather(counting, null))
                    .isInstanceOf(NullPointerException.class).hasMessageContaining("aws[1]");
            assertThatThrownBy(() -> Asyncio.gather((List<Mono<String>>) null))
                    .isInstanceOf(NullPointerException.class).hasMessage("aws");
            assertThatThrownBy(() -> Asyncio.gather((Mono<?>[]) null))
                    .isInstanceOf(NullPointerException.class).hasMessage("aws");
            assertThatThrownBy(() -> Asyncio.gatherSettled(withNull)).isInstanceOf(NullPointerException.class);
            return Asyncio.sleep(s(1)).then(Mono.fromCallable(() -> "still running, started " + started.get()));
        }));
        assertThat(r).isEqualTo("still running, started 0");
    }

    @Test
    @DisplayName("GATHER-14 the gathering future's done callbacks run exactly once, also when children end after it")
    void doneCallbacksOnce() {
        AtomicInteger calls = new AtomicInteger();
        loop.run(() -> Mono.defer(() -> {
            Mono<String> fail = Asyncio.sleep(s(1)).then(Mono.error(new Boom("first")));
            Mono<String> failLater = Asyncio.sleep(s(2)).then(Mono.error(new Boom("second")));
            Mono<String> ok = Asyncio.sleep(s(3), "ok");
            AsyncFuture<?> g = futureOf(Asyncio.gather(List.of(fail, failLater, ok)));
            g.addDoneCallback(f -> calls.incrementAndGet());
            return Asyncio.sleep(s(5)).then(Mono.fromRunnable(() -> assertThat(g.exception()).hasMessage("first")));
        }));
        assertThat(calls).hasValue(1);
    }

    @Test
    @DisplayName("GATHER-15 shield(gather(a, b)) cancelled: the gather and its children go on")
    void shieldOfGather() {
        String r = loop.run(() -> Mono.defer(() -> {
            Task<String> a = Asyncio.createTask(Asyncio.sleep(s(1), "a"));
            Task<String> b = Asyncio.createTask(Asyncio.sleep(s(2), "b"));
            Task<List<String>> outer = Asyncio.createTask(Asyncio.shield(Asyncio.gather(List.of(a, b))));
            return Asyncio.sleep(s(0.5))
                    .then(Mono.fromRunnable(outer::cancel))
                    .then(outer.map(Object::toString).onErrorResume(CancelledException.class,
                            e -> Mono.fromCallable(() -> "outer cancelled at " + now())))
                    .flatMap(msg -> Mono.zip(a, b).map(ab -> msg + "; a=" + ab.getT1() + " b=" + ab.getT2() + " at " + now()));
        }));
        assertThat(r).isEqualTo("outer cancelled at 0.5; a=a b=b at 2.0");
    }

    @Test
    @DisplayName("GATHER-15 gather(shield(a), shield(b)) cancelled: the shields are cancelled, a and b go on, the gather fails with CancelledException")
    void gatherOfShields() {
        String r = loop.run(() -> Mono.defer(() -> {
            Task<String> a = Asyncio.createTask(Asyncio.sleep(s(1), "a"));
            Task<String> b = Asyncio.createTask(Asyncio.sleep(s(2), "b"));
            AsyncFuture<?> g = futureOf(Asyncio.gather(List.of(Asyncio.shield(a), Asyncio.shield(b))));
            return Asyncio.sleep(s(0.5))
                    .then(Mono.fromCallable(() -> "cancel() -> " + g.cancel()))
                    .flatMap(msg -> Asyncio.sleep(s(0.1)).then(Mono.fromCallable(() -> msg + " | exception: "
                            + g.exception().getClass().getSimpleName() + " | a/b cancelled: " + a.isCancelled() + "/"
                            + b.isCancelled())))
                    .flatMap(msg -> Mono.zip(a, b).map(ab -> msg + " | a=" + ab.getT1() + " b=" + ab.getT2() + " at " + now()));
        }));
        assertThat(r).isEqualTo("cancel() -> true | exception: CancelledException | a/b cancelled: false/false"
                + " | a=a b=b at 2.0");
    }

    @Test
    @DisplayName("gather: a gather of done futures is done at once; each subscription gathers anew")
    void stepVerifierAndColdness() {
        AtomicInteger runs = new AtomicInteger();
        loop.run(() -> Mono.defer(() -> {
            Task<String> done = Asyncio.createTask(Mono.just("done"));
            Mono<String> counted = Mono.fromCallable(() -> "run " + runs.incrementAndGet());
            return Asyncio.sleep(s(0)).then(Mono.fromRunnable(() -> {
                Mono<List<String>> g = Asyncio.gather(List.of(done, counted));
                // Done at once: verified without any loop turn (the loop thread is the one running this).
                StepVerifier.create(Asyncio.gather(List.of(done, done))).expectNext(List.of("done", "done"))
                        .expectComplete().verify(java.time.Duration.ofSeconds(5));
                g.subscribe();
                g.subscribe();
            })).then(Asyncio.sleep(s(0)));
        }));
        assertThat(runs).hasValue(2);
    }

    @Test
    @DisplayName("gather: tasks of a loop may be gathered from a plain thread")
    void fromAPlainThread() {
        try (EventLoop l = EventLoop.builder().virtualTime().start()) {
            Task<String> a = l.createTask(Asyncio.sleep(s(2), "a"));
            Task<String> b = l.createTask(Asyncio.sleep(s(1), "b"));
            StepVerifier.create(Asyncio.gather(List.of(a, b)))
                    .expectNext(List.of("a", "b"))
                    .verifyComplete();
            StepVerifier.create(Asyncio.gather(List.of(a, Mono.just("plain"))))
                    .expectNext(List.of("a", "plain"))
                    .verifyComplete();
        }
    }

    @Test
    @DisplayName("gather: with eager tasks, children that never suspend make the gather done at once")
    void eagerTasks() {
        List<String> log = new ArrayList<>();
        List<Object> r = Asyncio.run(() -> Mono.defer(() -> {
            EventLoop.running().callSoon(() -> log.add("loop turned"));
            return Asyncio.gather(Mono.just(1), Mono.fromCallable(() -> 2), Mono.empty())
                    .doOnNext(x -> log.add("gathered " + x));
        }), EventLoop.builder().virtualTime().eagerTasks(true).exceptionHandler((lp, t) -> loop.reported.add(t)));
        assertThat(r).containsExactly(1, 2, null);
        assertThat(log).first().isEqualTo("gathered [1, 2, null]");
        loop.assertQuiet();
    }

    @Test
    @DisplayName("gather: repeats found anywhere (futures and plain Monos mixed, a repeat after the first distinct ones) keep order and dedup")
    void repeatsAnywhere() {
        AtomicInteger runs = new AtomicInteger();
        List<Object> r = loop.run(() -> Mono.defer(() -> {
            Mono<String> p = Mono.fromCallable(() -> "p" + runs.incrementAndGet());
            Mono<String> q = Mono.just("q");
            Task<String> t = Asyncio.createTask(Mono.just("t"));
            AsyncFuture<String> f = EventLoop.running().createFuture();
            f.setResult("f");
            return Asyncio.gather(t, p, f, q, t, p, f, Mono.just("fresh"), q)
                    .zipWith(Asyncio.gather(t, f), (x, y) -> {
                        List<Object> both = new ArrayList<>(x);
                        both.addAll(y);
                        return both;
                    });
        }));
        assertThat(r).containsExactly("t", "p1", "f", "q", "t", "p1", "f", "fresh", "q", "t", "f");
        assertThat(runs).hasValue(1);
    }

    @Test
    @DisplayName("gather: with eager tasks, a child body that gathers the same futures inside createTask does not disturb the outer gather")
    void eagerChildGathersTheSameFutures() {
        List<Object> r = Asyncio.run(() -> Mono.defer(() -> {
            AsyncFuture<String> f = EventLoop.running().createFuture();
            AsyncFuture<String> g = EventLoop.running().createFuture();
            EventLoop.running().callSoon(() -> {
                f.setResult("f");
                g.setResult("g");
            });
            // The plain Mono becomes a task whose body runs inside the outer gather's createTask
            // and gathers f and g itself (then waits for them).
            Mono<String> inner = Asyncio.gather(g, f, g).map(List::toString);
            return Asyncio.gather(f, inner, g, f);
        }), EventLoop.builder().virtualTime().eagerTasks(true).exceptionHandler((lp, t) -> loop.reported.add(t)));
        assertThat(r).containsExactly("f", "[g, f, g]", "g", "f");
        loop.assertQuiet();
    }
}
