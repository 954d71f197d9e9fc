package io.github.asyncio4j;

import static io.github.asyncio4j.TestLoops.runVirtual;
import static io.github.asyncio4j.TestLoops.yieldOnce;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import reactor.core.CoreSubscriber;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * Crossing threads: {@code EventLoop.submit} (asyncio's {@code run_coroutine_threadsafe}),
 * {@code EventLoop.spawn}, and awaiting tasks from plain threads: BEHAVIORS.md section 1.21,
 * THREAD-01 to THREAD-03 (THREAD-04 to 06, {@code to_thread}, belong to {@code toThread}'s tests).
 */
class ThreadsafeTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    @DisplayName("THREAD-01 submit runs the body as a task on the loop and completes a CompletableFuture with its value or failure")
    void submit() throws Exception {
        try (EventLoop loop = EventLoop.start("submit-loop")) {
            CompletableFuture<String> ok = loop.submit(Asyncio.sleep(Duration.ofMillis(1), 1)
                    .map(v -> v + 2 + " on " + Thread.currentThread().getName() + " in a task: " + Task.current().isPresent()));
            assertThat(ok.get(10, SECONDS)).isEqualTo("3 on submit-loop in a task: true");
            IllegalStateException boom = new IllegalStateException("boom");
            CompletableFuture<String> failed = loop.submit(Mono.error(boom));
            assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> failed.get(10, SECONDS)).withCause(boom);
            assertThat(loop.submit(Mono.empty()).get(10, SECONDS)).isNull();
            assertThatNullPointerException().isThrownBy(() -> loop.submit(null)).withMessage("body");
        }
    }

    @Test
    @DisplayName("THREAD-02 cancelling the CompletableFuture cancels the task, delivering CancelledException into its body")
    void cancellingTheFutureCancelsTheTask() throws Exception {
        try (EventLoop loop = EventLoop.start("submit-cancel")) {
            CompletableFuture<Task<?>> task = new CompletableFuture<>();
            CompletableFuture<String> cleanup = new CompletableFuture<>();
            CompletableFuture<String> cf = loop.submit(Asyncio.currentTask().doOnNext(task::complete)
                    .then(Asyncio.sleep(Duration.ofHours(1), "slept"))
                    .doOnError(CancelledException.class, e -> cleanup.complete("body got CancelledException")));
            Task<?> t = task.get(10, SECONDS);
            assertThat(cf.cancel(true)).isTrue();
            assertThat(cf.isCancelled()).isTrue();
            assertThat(cleanup.get(10, SECONDS)).isEqualTo("body got CancelledException");
            assertThat(loop.submit(yieldOnce().then(Mono.fromCallable(t::isCancelled))).get(10, SECONDS)).isTrue();
        }
    }

    @Test
    @DisplayName("THREAD-02 a task cancelled inside the loop cancels its CompletableFuture")
    void taskCancelledInTheLoopCancelsTheFuture() throws Exception {
        try (EventLoop loop = EventLoop.start("submit-cancel-inside")) {
            CompletableFuture<Task<?>> task = new CompletableFuture<>();
            CompletableFuture<String> cf = loop.submit(Asyncio.currentTask().doOnNext(task::complete)
                    .then(Asyncio.sleep(Duration.ofHours(1), "slept")));
            Task<?> t = task.get(10, SECONDS);
            loop.callSoon(t::cancel);
            assertThatExceptionOfType(CancellationException.class).isThrownBy(() -> cf.get(10, SECONDS));
            assertThat(cf.isCancelled()).isTrue();
        }
    }

    @Test
    @DisplayName("THREAD-03 submit to a closed loop throws RejectedExecutionException; a body that throws on subscription fails the future")
    void submitFailures() throws Exception {
        EventLoop closed = EventLoop.start("closed-submit");
        closed.close();
        assertThatExceptionOfType(RejectedExecutionException.class).isThrownBy(() -> closed.submit(Mono.just(1)))
                .withMessage("event loop is closed");
        IllegalStateException boom = new IllegalStateException("subscribe blew up");
        Mono<String> broken = new Mono<>() {
            @Override
            public void subscribe(CoreSubscriber<? super String> actual) {
                throw boom;
            }
        };
        try (EventLoop loop = EventLoop.start("broken-body")) {
            CompletableFuture<String> cf = loop.submit(broken);
            assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> cf.get(10, SECONDS)).withCause(boom);
        }
    }

    @Test
    @DisplayName("submit: a task still pending when the loop closes is cancelled, and so is its CompletableFuture")
    void submitThenClose() throws Exception {
        EventLoop loop = EventLoop.start("closing-submit");
        CompletableFuture<Void> started = new CompletableFuture<>();
        CompletableFuture<String> cf = loop.submit(Mono.fromRunnable(() -> started.complete(null))
                .then(Asyncio.sleep(Duration.ofHours(1), "slept")));
        started.get(10, SECONDS);
        loop.close();
        assertThat(cf.isCancelled()).isTrue();
    }

    @Test
    @DisplayName("submit: a task submitted just before close, not yet started, still completes its CompletableFuture (cancelled)")
    void submitRightBeforeClose() throws Exception {
        EventLoop loop = EventLoop.start("closing-before-start");
        CompletableFuture<Void> inCallback = new CompletableFuture<>();
        CompletableFuture<Void> submitted = new CompletableFuture<>();
        loop.callSoon(() -> {
            inCallback.complete(null);
            // Hold the loop in this callback until the test thread has submitted, then close from
            // inside: the submitted body is still in the loop's queue of foreign work.
            submitted.join();
            loop.close();
        });
        inCallback.get(10, SECONDS);
        CompletableFuture<String> cf = loop.submit(Mono.just("never started"));
        submitted.complete(null);
        loop.close();
        assertThat(cf).isDone();
        assertThat(cf.isCancelled()).isTrue();
    }

    @Test
    @DisplayName("submit: a task queued to a loop that closes before ever running still completes its CompletableFuture (cancelled)")
    void submitToALoopThatClosesUnrun() {
        EventLoop loop = EventLoop.builder().name("never-run").build();
        CompletableFuture<String> cf = loop.submit(Mono.just("never started"));
        assertThat(loop.allTasks()).isEmpty();
        loop.close();
        assertThat(cf).isDone();
        assertThat(cf.isCancelled()).isTrue();
    }

    @Test
    @DisplayName("submit racing close: once close() and the submitting thread return, every submitted future is done")
    void submitRacingClose() throws Exception {
        // The race: a submit that passes the "is the loop closed?" check just before close() marks
        // the loop closed and drains its queue for the last time. The submitter must then reject
        // its own work. The assertion holds on every interleaving, so this test cannot be flaky;
        // each round hits the window only sometimes, hence the rounds.
        for (int round = 0; round < 200; round++) {
            EventLoop loop = EventLoop.start("submit-race-" + round);
            List<CompletableFuture<Integer>> submitted = new java.util.concurrent.CopyOnWriteArrayList<>();
            CompletableFuture<Void> firstSubmitted = new CompletableFuture<>();
            Thread submitter = new Thread(() -> {
                try {
                    for (int i = 0; ; i++) {
                        submitted.add(loop.submit(Mono.just(i)));
                        firstSubmitted.complete(null);
                        // Also a thread waiting for the loop to answer: it must get its answer
                        // (an empty snapshot once the loop is closed), never wait forever.
                        loop.allTasks();
                    }
                } catch (RejectedExecutionException closed) {
                    firstSubmitted.complete(null);
                }
            }, "submitter-" + round);
            submitter.start();
            firstSubmitted.get(10, SECONDS);
            loop.close();
            submitter.join(10_000);
            assertThat(submitter.isAlive()).as("submitter ended").isFalse();
            assertThat(submitted).allSatisfy(cf -> assertThat(cf).isDone());
        }
    }

    @Test
    @DisplayName("A future of a closed loop, subscribed from a plain thread or awaited by a task of another loop: a done one delivers its outcome, a pending one fails 'event loop is closed'")
    void subscribeAfterClose() throws Exception {
        EventLoop closed = EventLoop.start("closed-subscribe");
        Task<Integer> done = closed.createTask(Mono.just(42));
        assertThat(TaskCompletableFuture.of(done).get(10, SECONDS)).isEqualTo(42);
        AsyncFuture<Integer> pending = closed.createFuture();
        closed.close();
        // A plain thread.
        assertThat(done.block(WAIT)).isEqualTo(42);
        StepVerifier.create(pending).expectErrorSatisfies(e -> assertThat(e)
                .isInstanceOf(RejectedExecutionException.class).hasMessage("event loop is closed")).verify(WAIT);
        // A task of another loop.
        try (EventLoop home = EventLoop.start("home")) {
            assertThat(home.submit(Mono.defer(() -> done)).get(10, SECONDS)).isEqualTo(42);
            assertThat(home.submit(Mono.defer(() -> pending)))
                    .failsWithin(WAIT)
                    .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                    .havingCause()
                    .isInstanceOf(RejectedExecutionException.class)
                    .withMessage("event loop is closed");
        }
    }

    @Test
    @DisplayName("A task of another loop awaiting a task racing its loop's close(): it always resumes (cancelled, or 'event loop is closed'), never waits forever")
    void awaitFromAnotherLoopRacingClose() throws Exception {
        try (EventLoop home = EventLoop.start("home-race")) {
            for (int round = 0; round < 200; round++) {
                EventLoop closing = EventLoop.start("await-race-" + round);
                Task<String> sleeper = closing.createTask(Asyncio.sleep(Duration.ofHours(1), "slept"));
                CompletableFuture<String> awaited = home.submit(Mono.defer(() -> sleeper));
                closing.close();
                // The sleeper cancelled by close() (the submitted task is then cancelled too), or
                // the await rejected because the loop closed before it could link.
                Throwable outcome = awaited.handle((v, e) -> e).get(10, SECONDS);
                if (!(outcome instanceof CancellationException)) {
                    assertThat(outcome).as("round %d", round)
                            .isInstanceOf(RejectedExecutionException.class).hasMessage("event loop is closed");
                }
            }
        }
    }

    @Test
    @DisplayName("A plain thread blocked on a task racing close(): it always returns (the task cancelled), never waits forever")
    void blockRacingClose() throws Exception {
        for (int round = 0; round < 200; round++) {
            EventLoop loop = EventLoop.start("block-race-" + round);
            Task<String> sleeper = loop.createTask(Asyncio.sleep(Duration.ofHours(1), "slept"));
            CompletableFuture<Throwable> outcome = new CompletableFuture<>();
            Thread blocker = new Thread(() -> {
                try {
                    sleeper.block();
                    outcome.complete(null);
                } catch (Throwable t) {
                    outcome.complete(t);
                }
            }, "blocker-" + round);
            blocker.start();
            loop.close();
            blocker.join(10_000);
            assertThat(blocker.isAlive()).as("blocked thread returned").isFalse();
            assertThat(outcome.join()).isInstanceOf(CancellationException.class);
        }
    }

    @Test
    @DisplayName("spawn is cold: nothing runs before a subscription, and each subscription runs the body as a new task")
    void spawnIsCold() {
        try (EventLoop loop = EventLoop.start("spawn-loop")) {
            AtomicInteger runs = new AtomicInteger();
            Mono<String> m = loop.spawn(Mono.fromCallable(() -> runs.incrementAndGet() + " "
                    + Task.current().map(Task::getName).orElse("no task") + " " + Thread.currentThread().getName()));
            assertThat(runs).hasValue(0);
            String first = m.block(WAIT);
            String second = m.block(WAIT);
            assertThat(runs).hasValue(2);
            assertThat(first).startsWith("1 Task-").endsWith(" spawn-loop");
            assertThat(second).startsWith("2 Task-").endsWith(" spawn-loop");
            assertThat(first.split(" ")[1]).isNotEqualTo(second.split(" ")[1]);
            StepVerifier.create(m).expectNextMatches(s -> s.startsWith("3 ")).verifyComplete();
            assertThatNullPointerException().isThrownBy(() -> loop.spawn(null)).withMessage("body");
        }
    }

    @Test
    @DisplayName("spawn: cancelling the subscription cancels the task, delivering CancelledException into its body")
    void spawnCancel() throws Exception {
        try (EventLoop loop = EventLoop.start("spawn-cancel")) {
            CompletableFuture<Task<?>> task = new CompletableFuture<>();
            CompletableFuture<String> cleanup = new CompletableFuture<>();
            Mono<String> m = loop.spawn(Asyncio.currentTask().doOnNext(task::complete)
                    .then(Asyncio.sleep(Duration.ofHours(1), "slept"))
                    .doOnError(CancelledException.class, e -> cleanup.complete("body got CancelledException")));
            Disposable d = m.subscribe();
            Task<?> t = task.get(10, SECONDS);
            d.dispose();
            assertThat(cleanup.get(10, SECONDS)).isEqualTo("body got CancelledException");
            assertThat(loop.submit(yieldOnce().then(Mono.fromCallable(t::isCancelled))).get(10, SECONDS)).isTrue();

            CompletableFuture<Task<?>> task2 = new CompletableFuture<>();
            StepVerifier.create(loop.spawn(Asyncio.currentTask().doOnNext(task2::complete).then(Asyncio.sleep(Duration.ofHours(1)))))
                    .expectSubscription()
                    .then(() -> task2.join())
                    .thenCancel()
                    .verify(WAIT);
            Task<?> t2 = task2.get(10, SECONDS);
            assertThat(loop.submit(yieldOnce().then(yieldOnce()).then(Mono.fromCallable(t2::isCancelled))).get(10, SECONDS)).isTrue();
        }
    }

    @Test
    @DisplayName("spawn from a task of another loop runs the body on the spawning loop and delivers the result on the subscriber's loop thread")
    void spawnAcrossLoops() {
        try (EventLoop other = EventLoop.start("spawned-on")) {
            String caller = Thread.currentThread().getName();
            List<String> threads = runVirtual(() -> other.spawn(Mono.fromCallable(() -> Thread.currentThread().getName()))
                    .map(bodyThread -> List.of(bodyThread, Thread.currentThread().getName())));
            assertThat(threads).containsExactly("spawned-on", caller);
        }
    }

    @Test
    @DisplayName("A plain thread awaits a task with block() or StepVerifier; a failure arrives as itself")
    void awaitFromAPlainThread() {
        try (EventLoop loop = EventLoop.start("awaited")) {
            Task<String> t = loop.createTask(Asyncio.sleep(Duration.ofMillis(1), "v"));
            assertThat(t.block(WAIT)).isEqualTo("v");
            StepVerifier.create(t).expectNext("v").verifyComplete();
            IllegalStateException boom = new IllegalStateException("boom");
            Task<String> failed = loop.createTask(Mono.error(boom));
            StepVerifier.create(failed).expectErrorSatisfies(e -> assertThat(e).isSameAs(boom)).verify(WAIT);
        }
    }
}
