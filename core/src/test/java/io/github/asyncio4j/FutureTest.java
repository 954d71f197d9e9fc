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
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Mono;

/**
 * asyncio's {@code Future} as {@link AsyncFuture}: BEHAVIORS.md section 1.2 ({@code FUT-*}).
 *
 * <p>IDs with no Java twin:
 * <ul>
 *   <li>FUT-06: {@code setException} takes a {@link Throwable} instance; there is no exception
 *       class to instantiate.</li>
 *   <li>FUT-07: {@code StopIteration} is Python generator machinery; no Java exception interacts
 *       with a Mono that way.</li>
 *   <li>FUT-18: {@code _log_traceback} is a private flag of CPython's Future; there is nothing to set.</li>
 *   <li>FUT-20: {@code isfuture} duck typing: Java types are nominal, an {@code AsyncFuture} is a
 *       {@code Mono} by type.</li>
 *   <li>FUT-21: {@code wrap_future} belongs to reactor-bridge ({@code Bridge.fromFuture},
 *       {@code Bridge.toFuture}) and is tested there.</li>
 *   <li>FUT-13, in part: "await wasn't used with future" guards Python's iterator protocol; in Java
 *       any thread may await a future by subscribing (a plain thread with {@code block()}, tested).</li>
 *   <li>FUT-14, in part: futures come only from {@code EventLoop.createFuture()}, so there is no
 *       loop-less or positional constructor to misuse; FUT-19, in part: {@code toString} shows the
 *       state and the outcome, not the callbacks nor (debug) the creation site.</li>
 * </ul>
 */
