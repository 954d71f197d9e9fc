package io.github.asyncio4j;

import static io.github.asyncio4j.TestLoops.SECOND;
import static io.github.asyncio4j.TestLoops.now;
import static io.github.asyncio4j.TestLoops.runVirtual;
import static io.github.asyncio4j.TestLoops.seconds;
import static io.github.asyncio4j.TestLoops.yieldOnce;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Task cancellation, {@code cancelling()} and {@code uncancel()}: BEHAVIORS.md section 1.4
 * ({@code CANCEL-*}), plus the model's rules on Reactor cancellation and foreign publishers.
 *
 * <p>IDs with no Java twin:
 * <ul>
 *   <li>CANCEL-13, the hierarchy part: {@code CancelledError} is a {@code BaseException} so that
 *       {@code except Exception} misses it; Java's {@code catch (RuntimeException)} and Reactor's
 *       {@code onErrorResume(e -> ...)} see every exception, so code must name
 *       {@link CancelledException} to handle it (the type mapping itself is tested).</li>
 *   <li>CANCEL-12, the {@code wait()}, {@code gather()} and {@code Condition.wait} paths belong to
 *       those sections' tests; the task-level paths are tested here.</li>
 * </ul>
 */
@ExtendWith(NoDroppedSignals.class)
class CancellationTest {

    @Test
    @DisplayName("CANCEL-01 cancel() returns true on every call while the task is pending, counting each; false once it is done")
    void cancelReturnsTrueEveryTime() {
        List<String> log = new ArrayList<>();
        runVirtual(() -> {
            Task<Void> t = Asyncio.createTask(Asyncio.sleep(seconds(10)));
            return yieldOnce().then(Mono.fromRunnable(() -> {
                log.add("cancel() -> " + t.cancel());
                log.add("cancel(again) -> " + t.cancel("again"));
                log.add("cancel(third) -> " + t.cancel("third"));
                log.add("cancelling() -> " + t.cancelling());
            })).then(t.onErrorResume(CancelledException.class, e -> Mono.empty())).then(Mono.fromRunnable(() -> {
                log.add("on the done task cancel() -> " + t.cancel());
                log.add("cancelling() -> " + t.cancelling());
            }));
        });
        assertThat(log).containsExactly("cancel() -> true", "cancel(again) -> true", "cancel(third) -> true",
                "cancelling() -> 3", "on the done task cancel() -> false", "cancelling() -> 3");
    }

    @Test
    @DisplayName("CANCEL-02 cancel() is a request: the task is cancelled only once its body has ended with the CancelledException")
    void cancelIsARequest() {
        List<String> log = new ArrayList<>();
        runVirtual(() -> {
            Task<Void> t = Asyncio.createTask(Asyncio.sleep(Duration.ofHours(1))
                    .onErrorResume(CancelledException.class, e -> Asyncio.sleep(seconds(5)).then(Mono.error(e))));
            return yieldOnce().then(Mono.fromRunnable(() -> {
                t.cancel();
                log.add("right after cancel(): done=" + t.isDone() + " cancelled=" + t.isCancelled());
            })).then(Asyncio.sleep(seconds(1))).then(Mono.fromRunnable(() ->
                    log.add("during its cleanup: done=" + t.isDone() + " cancelled=" + t.isCancelled())))
                    .then(t.onErrorResume(CancelledException.class, e -> Mono.empty()))
                    .then(Mono.fromRunnable(() -> log.add("at " + now() / SECOND + "s: done=" + t.isDone()
                            + " cancelled=" + t.isCancelled())));
        });
        assertThat(log).containsExactly("right after cancel(): done=false cancelled=false",
                "during its cleanup: done=false cancelled=false", "at 5s: done=true cancelled=true");
    }

    @Test
    @DisplayName("CANCEL-03 a task parked on a future cancels that future with the same message; the CancelledException arrives at the await")
    void cancelParkedOnAFuture() {
        List<String> log = new ArrayList<>();
        runVirtual(() -> {
            AsyncFuture<String> f = EventLoop.running().createFuture();
            Task<String> t = Asyncio.createTask(f.onErrorResume(CancelledException.class,
                    e -> Mono.just("caught at the await: " + e.getMessage())));
            return yieldOnce().then(Mono.fromRunnable(() -> {
                t.cancel("m");
                log.add("future cancelled at once: " + f.isCancelled());
                try {
                    f.result();
                } catch (CancelledException e) {
                    log.add("future's message: " + e.getMessage());
                }
            })).then(t).doOnNext(log::add);
        });
        assertThat(log).containsExactly("future cancelled at once: true", "future's message: m", "caught at the await: m");
    }

