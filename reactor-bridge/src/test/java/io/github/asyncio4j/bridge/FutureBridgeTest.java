package io.github.asyncio4j.bridge;

import static io.github.asyncio4j.bridge.TestLoops.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.asyncio4j.AsyncFuture;
import io.github.asyncio4j.Asyncio;
import io.github.asyncio4j.CancelledException;
import io.github.asyncio4j.EventLoop;
import io.github.asyncio4j.Task;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * {@link Bridge#fromFuture} (asyncio's {@code wrap_future}) and {@link Bridge#toFuture}: futures
 * across the loop's boundary, with cancellation both ways.
 *
 * <p>No Java twin in FUT-21: the conversion of {@code concurrent.futures.InvalidStateError} — a
 * {@code CompletableFuture} has no such state error to carry across.
 */
class FutureBridgeTest {

    private final TestLoops loops = new TestLoops();

    @Test
    @DisplayName("FUT-21 fromFuture: a stage completed on another thread is delivered on the loop thread, inside the task")
    void deliveredOnLoop() {
        CompletableFuture<String> cf = new CompletableFuture<>();
        AtomicReference<Thread> loopThread = new AtomicReference<>();
        List<Object> seen = loops.real(() -> {
            loopThread.set(Thread.currentThread());
            Task<?> task = TestLoops.currentTask();
            new Thread(() -> cf.complete("value"), "completer").start();
            return Bridge.fromFuture(cf).map(v -> List.of(v, Thread.currentThread(), Task.current().orElseThrow() == task));
        });
        assertThat(seen).containsExactly("value", loopThread.get(), true);
    }

    @Test
    @DisplayName("FUT-21 fromFuture: a null result completes empty; a failure arrives as itself, unwrapped from CompletionException")
    void valuesAndFailures() {
        List<String> r = loops.real(() -> {
            CompletableFuture<String> ofNull = CompletableFuture.completedFuture(null);
            CompletableFuture<String> failed = CompletableFuture.supplyAsync(() -> "x")
                    .thenApply(x -> {
                        throw new IllegalArgumentException("bad " + x);
                    });
            return Bridge.fromFuture(ofNull).defaultIfEmpty("empty")
                    .zipWith(Bridge.fromFuture(failed).onErrorResume(e -> Mono.just(e.getClass().getSimpleName() + ": " + e.getMessage())))
                    .map(t -> List.of(t.getT1(), t.getT2()));
        });
        assertThat(r).containsExactly("empty", "IllegalArgumentException: bad x");
    }

    @Test
    @DisplayName("FUT-21 fromFuture: cancelling the task cancels the CompletableFuture and raises CancelledException in the body")
    void taskCancelCancelsStage() {
        CompletableFuture<String> cf = new CompletableFuture<>();
        List<String> log = new CopyOnWriteArrayList<>();
        Boolean taskCancelled = loops.real(() -> {
            Task<String> t = Asyncio.createTask(Bridge.fromFuture(cf)
                    .doOnError(CancelledException.class, e -> log.add("body saw " + e.getMessage())));
            return Asyncio.sleep(Duration.ZERO)
                    .then(Mono.fromRunnable(() -> t.cancel("no longer needed")))
                    .then(t.then(Mono.just(false)).onErrorResume(CancelledException.class, e -> Mono.just(t.isCancelled())));
        });
        assertThat(taskCancelled).isTrue();
        assertThat(cf).isCancelled();
        assertThat(log).containsExactly("body saw no longer needed");
    }

    @Test
    @DisplayName("FUT-21 fromFuture: a stage cancelled elsewhere raises asyncio's CancelledException in the body")
    void foreignCancellationConverted() {
        CompletableFuture<String> cf = new CompletableFuture<>();
        String r = loops.real(() -> {
            cf.cancel(false);
            return Bridge.fromFuture(cf).onErrorResume(e -> Mono.just(e.getClass().getSimpleName()
                    + " caused by " + e.getCause().getClass().getSimpleName()));
        });
        assertThat(r).isEqualTo("CancelledException caused by CancellationException");
    }

    @Test
    @DisplayName("FUT-21 fromFuture: waitFor's timeout (virtual time) cancels the stage")
    void timeoutCancelsStage() {
        CompletableFuture<String> cf = new CompletableFuture<>();
        String r = loops.virtual(() -> Asyncio.waitFor(Bridge.fromFuture(cf), s(30))
                .onErrorResume(TimeoutException.class, e -> Mono.just("timed out at " + TestLoops.now())));
        assertThat(r).isEqualTo("timed out at 30.0");
        assertThat(cf).isCancelled();
    }

    @Test
    @DisplayName("FUT-21 fromFuture: a stage that refuses cancel() (a minimal stage) still lets the task be cancelled")
    void uncancellableStage() {
        CompletableFuture<String> source = new CompletableFuture<>();
        CompletionStage<String> minimal = source.minimalCompletionStage();
        Boolean cancelled = loops.real(() -> {
            Task<String> t = Asyncio.createTask(Bridge.fromFuture(minimal));
            return Asyncio.sleep(Duration.ZERO)
                    .then(Mono.fromRunnable(t::cancel))
                    .then(t.then(Mono.just(false)).onErrorResume(CancelledException.class, e -> Mono.just(t.isCancelled())));
        });
        assertThat(cancelled).isTrue();
        assertThat(source).isNotDone();
    }

    @Test
    @DisplayName("fromFuture / toFuture: null arguments are refused with an exception naming them")
    void nulls() {
        assertThatThrownBy(() -> Bridge.fromFuture(null)).isInstanceOf(NullPointerException.class).hasMessage("stage");
        assertThatThrownBy(() -> Bridge.toFuture(null)).isInstanceOf(NullPointerException.class).hasMessage("future");
    }

    @Test
    @DisplayName("fromFuture: subscribed from a plain thread it fails with no running event loop (StepVerifier)")
    void fromFutureNoLoop() {
        StepVerifier.create(Bridge.fromFuture(CompletableFuture.completedFuture("x")))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("no running event loop"))
                .verify(Duration.ofSeconds(10));
    }

    @Test
    @DisplayName("THREAD-01 toFuture: the CompletableFuture receives the task's value or its failure")
    void toFutureOutcomes() throws Exception {
        EventLoop loop = EventLoop.builder().name("to-future").exceptionHandler((l, t) -> loops.reported.add(t)).start();
        try {
            CompletableFuture<String> ok = Bridge.toFuture(loop.createTask(Asyncio.sleep(Duration.ofMillis(1), "done")));
            CompletableFuture<String> empty = Bridge.toFuture(loop.createTask(Mono.<String>empty()));
            CompletableFuture<String> failed = Bridge.toFuture(loop.createTask(Mono.error(new IllegalStateException("failed"))));
            assertThat(ok.get(10, TimeUnit.SECONDS)).isEqualTo("done");
            assertThat(empty.get(10, TimeUnit.SECONDS)).isNull();
            assertThatThrownBy(() -> failed.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(IllegalStateException.class).hasMessage("failed");
        } finally {
            loop.close();
        }
        assertThat(loops.reported).as("the CompletableFuture retrieved the failure").isEmpty();
    }

    @Test
    @DisplayName("THREAD-02 toFuture: cancelling the CompletableFuture cancels the task, whose body cleans up")
    void cancelCfCancelsTask() throws Exception {
        EventLoop loop = EventLoop.start("to-future-cancel");
        try {
            CompletableFuture<String> started = new CompletableFuture<>();
            CompletableFuture<String> cleanup = new CompletableFuture<>();
            Task<String> task = loop.createTask(Mono.fromRunnable(() -> started.complete("started"))
                    .then(Asyncio.sleep(Duration.ofHours(1), "never"))
                    .onErrorResume(CancelledException.class, e -> Asyncio.sleep(Duration.ofMillis(1))
                            .then(Mono.fromRunnable(() -> cleanup.complete("cleaned up")))
                            .then(Mono.error(e))));
            CompletableFuture<String> cf = Bridge.toFuture(task);
            started.get(10, TimeUnit.SECONDS);
            assertThat(cf.cancel(true)).isTrue();
            assertThat(cleanup.get(10, TimeUnit.SECONDS)).isEqualTo("cleaned up");
            assertThat(Bridge.toFuture(task).handle((v, e) -> e).get(10, TimeUnit.SECONDS)).isInstanceOf(CancellationException.class);
            assertThat(task.isCancelled()).isTrue();
        } finally {
            loop.close();
        }
    }

    @Test
    @DisplayName("THREAD-02 toFuture: a task cancelled inside the loop cancels the CompletableFuture")
    void taskCancelCancelsCf() throws Exception {
        EventLoop loop = EventLoop.start("to-future-task-cancel");
        try {
            Task<String> task = loop.createTask(Asyncio.sleep(Duration.ofHours(1), "never"));
            CompletableFuture<String> cf = Bridge.toFuture(task);
            task.cancel();
            assertThatThrownBy(() -> cf.get(10, TimeUnit.SECONDS)).isInstanceOf(CancellationException.class);
            assertThat(cf).isCancelled();
        } finally {
            loop.close();
        }
    }

    @Test
    @DisplayName("toFuture: a future that is already done gives a done CompletableFuture at once, even once its loop is closed")
    void toFutureDone() {
        EventLoop loop = EventLoop.start("to-future-done");
        Task<String> task = loop.createTask(Mono.just("v"));
        assertThat(Bridge.toFuture(task).join()).isEqualTo("v");
        loop.close();
        CompletableFuture<String> cf = Bridge.toFuture(task);
        assertThat(cf).isCompletedWithValue("v");
    }

    @Test
    @DisplayName("toFuture of a plain AsyncFuture: set from the loop, read from outside; dependent stages do not cancel it")
    void toFuturePlainFuture() throws Exception {
        EventLoop loop = EventLoop.start("to-future-plain");
        try {
            AsyncFuture<Integer> f = loop.createFuture();
            CompletableFuture<Integer> cf = Bridge.toFuture(f);
            CompletableFuture<Integer> dependent = cf.thenApply(i -> i + 1);
            dependent.cancel(true);
            assertThat(f.isCancelled()).isFalse();
            loop.callSoonThreadsafe(() -> f.setResult(41));
            assertThat(cf.get(10, TimeUnit.SECONDS)).isEqualTo(41);
        } finally {
            loop.close();
        }
    }

    @Test
    @DisplayName("fromFuture(toFuture(task)) round-trips: value, and cancellation from the awaiting side reaches the task")
    void roundTrip() {
        List<Object> r = loops.real(() -> {
            Task<String> inner = Asyncio.createTask(Asyncio.sleep(Duration.ofHours(1), "late"));
            Task<String> outer = Asyncio.createTask(Bridge.fromFuture(Bridge.toFuture(inner)));
            Task<String> quick = Asyncio.createTask(Asyncio.sleep(Duration.ZERO, "quick"));
            return Asyncio.sleep(Duration.ofMillis(1))
                    .then(Mono.fromRunnable(outer::cancel))
                    .then(outer.onErrorResume(CancelledException.class, e -> Mono.just("outer cancelled")))
                    .flatMap(o -> inner.then(Mono.just("inner finished"))
                            .onErrorResume(CancelledException.class, e -> Mono.just("inner cancelled"))
                            .zipWith(Bridge.fromFuture(Bridge.toFuture(quick)), (a, b) -> List.of(o, a, b)));
        });
        assertThat(r).containsExactly("outer cancelled", "inner cancelled", "quick");
    }
}
