package io.github.asyncio4j;

import static io.github.asyncio4j.TestLoops.SECOND;
import static io.github.asyncio4j.TestLoops.now;
import static io.github.asyncio4j.TestLoops.onLoop;
import static io.github.asyncio4j.TestLoops.runVirtual;
import static io.github.asyncio4j.TestLoops.seconds;
import static io.github.asyncio4j.TestLoops.virtual;
import static io.github.asyncio4j.TestLoops.yieldOnce;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * The event loop's scheduling primitives: BEHAVIORS.md section 1.1 ({@code LOOP-*}).
 *
 * <p>IDs with no Java twin:
 * <ul>
 *   <li>LOOP-10: callbacks are typed {@link Runnable}, so a coroutine or a non-callable cannot be
 *       passed to {@code callSoon}; the compiler is the check.</li>
 *   <li>LOOP-13: {@code EventLoop} has no {@code stop()}/{@code run_until_complete} pair; a loop
 *       runs until {@code close()}, and closing it under {@code Asyncio.run} is tested with LOOP-12.</li>
 *   <li>LOOP-15: there is no task factory to set; the one built-in alternative, eager tasks, is
 *       tested in {@link EagerTaskTest}, and a name given to {@code createTask} is always kept
 *       ({@link TaskTest}, TASK-10).</li>
 * </ul>
 */
class LoopSchedulingTest {

    @Test
    @DisplayName("LOOP-01 callSoon callbacks run in FIFO registration order, each exactly once, never inline")
    void callSoonIsFifo() {
        List<Integer> order = new ArrayList<>();
        List<Integer> seenBeforeYielding = new ArrayList<>();
        runVirtual(() -> {
            EventLoop loop = EventLoop.running();
            for (int i = 0; i < 10; i++) {
                int n = i;
                loop.callSoon(() -> order.add(n));
            }
            seenBeforeYielding.addAll(order);
            return yieldOnce().then(yieldOnce()).then(yieldOnce());
        });
        assertThat(seenBeforeYielding).isEmpty();
        assertThat(order).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    }

    @Test
    @DisplayName("LOOP-02 an iteration runs only what was ready when it began; callbacks it schedules wait for the next (SE-02)")
    void iterationRunsASnapshot() {
        List<String> order = new ArrayList<>();
        runVirtual(() -> {
            EventLoop loop = EventLoop.running();
            loop.callSoon(() -> {
                order.add("A");
                loop.callSoon(() -> order.add("A-child"));
            });
            loop.callSoon(() -> order.add("B"));
            loop.callLater(seconds(-1), () -> order.add("later(-1)"));
            loop.callLater(seconds(-2), () -> order.add("later(-2)"));
            loop.callSoon(() -> order.add("cancelled-handle")).dispose();
            return Asyncio.sleep(Duration.ZERO, "sleep0-result")
                    .doOnNext(r -> order.add("task resumed " + r))
                    .then(yieldOnce());
        });
        // The output of x07_loop_scheduling.py, line for line.
        assertThat(order).containsExactly("A", "B", "task resumed sleep0-result", "later(-2)", "later(-1)", "A-child");
    }

    @Test
    @DisplayName("LOOP-03 callLater(d) is callAt(time() + d); negative delays fire at once, in deadline order, behind queued callbacks")
    void callLaterAndCallAt() {
        List<String> order = new ArrayList<>();
        Map<String, Long> firedAt = new LinkedHashMap<>();
        runVirtual(() -> {
            EventLoop loop = EventLoop.running();
            loop.callLater(seconds(5), () -> firedAt.put("later 5s", now()));
            loop.callAt(7 * SECOND, () -> firedAt.put("at 7s", now()));
            loop.callLater(seconds(-1), () -> order.add("a: later(-1)"));
            loop.callLater(seconds(-2), () -> order.add("b: later(-2)"));
            loop.callSoon(() -> order.add("callSoon registered after both"));
            return Asyncio.sleep(seconds(10));
        });
        // x23_ordering_and_last_msg.py: a due timer queues behind a callSoon registered after it.
        assertThat(order).containsExactly("callSoon registered after both", "b: later(-2)", "a: later(-1)");
        assertThat(firedAt).containsExactly(entry("later 5s", 5 * SECOND), entry("at 7s", 7 * SECOND));
    }