    @Test
    @DisplayName("CANCEL-03 a task whose future is already done (its step queued) gets the CancelledException at that step instead of the value")
    void cancelRunnableTask() {
        List<String> log = new ArrayList<>();
        runVirtual(() -> {
            AsyncFuture<String> f = EventLoop.running().createFuture();
            Task<String> t = Asyncio.createTask(f.map(v -> "got " + v).onErrorResume(CancelledException.class,
                    e -> Mono.just("cancelled instead of the value " + f.result() + ", message " + e.getMessage())));
            return yieldOnce().then(Mono.fromRunnable(() -> {
                f.setResult("v");
                t.cancel("late");
            })).then(t).doOnNext(log::add).then(Mono.fromRunnable(() -> log.add("future cancelled: " + f.isCancelled())));
        });
        assertThat(log).containsExactly("cancelled instead of the value v, message late", "future cancelled: false");
    }

    @Test
    @DisplayName("CANCEL-04 a task cancelled before its first step never runs its body and ends cancelled (SE-03)")
    void cancelBeforeStart() {
        List<String> log = new ArrayList<>();
        runVirtual(() -> {
            Task<Integer> t = Asyncio.createTask(Mono.fromCallable(() -> {
                log.add("child body ran");
                return 1;
            }));
            log.add("create_task returned");
            log.add("cancel() -> " + t.cancel() + " | cancelling() -> " + t.cancelling() + " | cancelled() -> "
                    + t.isCancelled() + " | done() -> " + t.isDone());
            return t.then().onErrorResume(CancelledException.class, e -> Mono.fromRunnable(() -> log.add("await raised CancelledError")))
                    .then(Mono.fromRunnable(() -> log.add("t.cancelled() -> " + t.isCancelled())));
        });
        // s02_create_task_lazy_cancel_before_start.py
        assertThat(log).containsExactly("create_task returned",
                "cancel() -> true | cancelling() -> 1 | cancelled() -> false | done() -> false",
                "await raised CancelledError", "t.cancelled() -> true");
    }

    @Test
    @DisplayName("CANCEL-05 several cancels of a task not parked deliver one CancelledException carrying the last message")
    void lastMessageWinsWhenNotParked() {
        String[] delivered = new String[1];
        runVirtual(() -> {
            Task<Void> t = Asyncio.createTask(Asyncio.sleep(seconds(10)));
            t.cancel("first");
            t.cancel("second");
            return t.onErrorResume(CancelledException.class, e -> Mono.fromRunnable(() -> delivered[0] = e.getMessage()));
        });
        // x23_ordering_and_last_msg.py
        assertThat(delivered[0]).isEqualTo("second");
    }

    @Test
    @DisplayName("CANCEL-05 several cancels of a task parked on a sleep deliver one CancelledException with the first message (SE-04)")
    void oneCancellationWhenParkedOnASleep() {
        List<String> log = new ArrayList<>();
        runVirtual(() -> {
            Task<String> t = Asyncio.createTask(Asyncio.sleep(seconds(10), "slept")
                    .onErrorResume(CancelledException.class, e -> {
                        log.add("child caught CancelledError message=" + e.getMessage() + " cancelling()="
                                + Task.current().orElseThrow().cancelling());
                        return yieldOnce().thenReturn("survived");
                    }));
            return yieldOnce().then(Mono.fromRunnable(() -> log.add("cancel(a) -> " + t.cancel("a") + " | cancel(b) -> "
                    + t.cancel("b") + " | cancelling() -> " + t.cancelling())))
                    .then(t).doOnNext(r -> log.add("result=" + r + " | cancelled()=" + t.isCancelled()
                            + " | cancelling() after completion=" + t.cancelling() + " | cancel() on done task -> " + t.cancel()));
        });
        // s03_cancel_is_a_request.py
        assertThat(log).containsExactly("cancel(a) -> true | cancel(b) -> true | cancelling() -> 2",
                "child caught CancelledError message=a cancelling()=2",
                "result=survived | cancelled()=false | cancelling() after completion=2 | cancel() on done task -> false");
    }