@ExtendWith(NoDroppedSignals.class)
class FutureTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    @DisplayName("FUT-01 a new future is pending; its terminal state (result, exception, cancelled) never changes")
    void states() {
        onLoop(loop -> {
            AsyncFuture<String> f = loop.createFuture();
            assertThat(f.isDone()).isFalse();
            assertThat(f.isCancelled()).isFalse();
            f.setResult("v");
            assertThat(f.isDone()).isTrue();
            assertThatExceptionOfType(InvalidStateException.class).isThrownBy(() -> f.setException(new IllegalStateException()));
            assertThat(f.cancel()).isFalse();
            assertThat(f.isCancelled()).isFalse();
            assertThat(f.result()).isEqualTo("v");

            AsyncFuture<String> g = loop.createFuture();
            IllegalStateException boom = new IllegalStateException("boom");
            g.setException(boom);
            assertThatExceptionOfType(InvalidStateException.class).isThrownBy(() -> g.setResult("late"));
            assertThat(g.cancel()).isFalse();
            assertThat(g.exception()).isSameAs(boom);

            AsyncFuture<String> h = loop.createFuture();
            assertThat(h.cancel()).isTrue();
            assertThatExceptionOfType(InvalidStateException.class).isThrownBy(() -> h.setResult("late"));
            assertThat(h.isCancelled()).isTrue();
            assertThat(h.isDone()).isTrue();
        });
    }

    @Test
    @DisplayName("FUT-02 cancel() on a pending future cancels it, schedules its callbacks and returns true; on a done one, false")
    void cancel() {
        List<String> log = new ArrayList<>();
        runVirtual(() -> {
            EventLoop loop = EventLoop.running();
            AsyncFuture<String> f = loop.createFuture();
            f.addDoneCallback(x -> log.add("callback: cancelled=" + x.isCancelled()));
            log.add("cancel() -> " + f.cancel());
            log.add("again -> " + f.cancel());
            AsyncFuture<String> done = loop.createFuture();
            done.setResult("x");
            log.add("on a finished future -> " + done.cancel());
            return yieldOnce();
        });
        assertThat(log).containsExactly("cancel() -> true", "again -> false", "on a finished future -> false",
                "callback: cancelled=true");
    }

    @Test
    @DisplayName("FUT-03 result(): pending → InvalidStateException('Result is not set.'), cancelled → CancelledException, failed → the failure")
    void result() {
        onLoop(loop -> {
            AsyncFuture<String> pending = loop.createFuture();
            assertThatExceptionOfType(InvalidStateException.class).isThrownBy(pending::result).withMessage("Result is not set.");

            AsyncFuture<String> cancelled = loop.createFuture();
            cancelled.cancel();
            assertThatExceptionOfType(CancelledException.class).isThrownBy(cancelled::result);

            IllegalStateException unchecked = new IllegalStateException("unchecked");
            AsyncFuture<String> failed = loop.createFuture();
            failed.setException(unchecked);
            assertThatThrownBy(failed::result).isSameAs(unchecked);

            IOException checked = new IOException("checked");
            AsyncFuture<String> failedChecked = loop.createFuture();
            failedChecked.setException(checked);
            assertThatExceptionOfType(CompletionException.class).isThrownBy(failedChecked::result).withCause(checked);

            Error error = new Error("an Error");
            AsyncFuture<String> failedError = loop.createFuture();
            failedError.setException(error);
            assertThatThrownBy(failedError::result).isSameAs(error);

            AsyncFuture<String> ok = loop.createFuture();
            ok.setResult("value");
            assertThat(ok.result()).isEqualTo("value");
            assertThat(ok.result()).isEqualTo("value");
            AsyncFuture<String> empty = loop.createFuture();
            empty.setResult(null);
            assertThat(empty.result()).isNull();
        });
    }

    @Test
    @DisplayName("FUT-04 exception(): pending → InvalidStateException('Exception is not set.'), cancelled → throws CancelledException, else the failure or null")
    void exception() {
        onLoop(loop -> {
            AsyncFuture<String> pending = loop.createFuture();
            assertThatExceptionOfType(InvalidStateException.class).isThrownBy(pending::exception).withMessage("Exception is not set.");

            AsyncFuture<String> cancelled = loop.createFuture();
            cancelled.cancel();
            assertThatExceptionOfType(CancelledException.class).isThrownBy(cancelled::exception);

            IOException checked = new IOException("checked");
            AsyncFuture<String> failed = loop.createFuture();
            failed.setException(checked);
            assertThat(failed.exception()).isSameAs(checked);

            AsyncFuture<String> ok = loop.createFuture();
            ok.setResult("value");
            assertThat(ok.exception()).isNull();
        });
    }

    @Test
    @DisplayName("FUT-05 setResult/setException on a done future → InvalidStateException")
    void setTwice() {
        onLoop(loop -> {
            AsyncFuture<String> f = loop.createFuture();
            f.setResult("first");
            assertThatExceptionOfType(InvalidStateException.class).isThrownBy(() -> f.setResult("second"))
                    .withMessageContaining("invalid state");
            assertThatExceptionOfType(InvalidStateException.class).isThrownBy(() -> f.setException(new IOException()))
                    .withMessageContaining("invalid state");
            assertThat(f.result()).isEqualTo("first");
            assertThatNullPointerException().isThrownBy(() -> loop.createFuture().setException(null)).withMessage("error");
        });
    }

    @Test
    @DisplayName("FUT-08 the cancel message travels in the CancelledException; cancel() without one gives a null message")
    void cancelMessage() {
        List<String> messages = runVirtual(() -> {
            EventLoop loop = EventLoop.running();
            AsyncFuture<String> withMessage = loop.createFuture();
            AsyncFuture<String> without = loop.createFuture();
            withMessage.cancel("m");
            without.cancel();
            List<String> out = new ArrayList<>();
            out.add(messageOf(withMessage::result));
            out.add(messageOf(withMessage::exception));
            out.add(messageOf(without::result));
            return withMessage.onErrorResume(CancelledException.class, e -> Mono.just("awaited: " + e.getMessage()))
                    .map(s -> {
                        out.add(s);
                        return out;
                    });
        });
        assertThat(messages).containsExactly("m", "m", null, "awaited: m");
    }

    private static String messageOf(Runnable r) {
        try {
            r.run();
            throw new AssertionError("expected a CancelledException");
        } catch (CancelledException e) {
            return e.getMessage();
        }
    }

    @Test
    @DisplayName("FUT-09 done callbacks always go through callSoon, also when added to a future that is already done (SE-01)")
    void callbacksAreNeverInline() {
        List<String> beforeYield = new ArrayList<>();
        List<String> log = new ArrayList<>();
        runVirtual(() -> {
            AsyncFuture<Integer> fut = EventLoop.running().createFuture();
            fut.addDoneCallback(f -> log.add("cb1"));
            fut.setResult(1);
            log.add("after set_result");
            fut.addDoneCallback(f -> log.add("cb2 (added when already done)"));
            log.add("after add_done_callback on done future");
            beforeYield.addAll(log);
            return yieldOnce();
        });
        // s01_callbacks_call_soon.py
        assertThat(beforeYield).containsExactly("after set_result", "after add_done_callback on done future");
        assertThat(log).containsExactly("after set_result", "after add_done_callback on done future", "cb1",
                "cb2 (added when already done)");
    }

    @Test
    @DisplayName("FUT-09 a done callback runs in the ContextVar context of whoever registered it, as it was at registration")
    void callbackContext() {
        ContextVar<String> var = new ContextVar<>("request", "none");
        List<String> seen = new ArrayList<>();
        runVirtual(() -> {
            EventLoop loop = EventLoop.running();
            AsyncFuture<String> f = loop.createFuture();
            var.set("at registration");
            f.addDoneCallback(x -> seen.add(var.get()));
            var.set("changed afterwards");
            Task<Void> other = Asyncio.createTask(Mono.fromRunnable(() -> {
                var.set("another task");
                f.setResult("x");
            }));
            return other.then(yieldOnce());
        });
        assertThat(seen).containsExactly("at registration");
    }

    @Test
    @DisplayName("FUT-10 done callbacks run in registration order, on a result and on an exception")
    void callbackOrder() {
        List<Integer> onResult = new ArrayList<>();
        List<Integer> onException = new ArrayList<>();
        runVirtual(() -> {
            EventLoop loop = EventLoop.running();
            AsyncFuture<String> f = loop.createFuture();
            f.addDoneCallback(x -> onResult.add(42));
            f.addDoneCallback(x -> onResult.add(17));
            f.setResult("x");
            AsyncFuture<String> g = loop.createFuture();
            g.addDoneCallback(x -> onException.add(42));
            g.addDoneCallback(x -> onException.add(17));
            g.setException(new IllegalStateException("boom"));
            g.exception();
            return yieldOnce();
        });
        assertThat(onResult).containsExactly(42, 17);
        assertThat(onException).containsExactly(42, 17);
    }

    @Test
    @DisplayName("FUT-11 removeDoneCallback removes every registration of the callback and returns how many")
    void removeDoneCallback() {
        List<String> log = new ArrayList<>();
        int[] removed = new int[2];
        runVirtual(() -> {
            AsyncFuture<String> f = EventLoop.running().createFuture();
            Consumer<AsyncFuture<String>> twice = x -> log.add("removed callback ran");
            f.addDoneCallback(x -> log.add("first"));
            f.addDoneCallback(twice);
            f.addDoneCallback(x -> log.add("third"));
            f.addDoneCallback(twice);
            removed[0] = f.removeDoneCallback(twice);
            removed[1] = f.removeDoneCallback(twice);
            f.setResult("x");
            return yieldOnce();
        });
        assertThat(removed).containsExactly(2, 0);
        assertThat(log).containsExactly("first", "third");
    }

    @Test
    @DisplayName("FUT-12 at completion every callback is scheduled at once: removeDoneCallback afterwards removes nothing")
    void callbacksAreScheduledAtCompletion() {
        List<String> hits = new ArrayList<>();
        int[] removed = {-1};
        runVirtual(() -> {
            AsyncFuture<String> f = EventLoop.running().createFuture();
            Consumer<AsyncFuture<String>> cb = x -> hits.add("cb ran");
            f.addDoneCallback(x -> f.removeDoneCallback(cb));
            f.addDoneCallback(cb);
            f.setResult("x");
            removed[0] = f.removeDoneCallback(cb);
            return yieldOnce();
        });
        // x21_cancel_semantics_extra.py (a)
        assertThat(removed[0]).isZero();
        assertThat(hits).containsExactly("cb ran");
    }

    @Test
    @DisplayName("FUT-13 awaiting a done future returns at once without a loop turn, again and again; a pending one parks the task")
    void await() {
        List<String> log = new ArrayList<>();
        runVirtual(() -> {
            EventLoop loop = EventLoop.running();
            AsyncFuture<String> done = loop.createFuture();
            done.setResult("ready");
            loop.callSoon(() -> log.add("callback queued before the awaits"));
            AsyncFuture<String> pending = loop.createFuture();
            loop.callLater(seconds(5), () -> pending.setResult("later"));
            return done.doOnNext(v -> log.add("first await: " + v))
                    .then(done).doOnNext(v -> log.add("second await: " + v))
                    .then(pending).doOnNext(v -> log.add("pending await: " + v + " at " + now() / SECOND + "s"));
        });
        assertThat(log).containsExactly("first await: ready", "second await: ready", "callback queued before the awaits",
                "pending await: later at 5s");
    }

    @Test
    @DisplayName("FUT-13 a plain thread awaits a future with block(); a future completed empty completes its awaiters empty")
    void blockOnAFuture() throws Exception {
        try (EventLoop loop = EventLoop.start("future-loop")) {
            AsyncFuture<String> f = loop.createFuture();
            loop.callLater(Duration.ofMillis(1), () -> f.setResult("value"));
            assertThat(f.block(WAIT)).isEqualTo("value");
            assertThat(f.block(WAIT)).isEqualTo("value");
            AsyncFuture<String> empty = loop.createFuture();
            empty.setResult(null);
            assertThat(empty.blockOptional(WAIT)).isEmpty();
        }
    }

    @Test
    @DisplayName("FUT-14 a future is bound to the loop that made it; a closed loop makes none")
    void boundToItsLoop() {
        EventLoop[] loops = new EventLoop[2];
        runVirtual(() -> {
            loops[0] = EventLoop.running();
            loops[1] = loops[0].createFuture().loop();
            return Mono.empty();
        });
        assertThat(loops[1]).isSameAs(loops[0]);
        assertThatExceptionOfType(java.util.concurrent.RejectedExecutionException.class)
                .isThrownBy(() -> loops[0].createFuture()).withMessage("event loop is closed");
    }

    @Test
    @DisplayName("FUT-15 a failed future nobody retrieved is reported to the exception handler, at the latest when the loop closes")
    void neverRetrievedIsReported() {
        RecordingExceptionHandler handler = new RecordingExceptionHandler();
        IllegalStateException lost = new IllegalStateException("lost");
        List<AsyncFuture<?>> keep = new ArrayList<>();
        Asyncio.run(() -> {
            AsyncFuture<String> f = EventLoop.running().createFuture();
            keep.add(f);
            f.setException(lost);
            return yieldOnce();
        }, virtual().exceptionHandler(handler));
        assertThat(handler.errors()).containsExactly(lost);

        CapturingLogger log = new CapturingLogger();
        Asyncio.run(() -> {
            AsyncFuture<String> f = EventLoop.running().createFuture();
            keep.add(f);
            f.setException(lost);
            return yieldOnce();
        }, virtual().logger(log));
        assertThat(log.at("ERROR")).singleElement().satisfies(e -> {
            assertThat(e.message()).startsWith("Future exception was never retrieved");
            assertThat(e.error()).isSameAs(lost);
        });
    }

    @Test
    @DisplayName("FUT-16 result(), exception() or an await retrieves the failure; an unread success or an abandoned pending future is never reported")
    void retrievedIsNotReported() {
        RecordingExceptionHandler handler = new RecordingExceptionHandler();
        List<AsyncFuture<?>> keep = new ArrayList<>();
        Asyncio.run(() -> {
            EventLoop loop = EventLoop.running();
            AsyncFuture<String> viaResult = loop.createFuture();
            AsyncFuture<String> viaException = loop.createFuture();
            AsyncFuture<String> awaitedLater = loop.createFuture();
            AsyncFuture<String> awaitedBefore = loop.createFuture();
            AsyncFuture<String> viaCallback = loop.createFuture();
            AsyncFuture<String> success = loop.createFuture();
            AsyncFuture<String> abandoned = loop.createFuture();
            keep.addAll(List.of(viaResult, viaException, awaitedLater, awaitedBefore, viaCallback, success, abandoned));
            Task<String> awaiter = Asyncio.createTask(awaitedBefore.onErrorReturn("handled"));
            viaCallback.addDoneCallback(AsyncFuture::exception);
            return yieldOnce().then(Mono.fromRunnable(() -> {
                for (AsyncFuture<String> f : List.of(viaResult, viaException, awaitedLater, awaitedBefore, viaCallback)) {
                    f.setException(new IllegalStateException("failure"));
                }
                success.setResult("unread");
                assertThatThrownBy(viaResult::result).isInstanceOf(IllegalStateException.class);
                viaException.exception();
            })).then(awaitedLater.onErrorReturn("handled")).then(awaiter).then(yieldOnce());
        }, virtual().exceptionHandler(handler));
        assertThat(handler.errors()).isEmpty();
    }

    @Test
    @DisplayName("FUT-17 cancel() on a failed future returns false but counts as retrieving the failure")
    void cancelSilencesTheReport() {
        RecordingExceptionHandler handler = new RecordingExceptionHandler();
        boolean[] cancelled = {true};
        List<AsyncFuture<?>> keep = new ArrayList<>();
        Asyncio.run(() -> {
            AsyncFuture<String> f = EventLoop.running().createFuture();
            keep.add(f);
            f.setException(new IllegalStateException("silenced"));
            cancelled[0] = f.cancel();
            return yieldOnce();
        }, virtual().exceptionHandler(handler));
        assertThat(cancelled[0]).isFalse();
        assertThat(handler.errors()).isEmpty();
    }

    @Test
    @DisplayName("FUT-19 toString shows the state and the outcome as asyncio's repr does")
    void repr() {
        onLoop(loop -> {
            AsyncFuture<Integer> f = loop.createFuture();
            assertThat(f).hasToString("<Future pending>");
            f.setResult(4);
            assertThat(f).hasToString("<Future finished result=4>");
            AsyncFuture<Integer> g = loop.createFuture();
            g.cancel();
            assertThat(g).hasToString("<Future cancelled>");
            AsyncFuture<Integer> h = loop.createFuture();
            h.setException(new IllegalStateException("x"));
            h.exception();
            assertThat(h).hasToString("<Future finished exception=java.lang.IllegalStateException: x>");
        });
    }

    @Test
    @DisplayName("Any thread: off the loop a mutation is marshalled onto it, and cancel() answers whether the future was pending at the call")
    void offLoopMutations() throws Exception {
        try (EventLoop loop = EventLoop.start("futures")) {
            AsyncFuture<String> f = loop.createFuture();
            CompletableFuture<String> callbackThread = new CompletableFuture<>();
            f.addDoneCallback(x -> callbackThread.complete(Thread.currentThread().getName()));
            f.setResult("x");
            assertThat(callbackThread.get(10, SECONDS)).isEqualTo("futures");
            assertThat(f.block(WAIT)).isEqualTo("x");
            assertThatExceptionOfType(InvalidStateException.class).isThrownBy(() -> f.setResult("y"));

            AsyncFuture<String> g = loop.createFuture();
            Consumer<AsyncFuture<String>> cb = x -> { };
            g.addDoneCallback(cb);
            g.addDoneCallback(cb);
            assertThat(g.removeDoneCallback(cb)).isEqualTo(2);
            assertThat(g.cancel("from outside")).isTrue();
            assertThatExceptionOfType(CancelledException.class).isThrownBy(() -> g.block(WAIT)).withMessage("from outside");
            assertThat(g.cancel()).isFalse();
            assertThat(g.isCancelled()).isTrue();

            AsyncFuture<String> h = loop.createFuture();
            IllegalStateException boom = new IllegalStateException("boom");
            h.setException(boom);
            assertThatThrownBy(() -> h.block(WAIT)).isSameAs(boom);
        }
    }
}
