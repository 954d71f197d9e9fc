package io.github.asyncio4j;

import static io.github.asyncio4j.TestLoops.runVirtual;
import static io.github.asyncio4j.TestLoops.seconds;
import static io.github.asyncio4j.TestLoops.virtual;
import static io.github.asyncio4j.TestLoops.yieldOnce;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Mono;

/**
 * {@code Asyncio.run}: BEHAVIORS.md section 1.20 ({@code RUN-*}).
 *
 * <p>IDs with no Java twin:
 * <ul>
 *   <li>RUN-06, RUN-07: there is no {@code Runner}; each {@code Asyncio.run} makes, runs and
 *       closes a loop of its own (tested: a fresh loop per run).</li>
 *   <li>RUN-08, in part: Java has no SIGINT for a thread; its twin is an interrupt of the thread
 *       running {@code run} (tested). There is no {@code KeyboardInterrupt} to raise: {@code run}
 *       throws the main task's {@link CancelledException} with the interrupt flag set.</li>
 *   <li>RUN-05, in part: {@code debug=None} (environment-driven default) has no twin; debug mode and
 *       the {@code loop_factory} are the {@link EventLoop.Builder} passed to {@code run} (tested).</li>
 * </ul>
 */
@ExtendWith(NoDroppedSignals.class)
class RunTest {

    @Test
    @DisplayName("RUN-01 run returns main's value, or throws its failure: unchecked as itself, checked wrapped in CompletionException")
    void returnsOrRaises() {
        String value = runVirtual(() -> Mono.just("value"));
        assertThat(value).isEqualTo("value");
        Object empty = runVirtual(Mono::empty);
        assertThat(empty).isNull();
        IllegalStateException unchecked = new IllegalStateException("unchecked");
        assertThatThrownBy(() -> runVirtual(() -> Mono.error(unchecked))).isSameAs(unchecked);
        TimeoutException checked = new TimeoutException("checked");
        assertThatExceptionOfType(CompletionException.class).isThrownBy(() -> runVirtual(() -> Mono.error(checked)))
                .withCause(checked);
        assertThatExceptionOfType(CancelledException.class).isThrownBy(() -> runVirtual(() -> Mono.error(new CancelledException("m"))))
                .withMessage("m");
    }

    @Test
    @DisplayName("RUN-01 each run makes a fresh loop, runs main.get() inside the main task on the calling thread, and closes the loop")
    void freshLoopOnTheCallingThread() {
        List<Object> seen = new ArrayList<>();
        String caller = Thread.currentThread().getName();
        for (int i = 0; i < 2; i++) {
            runVirtual(() -> {
                seen.add(EventLoop.running());
                seen.add(Thread.currentThread().getName());
                seen.add(Task.current().isPresent());
                return Mono.empty();
            });
        }
        assertThat(seen).hasSize(6);
        assertThat(seen.get(0)).isNotSameAs(seen.get(3));
        assertThat(seen).containsSubsequence(caller, true, caller, true);
        assertThat(((EventLoop) seen.get(0)).isClosed()).isTrue();
        assertThat(((EventLoop) seen.get(3)).isClosed()).isTrue();
    }

    @Test
    @DisplayName("RUN-02 a null main, a null builder or a main that returns null is a NullPointerException saying so")
    void badArguments() {
        assertThatNullPointerException().isThrownBy(() -> Asyncio.run(null)).withMessage("main");
        assertThatNullPointerException().isThrownBy(() -> Asyncio.run(() -> Mono.empty(), null)).withMessage("loop");
        assertThatNullPointerException().isThrownBy(() -> runVirtual(() -> null))
                .withMessageContaining("main returned null");
    }

    @Test
    @DisplayName("RUN-03 run from a thread that runs a loop → IllegalStateException, and the given main is never called")
    void runFromARunningLoop() {
        AtomicBoolean called = new AtomicBoolean();
        runVirtual(() -> Mono.fromRunnable(() -> assertThatIllegalStateException()
                .isThrownBy(() -> Asyncio.run(() -> {
                    called.set(true);
                    return Mono.just(1);
                }, virtual()))
                .withMessageStartingWith("Asyncio.run() cannot be called from a running event loop")));
        assertThat(called).isFalse();
    }