    @Test
    @DisplayName("CANCEL-05 several cancels of a task parked on a future deliver one CancelledException with the first message")
    void oneCancellationWhenParkedOnAFuture() {
        List<String> log = new ArrayList<>();
        runVirtual(() -> {
            AsyncFuture<String> f = EventLoop.running().createFuture();
            Task<String> t = Asyncio.createTask(f.onErrorResume(CancelledException.class, e -> {
                log.add("caught " + e.getMessage());
                return yieldOnce().then(Asyncio.sleep(seconds(1))).thenReturn("survived");
            }));
            return yieldOnce().then(Mono.fromRunnable(() -> {
                t.cancel("a");
                t.cancel("b");
            })).then(t).doOnNext(log::add);
        });
        assertThat(log).containsExactly("caught a", "survived");
    }

    @Test
    @DisplayName("CANCEL-06 a task may suppress the cancellation: it finishes normally and its later awaits are not cancelled")
    void suppressCancellation() {
        List<String> log = new ArrayList<>();
        runVirtual(() -> {
            Task<String> t = Asyncio.createTask(Asyncio.sleep(Duration.ofHours(1))
                    .onErrorResume(CancelledException.class, e -> Mono.empty())
                    .then(Asyncio.sleep(seconds(1), "kept going")));
            return yieldOnce().then(Mono.fromRunnable(t::cancel)).then(t)
                    .doOnNext(r -> log.add(r + " until " + now() / SECOND + "s, cancelled()=" + t.isCancelled()));
        });
        assertThat(log).containsExactly("kept going until 1s, cancelled()=false");
    }

    @Test
    @DisplayName("CANCEL-07 cancelling() is never lowered automatically: not on delivery, not on catching, not on completion")
    void cancellingNeverDecrementsByItself() {
        List<Integer> counts = new ArrayList<>();
        runVirtual(() -> {
            Task<String> t = Asyncio.createTask(Asyncio.sleep(Duration.ofHours(1), "x")
                    .onErrorResume(CancelledException.class, e -> Mono.fromCallable(() -> {
                        counts.add(Task.current().orElseThrow().cancelling());
                        return "swallowed";
                    })));
            return yieldOnce().then(Mono.fromRunnable(() -> {
                t.cancel();
                counts.add(t.cancelling());
            })).then(t).then(Mono.fromRunnable(() -> counts.add(t.cancelling())));
        });
        assertThat(counts).containsExactly(1, 1, 1);
    }

    @Test
    @DisplayName("CANCEL-08 a task that cancels itself and returns without awaiting ends cancelled, its value dropped (SE-05)")
    void selfCancelThenReturn() {
        List<String> log = new ArrayList<>();
        runVirtual(() -> {
            Task<Integer> t = Asyncio.createTask(Mono.fromCallable(() -> {
                Task.current().orElseThrow().cancel();
                return 12;
            }));
            return t.doOnNext(v -> log.add("result " + v))
                    .onErrorResume(CancelledException.class, e -> Mono.fromRunnable(() ->
                            log.add("CancelledError; t.cancelled()= " + t.isCancelled())));
        });
        // s04_self_cancel_then_return.py
        assertThat(log).containsExactly("CancelledError; t.cancelled()= true");
    }

    @Test
    @DisplayName("CANCEL-08 a task that cancels itself gets the CancelledException at its next await, at once")
    void selfCancelThenAwait() {
        List<String> log = new ArrayList<>();
        runVirtual(() -> Asyncio.createTask(Mono.fromRunnable(() -> Task.current().orElseThrow().cancel("myself"))
                .then(Asyncio.sleep(Duration.ofHours(1)))
                .onErrorResume(CancelledException.class, e -> Mono.fromRunnable(() ->
                        log.add("cancelled at " + now() + " with " + e.getMessage())))));
        assertThat(log).containsExactly("cancelled at 0 with myself");
    }