    @Test
    @DisplayName("LOOP-03 timers with the same deadline fire in the order they were armed")
    void equalDeadlinesAreFifo() {
        List<Integer> order = new ArrayList<>();
        runVirtual(() -> {
            EventLoop loop = EventLoop.running();
            for (int i = 0; i < 20; i++) {
                int n = i;
                loop.callAt(SECOND, () -> order.add(n));
            }
            return Asyncio.sleep(seconds(2));
        });
        assertThat(order).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19);
    }

    @Test
    @DisplayName("LOOP-04 a null delay or callback is a NullPointerException naming the parameter")
    void nullArguments() {
        onLoop(loop -> {
            assertThatNullPointerException().isThrownBy(() -> loop.callLater(null, () -> { })).withMessage("delay");
            assertThatNullPointerException().isThrownBy(() -> loop.callLater(Duration.ZERO, null)).withMessage("cb");
            assertThatNullPointerException().isThrownBy(() -> loop.callAt(0, null)).withMessage("cb");
            assertThatNullPointerException().isThrownBy(() -> loop.callSoon(null)).withMessage("cb");
            assertThatNullPointerException().isThrownBy(() -> loop.callSoonThreadsafe(null)).withMessage("cb");
        });
    }

    @Test
    @DisplayName("LOOP-05 a disposed handle or timer is skipped, and a disposed timer leaves the heap at once")
    void disposedHandlesAreSkipped() {
        List<String> ran = new ArrayList<>();
        runVirtual(() -> {
            EventLoop loop = EventLoop.running();
            Disposable soon = loop.callSoon(() -> ran.add("soon"));
            Disposable later = loop.callLater(Duration.ofMillis(500), () -> ran.add("later"));
            Disposable at = loop.callAt(SECOND / 2, () -> ran.add("at"));
            soon.dispose();
            later.dispose();
            at.dispose();
            assertThat(soon.isDisposed()).isTrue();
            assertThat(later.isDisposed()).isTrue();
            assertThat(((TimerHandle) later).armed()).as("removed from the heap").isFalse();
            assertThat(((TimerHandle) at).armed()).as("removed from the heap").isFalse();
            return Asyncio.sleep(seconds(1)).then(yieldOnce());
        });
        assertThat(ran).isEmpty();
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 42, 2024})
    @DisplayName("LOOP-05 the timer heap drops removed timers at once and pops the rest in (deadline, arming) order")
    void timerHeapModel(long seed) {
        Random random = new Random(seed);
        TimerHeap heap = new TimerHeap();
        List<TimerHandle> live = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            TimerHandle t = new TimerHandle() {
                @Override
                public void run() {
                }
            };
            t.when = random.nextInt(50) - 10;
            heap.add(t);
            live.add(t);
            if (random.nextInt(3) == 0) {
                TimerHandle victim = live.remove(random.nextInt(live.size()));
                assertThat(heap.remove(victim)).as("seed %d", seed).isTrue();
                assertThat(heap.remove(victim)).as("removing twice, seed %d", seed).isFalse();
            }
        }
        assertThat(heap.size()).as("seed %d", seed).isEqualTo(live.size());
        live.sort(Comparator.<TimerHandle>comparingLong(t -> t.when).thenComparingInt(t -> t.seq));
        List<TimerHandle> popped = new ArrayList<>();
        TimerHandle t;
        while ((t = heap.poll()) != null) {
            assertThat(t.armed()).isFalse();
            popped.add(t);
        }
        assertThat(popped).as("seed %d", seed).containsExactlyElementsOf(live);
    }

    @Test
    @DisplayName("LOOP-06 an exception escaping a callback goes to the exception handler and the loop goes on")
    void callbackExceptionGoesToHandler() {
        RecordingExceptionHandler handler = new RecordingExceptionHandler();
        IllegalStateException boom = new IllegalStateException("boom");
        List<String> after = new ArrayList<>();
        String r = Asyncio.run(() -> {
            EventLoop loop = EventLoop.running();
            loop.callSoon(() -> {
                throw boom;
            });
            loop.callSoon(() -> after.add("next callback ran"));
            return yieldOnce().then(yieldOnce()).thenReturn("main finished");
        }, virtual().exceptionHandler(handler));
        assertThat(r).isEqualTo("main finished");
        assertThat(after).containsExactly("next callback ran");
        assertThat(handler.errors()).containsExactly(boom);
        assertThat(handler.reports().get(0).thread()).isEqualTo(Thread.currentThread().getName());
    }

    @Test
    @DisplayName("LOOP-06 the default exception handler logs 'Exception in callback' as an error with the exception")
    void defaultHandlerLogs() {
        CapturingLogger log = new CapturingLogger();
        ArithmeticException boom = new ArithmeticException("/ by zero");
        Asyncio.run(() -> {
            EventLoop.running().callSoon(() -> {
                throw boom;
            });
            return yieldOnce().then(yieldOnce());
        }, virtual().logger(log));
        assertThat(log.at("ERROR")).singleElement().satisfies(e -> {
            assertThat(e.message()).startsWith("Exception in callback");
            assertThat(e.error()).isSameAs(boom);
        });
    }

    @Test
    @DisplayName("LOOP-06 an Error escaping a callback stops Asyncio.run and is rethrown as itself, as SystemExit leaves run_forever")
    void errorInCallbackEscapesRun() {
        RecordingExceptionHandler handler = new RecordingExceptionHandler();
        Error fatal = new Error("fatal");
        assertThatThrownBy(() -> Asyncio.run(() -> {
            EventLoop.running().callSoon(() -> {
                throw fatal;
            });
            return Asyncio.sleep(Duration.ofHours(1), "never");
        }, virtual().exceptionHandler(handler))).isSameAs(fatal);
        assertThat(handler.errors()).isEmpty();
    }

    @Test
    @DisplayName("LOOP-06 on a loop with its own thread an Error escaping a callback is reported, and the loop goes on")
    void errorInCallbackOnOwnThreadIsReported() throws Exception {
        RecordingExceptionHandler handler = new RecordingExceptionHandler();
        Error fatal = new Error("fatal");
        try (EventLoop loop = EventLoop.builder().exceptionHandler(handler).start()) {
            loop.callSoon(() -> {
                throw fatal;
            });
            CompletableFuture<String> after = new CompletableFuture<>();
            loop.callSoon(() -> after.complete("still running"));
            assertThat(after.get(10, SECONDS)).isEqualTo("still running");
        }
        assertThat(handler.errors()).containsExactly(fatal);
    }

    @Test
    @DisplayName("LOOP-07 a null exception handler is refused; a handler that throws is logged as 'Unhandled error in exception handler'")
    void brokenHandler() {
        assertThatNullPointerException().isThrownBy(() -> EventLoop.builder().exceptionHandler(null)).withMessage("handler");
        CapturingLogger log = new CapturingLogger();
        IllegalStateException original = new IllegalStateException("original");
        IllegalArgumentException broken = new IllegalArgumentException("the handler is broken");
        List<String> after = new ArrayList<>();
        Asyncio.run(() -> {
            EventLoop loop = EventLoop.running();
            loop.callSoon(() -> {
                throw original;
            });
            loop.callSoon(() -> after.add("loop went on"));
            return yieldOnce().then(yieldOnce());
        }, virtual().logger(log).exceptionHandler((l, t) -> {
            throw broken;
        }));
        assertThat(after).containsExactly("loop went on");
        assertThat(log.at("ERROR")).singleElement().satisfies(e -> {
            assertThat(e.message()).startsWith("Unhandled error in exception handler");
            assertThat(e.error()).isSameAs(broken);
            assertThat(broken.getSuppressed()).containsExactly(original);
        });
    }

    @Test
    @DisplayName("LOOP-08 debug mode logs a callback or task step that ran for slowCallbackDuration or longer, naming the task")
    void slowCallbacksAreLogged() {
        long[] fakeClock = {0};
        CapturingLogger log = new CapturingLogger();
        String r = Asyncio.run(() -> {
            EventLoop loop = EventLoop.running();
            loop.callSoon(new Runnable() {
                @Override
                public void run() {
                    fakeClock[0] += 150_000_000L;
                }

                @Override
                public String toString() {
                    return "slowCallback";
                }
            });
            loop.callSoon(() -> fakeClock[0] += 99_000_000L);
            Task<String> slowStart = Asyncio.createTask(Mono.fromCallable(() -> {
                fakeClock[0] += 250_000_000L;
                return "a";
            }), "slowpoke");
            Task<String> slowResume = Asyncio.createTask(Asyncio.sleep(seconds(1)).then(Mono.fromCallable(() -> {
                fakeClock[0] += 100_000_000L;
                return "b";
            })), "resumer");
            return slowStart.zipWith(slowResume, String::concat);
        }, virtual().debug(true).ticker(() -> fakeClock[0]).logger(log));
        assertThat(r).isEqualTo("ab");
        List<String> warnings = log.messages("WARN");
        assertThat(warnings).hasSize(3);
        assertThat(warnings.get(0)).contains("slowCallback").endsWith("took 0.150 seconds");
        assertThat(warnings.get(1)).contains("Task slowpoke").endsWith("took 0.250 seconds");
        assertThat(warnings.get(2)).contains("Task resumer").endsWith("took 0.100 seconds");
    }

    @Test
    @DisplayName("LOOP-08 the slow-callback report uses a '.' decimal separator whatever the default locale")
    void slowCallbackReportIsLocaleIndependent() {
        Locale before = Locale.getDefault();
        Locale.setDefault(Locale.GERMANY);
        try {
            long[] fakeClock = {0};
            CapturingLogger log = new CapturingLogger();
            Asyncio.run(() -> Mono.fromRunnable(() -> fakeClock[0] += 123_000_000L),
                    virtual().debug(true).ticker(() -> fakeClock[0]).logger(log));
            assertThat(log.messages("WARN")).singleElement().asString().endsWith("took 0.123 seconds");
        } finally {
            Locale.setDefault(before);
        }
    }

    @Test
    @DisplayName("LOOP-08 slowCallbackDuration sets the threshold; outside debug mode nothing is measured")
    void slowCallbackThreshold() {
        long[] fakeClock = {0};
        CapturingLogger debugLog = new CapturingLogger();
        Asyncio.run(() -> Mono.fromRunnable(() -> fakeClock[0] += 20_000_000L),
                virtual().debug(true).slowCallbackDuration(Duration.ofMillis(10)).ticker(() -> fakeClock[0]).logger(debugLog));
        assertThat(debugLog.messages("WARN")).singleElement().asString().endsWith("took 0.020 seconds");

        CapturingLogger quietLog = new CapturingLogger();
        Asyncio.run(() -> Mono.fromRunnable(() -> fakeClock[0] += 5_000_000_000L),
                virtual().ticker(() -> fakeClock[0]).logger(quietLog));
        assertThat(quietLog.entries()).isEmpty();

        assertThatNullPointerException().isThrownBy(() -> EventLoop.builder().slowCallbackDuration(null)).withMessage("duration");
        assertThatIllegalArgumentException().isThrownBy(() -> EventLoop.builder().slowCallbackDuration(Duration.ZERO));
    }

    @Test
    @DisplayName("LOOP-09 callSoon, callLater and callAt from another thread are marshalled onto the loop, also in debug mode")
    void schedulingFromAnotherThread() throws Exception {
        try (EventLoop loop = EventLoop.builder().debug(true).start()) {
            CompletableFuture<Thread> soon = new CompletableFuture<>();
            CompletableFuture<Thread> later = new CompletableFuture<>();
            CompletableFuture<Thread> at = new CompletableFuture<>();
            loop.callSoon(() -> soon.complete(Thread.currentThread()));
            loop.callLater(Duration.ofMillis(1), () -> later.complete(Thread.currentThread()));
            loop.callAt(loop.time(), () -> at.complete(Thread.currentThread()));
            assertThat(soon.get(10, SECONDS).getName()).isEqualTo(loop.name());
            assertThat(later.get(10, SECONDS).getName()).isEqualTo(loop.name());
            assertThat(at.get(10, SECONDS).getName()).isEqualTo(loop.name());
        }
    }

    @Test
    @DisplayName("LOOP-11 callSoonThreadsafe wakes a loop that sleeps with nothing to do")
    void callSoonThreadsafeWakesTheLoop() throws Exception {
        try (EventLoop loop = EventLoop.start("sleeper")) {
            CompletableFuture<String> ran = new CompletableFuture<>();
            loop.callSoonThreadsafe(() -> ran.complete(Thread.currentThread().getName()));
            assertThat(ran.get(10, SECONDS)).isEqualTo("sleeper");
        }
        // A virtual-time loop with no timer parks too, and is woken the same way; its clock stays put.
        long[] at = new long[1];
        String r = runVirtual(() -> {
            EventLoop loop = EventLoop.running();
            AsyncFuture<String> f = loop.createFuture();
            new Thread(() -> loop.callSoonThreadsafe(() -> f.setResult("woken")), "waker").start();
            return f.doOnNext(v -> at[0] = now());
        });
        assertThat(r).isEqualTo("woken");
        assertThat(at[0]).isZero();
    }

    @Test
    @DisplayName("LOOP-12 a closed loop rejects work with RejectedExecutionException('event loop is closed'); close() is idempotent")
    void closedLoopRejectsWork() {
        EventLoop loop = EventLoop.start("to-close");
        assertThat(loop.isRunning()).isTrue();
        loop.close();
        loop.close();
        assertThat(loop.isClosed()).isTrue();
        assertThat(loop.isRunning()).isFalse();
        assertThat(loop.isDisposed()).isTrue();
        List<ThrowingCallable> uses = List.of(
                () -> loop.callSoon(() -> { }),
                () -> loop.callSoonThreadsafe(() -> { }),
                () -> loop.callLater(Duration.ZERO, () -> { }),
                () -> loop.callAt(0, () -> { }),
                () -> loop.createTask(Mono.empty()),
                () -> loop.createTask(Mono.empty(), "late"),
                () -> loop.createFuture(),
                () -> loop.submit(Mono.empty()),
                () -> loop.schedule(() -> { }),
                () -> loop.schedule(() -> { }, 1, SECONDS));
        for (ThrowingCallable use : uses) {
            assertThatExceptionOfType(RejectedExecutionException.class).isThrownBy(use).withMessage("event loop is closed");
        }
    }

    @Test
    @DisplayName("LOOP-12 close() called on the loop thread returns at once; the loop closes when the callback returns")
    void closeFromInsideTheLoop() throws Exception {
        EventLoop loop = EventLoop.start("self-closing");
        CompletableFuture<Boolean> closedWhenCloseReturned = new CompletableFuture<>();
        loop.callSoon(() -> {
            loop.close();
            closedWhenCloseReturned.complete(loop.isClosed());
        });
        assertThat(closedWhenCloseReturned.get(10, SECONDS)).isFalse();
        loop.close();
        assertThat(loop.isClosed()).isTrue();
    }

    @Test
    @DisplayName("LOOP-12 closing the loop from Asyncio.run's main task cancels the main task: run throws CancelledException")
    void closeUnderAsyncioRun() {
        List<String> log = new ArrayList<>();
        assertThatExceptionOfType(CancelledException.class).isThrownBy(() -> runVirtual(() -> {
            EventLoop.running().close();
            return Asyncio.sleep(Duration.ofHours(1), "finished")
                    .doOnError(CancelledException.class, e -> log.add("main cancelled at " + now()));
        }));
        assertThat(log).containsExactly("main cancelled at 0");
    }

    @Test
    @DisplayName("LOOP-14 Asyncio.run on a thread that already runs a loop is an IllegalStateException, and main is never called")
    void runInsideARunningLoop() throws Exception {
        AtomicBoolean called = new AtomicBoolean();
        onLoop(loop -> assertThatIllegalStateException()
                .isThrownBy(() -> Asyncio.run(() -> {
                    called.set(true);
                    return Mono.empty();
                }))
                .withMessageContaining("cannot be called from a running event loop"));
        try (EventLoop loop = EventLoop.start("owner")) {
            CompletableFuture<Object> nested = loop.submit(Mono.fromCallable(() -> Asyncio.run(() -> {
                called.set(true);
                return Mono.just(1);
            })));
            assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> nested.get(10, SECONDS))
                    .havingCause().isInstanceOf(IllegalStateException.class)
                    .withMessageContaining("cannot be called from a running event loop");
        }
        assertThat(called).isFalse();
    }

    @Test
    @DisplayName("LOOP-16 createTask on a closed loop fails and never subscribes the body")
    void createTaskOnClosedLoop() {
        EventLoop loop = EventLoop.start("closed");
        loop.close();
        AtomicBoolean subscribed = new AtomicBoolean();
        Mono<String> body = Mono.defer(() -> {
            subscribed.set(true);
            return Mono.just("ran");
        });
        assertThatExceptionOfType(RejectedExecutionException.class).isThrownBy(() -> loop.createTask(body));
        assertThat(subscribed).isFalse();
    }
}