    @Test
    @DisplayName("RUN-04 at shutdown every pending task is cancelled and awaited; a cleanup failure is reported, not thrown")
    void shutdownCancelsLeftovers() {
        List<String> log = new ArrayList<>();
        List<Task<?>> tasks = new ArrayList<>();
        RecordingExceptionHandler handler = new RecordingExceptionHandler();
        ArithmeticException divByZero = new ArithmeticException("/ by zero");
        int r = Asyncio.run(() -> {
            tasks.add(Asyncio.createTask(Asyncio.sleep(seconds(10)).onErrorResume(CancelledException.class, e ->
                    Mono.fromRunnable(() -> log.add("leftover_ok cleanup ran (cancelled at shutdown)")).then(Mono.error(e)))));
            tasks.add(Asyncio.createTask(Asyncio.sleep(seconds(10)).onErrorResume(CancelledException.class, e -> Mono.error(divByZero))));
            tasks.add(Asyncio.createTask(Asyncio.sleep(seconds(10)).onErrorResume(CancelledException.class, e ->
                    Asyncio.sleep(seconds(3)).then(Mono.fromRunnable(() -> log.add("slow cleanup finished"))).then(Mono.error(e)))));
            return yieldOnce().thenReturn(123);
        }, virtual().exceptionHandler(handler));
        // x04_run_shutdown.py
        assertThat(r).isEqualTo(123);
        assertThat(log).containsExactly("leftover_ok cleanup ran (cancelled at shutdown)", "slow cleanup finished");
        assertThat(handler.errors()).containsExactly(divByZero);
        assertThat(tasks.get(0).isCancelled()).isTrue();
        assertThat(tasks.get(1).exception()).isSameAs(divByZero);
        assertThat(tasks.get(2).isCancelled()).isTrue();
    }

    @Test
    @DisplayName("RUN-05 the builder passed to run is the loop factory: debug mode, name and virtual time come from it")
    void builderOptions() {
        List<Object> seen = new ArrayList<>();
        Asyncio.run(() -> Mono.fromRunnable(() -> {
            EventLoop loop = EventLoop.running();
            seen.add(loop.isDebug());
            seen.add(loop.name());
            seen.add(loop.isVirtualTime());
        }), EventLoop.builder().name("custom").debug(true).virtualTime());
        Asyncio.run(() -> Mono.fromRunnable(() -> seen.add(EventLoop.running().isDebug())));
        assertThat(seen).containsExactly(true, "custom", true, false);
    }

    @Test
    @DisplayName("RUN-08 interrupting the thread running Asyncio.run cancels the main task; run throws CancelledException, flag set")
    void interruptCancelsTheMainTask() {
        List<String> log = new ArrayList<>();
        assertThatExceptionOfType(CancelledException.class).isThrownBy(() -> runVirtual(() -> {
            Thread.currentThread().interrupt();
            return Asyncio.sleep(Duration.ofHours(1)).doOnError(CancelledException.class, e ->
                    log.add("main cancelled at its await"));
        }));
        assertThat(Thread.interrupted()).as("the interrupt flag is set again").isTrue();
        assertThat(log).containsExactly("main cancelled at its await");
    }

    @Test
    @DisplayName("RUN-08 the main task may handle the interrupt's cancellation and return: run returns that value, flag set")
    void interruptedMainMayReturn() {
        String r = runVirtual(() -> {
            Thread.currentThread().interrupt();
            return Asyncio.sleep(Duration.ofHours(1), "slept")
                    .onErrorResume(CancelledException.class, e -> Asyncio.sleep(seconds(1), "cleaned up"));
        });
        assertThat(Thread.interrupted()).isTrue();
        assertThat(r).isEqualTo("cleaned up");
    }

    @Test
    @DisplayName("RUN-09 main's failure is consumed by run (no 'never retrieved' report); an Error leaves run as itself")
    void mainFailureIsNotReported() {
        RecordingExceptionHandler handler = new RecordingExceptionHandler();
        IllegalStateException boom = new IllegalStateException("boom");
        assertThatThrownBy(() -> Asyncio.run(() -> Mono.error(boom), virtual().exceptionHandler(handler))).isSameAs(boom);
        Error fatal = new Error("like KeyboardInterrupt");
        assertThatThrownBy(() -> Asyncio.run(() -> Asyncio.sleep(Duration.ofHours(1)).then(Mono.error(fatal)),
                virtual().exceptionHandler(handler))).isSameAs(fatal);
        assertThat(handler.errors()).isEmpty();
    }
}