    @Test
    @DisplayName("CANCEL-09 cancelling a task that awaits a task cancels the inner with the message; the outer gets it once the inner ended cancelled")
    void cancelPropagatesToTheAwaitedTask() {
        List<String> log = new ArrayList<>();
        runVirtual(() -> {
            Mono<Void> inner = Asyncio.sleep(seconds(10)).onErrorResume(CancelledException.class, e -> {
                log.add("inner got " + e.getMessage());
                return Asyncio.sleep(seconds(5)).then(Mono.error(e));
            });
            Task<Void> outer = Asyncio.createTask(Mono.defer(() -> Asyncio.createTask(inner)));
            return Asyncio.sleep(Duration.ofMillis(10)).then(Mono.fromRunnable(() -> outer.cancel("stop now")))
                    .then(outer).onErrorResume(CancelledException.class, e -> Mono.fromRunnable(() ->
                            log.add("outer raised " + e.getMessage() + " at " + now() / 1_000_000 + "ms")));
        });
        // x16_misc_cancel.py, with a 5 s cleanup in the inner task
        assertThat(log).containsExactly("inner got stop now", "outer raised stop now at 5010ms");
    }

    @Test
    @DisplayName("CANCEL-09 across loops: cancelling a task that awaits a task of another loop cancels that task, with the message")
    void cancelPropagatesAcrossLoops() throws Exception {
        try (EventLoop other = EventLoop.start("inner-loop")) {
            CompletableFuture<String> innerGot = new CompletableFuture<>();
            Task<String> inner = other.createTask(Asyncio.sleep(Duration.ofHours(1), "slept")
                    .doOnError(CancelledException.class, e -> innerGot.complete(e.getMessage() + " on "
                            + Thread.currentThread().getName())));
            String r = runVirtual(() -> {
                Task<String> outer = Asyncio.createTask(inner);
                return yieldOnce().then(Mono.fromRunnable(() -> outer.cancel("across"))).then(outer)
                        .onErrorResume(CancelledException.class, e -> Mono.just("outer got " + e.getMessage() + " on "
                                + Thread.currentThread().getName()));
            });
            assertThat(innerGot.get(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("across on inner-loop");
            assertThat(r).isEqualTo("outer got across on " + Thread.currentThread().getName());
            assertThat(inner.isCancelled()).isTrue();
        }
    }

    @Test
    @DisplayName("CANCEL-10 if the awaited task swallows the cancellation and returns, the outer goes on with its value (SE-06)")
    void innerAbsorbsTheCancellation() {
        List<String> log = new ArrayList<>();
        runVirtual(() -> {
            Mono<String> inner = Asyncio.sleep(seconds(10), "slept")
                    .onErrorResume(CancelledException.class, e -> Mono.just("inner swallowed the cancel"));
            Task<String> outer = Asyncio.createTask(Mono.defer(() -> Asyncio.createTask(inner))
                    .flatMap(r -> yieldOnce().thenReturn("outer continued with '" + r + "'")));
            return Asyncio.sleep(Duration.ofMillis(10)).then(Mono.fromRunnable(() -> log.add("outer.cancel() -> " + outer.cancel())))
                    .then(outer).doOnNext(r -> log.add(r + " | outer.cancelled() = " + outer.isCancelled()
                            + " | outer.cancelling() = " + outer.cancelling()));
        });
        // s21_cancel_absorbed_by_inner.py
        assertThat(log).containsExactly("outer.cancel() -> true",
                "outer continued with 'inner swallowed the cancel' | outer.cancelled() = false | outer.cancelling() = 1");
    }

    @Test
    @DisplayName("CANCEL-10 while the outer still awaits the inner, each further outer.cancel() cancels the inner again")
    void outerCancelReachesTheInnerAgain() {
        List<String> log = new ArrayList<>();
        runVirtual(() -> {
            Task<?>[] inner = new Task<?>[1];
            Mono<String> innerBody = Asyncio.sleep(seconds(10), "slept")
                    .onErrorResume(CancelledException.class, e -> Asyncio.sleep(seconds(10), "slept again"))
                    .onErrorResume(CancelledException.class, e -> Mono.just("swallowed twice"));
            Task<String> outer = Asyncio.createTask(Mono.defer(() -> {
                Task<String> t = Asyncio.createTask(innerBody);
                inner[0] = t;
                return t;
            }));
            return yieldOnce().then(yieldOnce()).then(Mono.fromRunnable(outer::cancel))
                    .then(yieldOnce()).then(yieldOnce()).then(Mono.fromRunnable(outer::cancel))
                    .then(outer).doOnNext(r -> log.add(r + " | inner.cancelling()=" + inner[0].cancelling()
                            + " | outer.cancelling()=" + outer.cancelling() + " | outer.cancelled()=" + outer.isCancelled()));
        });
        assertThat(log).containsExactly("swallowed twice | inner.cancelling()=2 | outer.cancelling()=2 | outer.cancelled()=false");
    }

    @Test
    @DisplayName("CANCEL-11 the first result()/exception() of a cancelled task throws the very exception that ended its body, later ones a fresh one")
    void firstRetrievalGetsTheOriginal() {
        CancelledException[] seen = new CancelledException[1];
        List<CancelledException> thrown = new ArrayList<>();
        runVirtual(() -> {
            Task<String> t = Asyncio.createTask(Asyncio.sleep(Duration.ofHours(1), "x")
                    .doOnError(CancelledException.class, e -> seen[0] = e));
            return yieldOnce().then(Mono.fromRunnable(() -> t.cancel("why"))).then(yieldOnce()).then(yieldOnce())
                    .then(Mono.fromRunnable(() -> {
                        assertThat(t.isCancelled()).isTrue();
                        thrown.add(catchCancelled(t::result));
                        thrown.add(catchCancelled(t::result));
                        thrown.add(catchCancelled(t::exception));
                    }));
        });
        assertThat(thrown.get(0)).isSameAs(seen[0]);
        assertThat(thrown.get(1)).isNotSameAs(seen[0]).hasMessage("why");
        assertThat(thrown.get(2)).isNotSameAs(seen[0]).isNotSameAs(thrown.get(1)).hasMessage("why");
    }

    private static CancelledException catchCancelled(Runnable r) {
        try {
            r.run();
        } catch (CancelledException e) {
            return e;
        }
        throw new AssertionError("expected a CancelledException");
    }

    @Test
    @DisplayName("CANCEL-12 the cancel message reaches the await point, every awaiter of the task, result() and exception()")
    void messagePropagation() {
        List<String> log = new ArrayList<>();
        runVirtual(() -> {
            Task<Void> t = Asyncio.createTask(Asyncio.sleep(Duration.ofHours(1))
                    .doOnError(CancelledException.class, e -> log.add("at the await: " + e.getMessage())));
            Task<Void> otherAwaiter = Asyncio.createTask(t.onErrorResume(CancelledException.class,
                    e -> Mono.fromRunnable(() -> log.add("another task awaiting it: " + e.getMessage()))));
            return yieldOnce().then(Mono.fromRunnable(() -> t.cancel("the message")))
                    .then(t).onErrorResume(CancelledException.class, e -> Mono.fromRunnable(() -> log.add("await: " + e.getMessage())))
                    .then(otherAwaiter)
                    .then(Mono.fromRunnable(() -> {
                        log.add("result(): " + catchCancelled(t::result).getMessage());
                        log.add("exception(): " + catchCancelled(t::exception).getMessage());
                    }));
        });
        assertThat(log).containsExactly("at the await: the message", "another task awaiting it: the message",
                "await: the message", "result(): the message", "exception(): the message");
    }

    @Test
    @DisplayName("CANCEL-13 the exception types map as BEHAVIORS.md says: CancelledException is a CancellationException, InvalidStateException an IllegalStateException")
    void exceptionTypes() {
        assertThat(new CancelledException("m")).isInstanceOf(CancellationException.class).hasMessage("m");
        assertThat(new CancelledException().getMessage()).isNull();
        assertThat(new InvalidStateException("x")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    @DisplayName("CANCEL-14 uncancel() lowers the count, never below zero, and changes nothing observable on a finished task")
    void uncancel() {
        List<String> log = new ArrayList<>();
        runVirtual(() -> {
            Task<?> main = Task.current().orElseThrow();
            log.add("uncancel() at 0 -> " + main.uncancel());
            Task<Void> t = Asyncio.createTask(Asyncio.sleep(Duration.ofHours(1)));
            return yieldOnce().then(Mono.fromRunnable(() -> {
                t.cancel();
                t.cancel();
                log.add("after two cancels, uncancel() -> " + t.uncancel());
            })).then(t).onErrorResume(CancelledException.class, e -> Mono.empty()).then(Mono.fromRunnable(() -> {
                log.add("on the finished task uncancel() -> " + t.uncancel() + ", then " + t.uncancel());
                log.add("still cancelled: " + t.isCancelled());
            }));
        });
        // x16_misc_cancel.py: uncancel() floors at 0
        assertThat(log).containsExactly("uncancel() at 0 -> 0", "after two cancels, uncancel() -> 1",
                "on the finished task uncancel() -> 0, then 0", "still cancelled: true");
    }

    @Test
    @DisplayName("CANCEL-15 an uncancel() that brings the count to zero withdraws a cancellation not yet delivered (3.13, SE-07)")
    void uncancelWithdrawsPendingCancellation() {
        List<String> log = new ArrayList<>();
        runVirtual(() -> {
            AsyncFuture<String> fut = EventLoop.running().createFuture();
            Task<Integer> task = Asyncio.createTask(fut.then(Mono.just(42)));
            return yieldOnce().then(Mono.fromRunnable(() -> {
                fut.setResult("x");
                log.add("cancel() -> " + task.cancel() + " | cancelling() -> " + task.cancelling());
                log.add("uncancel() -> " + task.uncancel());
            })).then(task).doOnNext(r -> log.add("task result -> " + r))
                    .onErrorResume(CancelledException.class, e -> Mono.fromRunnable(() -> log.add("task was still cancelled")));
        });
        // x01_uncancel_resets_must_cancel.py as CPython 3.13 prints it
        assertThat(log).containsExactly("cancel() -> true | cancelling() -> 1", "uncancel() -> 0", "task result -> 42");
    }

    @Test
    @DisplayName("CANCEL-15 an uncancel() that leaves the count above zero keeps the pending cancellation")
    void partialUncancelKeepsPendingCancellation() {
        String r = runVirtual(() -> {
            AsyncFuture<String> fut = EventLoop.running().createFuture();
            Task<String> task = Asyncio.createTask(fut.map(v -> "value"));
            return yieldOnce().then(Mono.fromRunnable(() -> {
                fut.setResult("x");
                task.cancel();
                task.cancel();
                task.uncancel();
            })).then(task).onErrorResume(CancelledException.class, e -> Mono.just("still cancelled"));
        });
        assertThat(r).isEqualTo("still cancelled");
    }

    @Test
    @DisplayName("CANCEL-16 structured cancellation: each canceller uncancels once; only the one that reaches zero may convert the cancellation")
    void structuredCancellation() {
        String r = runVirtual(() -> {
            Task<String> t = Asyncio.createTask(Asyncio.sleep(Duration.ofHours(1), "done"));
            return yieldOnce().then(Mono.fromRunnable(() -> {
                t.cancel("owner A");
                t.cancel("owner B");
            })).then(t).onErrorResume(CancelledException.class, e -> Mono.fromCallable(() -> {
                int afterA = t.uncancel();
                int afterB = t.uncancel();
                return "A sees " + afterA + " (must propagate), B sees " + afterB + " (may convert), message " + e.getMessage();
            }));
        });
        assertThat(r).isEqualTo("A sees 1 (must propagate), B sees 0 (may convert), message owner A");
    }

    @Test
    @DisplayName("CANCEL-17 an Error raised while handling the cancellation ends the task done-but-not-cancelled, and leaves Asyncio.run")
    void errorDuringCancellation() {
        Error fatal = new Error("raised while handling the cancellation");
        List<Task<?>> tasks = new ArrayList<>();
        assertThatThrownBy(() -> runVirtual(() -> {
            Task<Void> t = Asyncio.createTask(Asyncio.sleep(Duration.ofHours(1))
                    .onErrorResume(CancelledException.class, e -> Mono.error(fatal)));
            tasks.add(t);
            return yieldOnce().then(Mono.fromRunnable(t::cancel)).then(Asyncio.sleep(Duration.ofHours(2)));
        })).isSameAs(fatal);
        Task<?> t = tasks.get(0);
        assertThat(t.isDone()).isTrue();
        assertThat(t.isCancelled()).isFalse();
        assertThat(t.exception()).isSameAs(fatal);
    }

    @Test
    @DisplayName("A body waiting on a foreign publisher has it cancelled Reactor-style, and the task ends cancelled at once")
    void foreignPublisherIsCancelled() {
        AtomicBoolean upstreamCancelled = new AtomicBoolean();
        List<String> log = new ArrayList<>();
        runVirtual(() -> {
            Task<Object> t = Asyncio.createTask(Mono.never().doOnCancel(() -> upstreamCancelled.set(true)));
            return yieldOnce().then(Mono.fromRunnable(() -> {
                t.cancel("stop");
                log.add("cancelled at once: " + t.isCancelled());
            })).then(t).onErrorResume(CancelledException.class, e -> Mono.fromRunnable(() -> log.add("await: " + e.getMessage())));
        });
        assertThat(upstreamCancelled).isTrue();
        assertThat(log).containsExactly("cancelled at once: true", "await: stop");
    }

    @Test
    @DisplayName("CANCEL-08 a task that cancels itself and then waits on a foreign publisher has it cancelled and ends cancelled")
    void selfCancelThenForeignPublisher() {
        AtomicBoolean upstreamCancelled = new AtomicBoolean();
        List<String> log = new ArrayList<>();
        runVirtual(() -> {
            Task<Object> t = Asyncio.createTask(Mono.fromRunnable(() -> Task.current().orElseThrow().cancel("myself"))
                    .then(Mono.never().doOnCancel(() -> upstreamCancelled.set(true))));
            return t.onErrorResume(CancelledException.class, e -> Mono.fromRunnable(() ->
                    log.add("cancelled with " + e.getMessage() + " at " + now())));
        });
        assertThat(upstreamCancelled).isTrue();
        assertThat(log).containsExactly("cancelled with myself at 0");
    }

    @Test
    @Timeout(10)
    @DisplayName("CANCEL-08 a cancel scope (timeout, TaskGroup) cancelled during its task's step, whose body then waits on a foreign publisher, has it stopped")
    void scopeCancelledInStepThenForeignPublisher() {
        String r = runVirtual(() -> {
            Task<?> task = Task.current().orElseThrow();
            Sinks.One<String> foreign = Sinks.one();
            CancelScope scope = new CancelScope(task, null) {
                @Override
                void cancelForeign(String msg) {
                    foreign.tryEmitValue("the scope's owner stopped its body: " + msg);
                }
            };
            return Mono.fromRunnable(() -> {
                task.countCancelRequest();
                task.requestCancel(scope, "scope cancelled");
            }).then(foreign.asMono()).contextWrite(ctx -> ctx.put(CancelScope.KEY, scope));
        });
        assertThat(r).isEqualTo("the scope's owner stopped its body: scope cancelled");
    }

    @Test
    @DisplayName("Cancelling a subscription to a task cancels the task, as cancelling a coroutine that awaits it does")
    void reactorCancelCancelsTheTask() {
        List<String> log = new ArrayList<>();
        runVirtual(() -> {
            Task<String> slow = Asyncio.createTask(Asyncio.sleep(Duration.ofHours(1), "slow")
                    .doOnError(CancelledException.class, e -> log.add("slow task got CancelledException")));
            return Mono.firstWithValue(slow, Asyncio.sleep(seconds(1), "fast")).doOnNext(v -> log.add("winner " + v))
                    .then(yieldOnce()).then(yieldOnce())
                    .then(Mono.fromRunnable(() -> log.add("slow cancelled: " + slow.isCancelled())));
        });
        assertThat(log).containsExactly("winner fast", "slow task got CancelledException", "slow cancelled: true");
    }

    @Test
    @DisplayName("cancel() from another thread returns true for a pending task and is delivered on the loop")
    void cancelFromAnotherThread() throws Exception {
        try (EventLoop loop = EventLoop.start("cancel-loop")) {
            CompletableFuture<Void> parked = new CompletableFuture<>();
            Task<String> t = loop.createTask(Asyncio.sleep(Duration.ofHours(1), "slept")
                    .doOnSubscribe(s -> parked.complete(null))
                    .onErrorResume(CancelledException.class, e -> Mono.just("caught " + e.getMessage() + " on "
                            + Thread.currentThread().getName())));
            parked.get(10, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(t.cancel("from afar")).isTrue();
            assertThat(t.block(Duration.ofSeconds(10))).isEqualTo("caught from afar on cancel-loop");
            assertThat(t.cancel()).isFalse();
        }
    }
}
