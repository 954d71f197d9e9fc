package io.github.asyncio4j;

import static io.github.asyncio4j.TestLoops.onLoop;
import static io.github.asyncio4j.TestLoops.runVirtual;
import static io.github.asyncio4j.TestLoops.seconds;
import static io.github.asyncio4j.TestLoops.virtual;
import static io.github.asyncio4j.TestLoops.yieldOnce;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * asyncio's {@code Task} as {@link Task}: BEHAVIORS.md section 1.3 ({@code TASK-*}).
 *
 * <p>IDs with no Java twin:
 * <ul>
 *   <li>TASK-05: a task refuses {@code setResult}/{@code setException} (TASK-04), so nothing can
 *       force its state from outside and make a later step fail.</li>
 *   <li>TASK-08, bad yields: a Mono cannot yield a bare value to its task; the one legal bare
 *       yield, {@code sleep(0)}, is SLEEP-01 in {@link SleepTest}.</li>
 *   <li>TASK-11: {@code get_coro()}: the body Mono is not exposed (a task is its outcome, the cold
 *       body is consumed when it starts).</li>
 *   <li>TASK-12: {@code get_context()}: there is no context object; the task's ContextVar values
 *       are read with {@code ContextVar.get()} and travel in the body's Reactor Context
 *       ({@link ContextVarTest}).</li>
 *   <li>TASK-16: "Task was destroyed but it is pending!": the loop holds its pending tasks
 *       strongly (CREATE-02 in {@link CreateTaskTest}), so a pending task is never collected.</li>
 *   <li>TASK-19, {@code __context__} chaining: Java has no implicit exception context; a failure
 *       reaches every awaiter as the very same instance, untouched (tested).</li>
 *   <li>TASK-10, non-string names ({@code set_name({6})}): names are {@code String}s by type.</li>
 *   <li>TASK-13, the {@code context=} argument: {@code createTask} takes no context; a task
 *       always runs in a copy of its creator's (tested).</li>
 *   <li>TASK-14, {@code current_task()} with no running loop: API.md makes {@code Task.current()}
 *       an {@code Optional}, empty there rather than an error (tested).</li>
 * </ul>
 */
@ExtendWith(NoDroppedSignals.class)
class TaskTest {

    @Test
    @DisplayName("TASK-01 a Task is an AsyncFuture and a Mono; a null body is a NullPointerException naming it")
    void taskIsAFuture() {
        onLoop(loop -> {
            Task<String> t = loop.createTask(Mono.just("x"));
            assertThat(t).isInstanceOf(AsyncFuture.class).isInstanceOf(Mono.class);
            assertThat(t.loop()).isSameAs(loop);
            assertThatNullPointerException().isThrownBy(() -> loop.createTask(null)).withMessage("body");
            assertThatNullPointerException().isThrownBy(() -> loop.createTask(null, "named")).withMessage("body");
            assertThatNullPointerException().isThrownBy(() -> Asyncio.createTask(null)).withMessage("body");
            assertThatNullPointerException().isThrownBy(() -> Asyncio.createTask(null, "named")).withMessage("body");
        });
    }

    @Test
    @DisplayName("TASK-02 createTask registers the task and schedules its first step: nothing of the body runs inside createTask")
    void createTaskDoesNotStartTheBody() {
        List<String> log = new ArrayList<>();
        runVirtual(() -> {
            Task<String> t = Asyncio.createTask(Mono.fromCallable(() -> {
                log.add("body ran");
                return "x";
            }));
            log.add("createTask returned");
            assertThat(EventLoop.running().allTasks()).contains(t);
            assertThat(t.isDone()).isFalse();
            return yieldOnce().then(Mono.fromRunnable(() -> log.add("after one iteration: done=" + t.isDone())));
        });
        assertThat(log).containsExactly("createTask returned", "body ran", "after one iteration: done=true");
    }

    @Test
    @DisplayName("TASK-03 a value becomes the result, a CancelledException (even unrequested) cancels the task, any other failure fails it")
    void bodyOutcomes() {
        CancelledException raised = new CancelledException("raised by the body");
        CancellationException plain = new CancellationException("plain j.u.c. cancellation");
        IllegalStateException boom = new IllegalStateException("boom");
        runVirtual(() -> {
            Task<String> value = Asyncio.createTask(Mono.just("v"));
            Task<String> empty = Asyncio.createTask(Mono.empty());
            Task<String> selfCancelled = Asyncio.createTask(Mono.error(raised));
            Task<String> plainCancelled = Asyncio.createTask(Mono.error(plain));
            Task<String> failed = Asyncio.createTask(Mono.error(boom));
            return yieldOnce().then(Mono.fromRunnable(() -> {
                assertThat(value.result()).isEqualTo("v");
                assertThat(empty.isDone()).isTrue();
                assertThat(empty.result()).isNull();
                assertThat(selfCancelled.isCancelled()).isTrue();
                assertThat(selfCancelled.cancelling()).isZero();
                assertThatThrownBy(selfCancelled::result).isSameAs(raised);
                assertThat(plainCancelled.isCancelled()).isTrue();
                assertThatExceptionOfType(CancelledException.class).isThrownBy(plainCancelled::exception)
                        .withMessage("plain j.u.c. cancellation");
                assertThat(failed.isCancelled()).isFalse();
                assertThat(failed.exception()).isSameAs(boom);
            }));
        });
    }

    @Test
    @DisplayName("TASK-03 a body ending with an Error fails its task, and the Error leaves Asyncio.run once the other tasks have cleaned up")
    void errorLeavesTheLoop() {
        Error fatal = new Error("like SystemExit");
        List<String> log = new ArrayList<>();
        List<Task<?>> tasks = new ArrayList<>();
        RecordingExceptionHandler handler = new RecordingExceptionHandler();
        assertThatThrownBy(() -> Asyncio.run(() -> {
            tasks.add(Asyncio.createTask(Asyncio.sleep(Duration.ofHours(1))
                    .onErrorResume(CancelledException.class, e -> Asyncio.sleep(seconds(1))
                            .then(Mono.fromRunnable(() -> log.add("cleanup ran")))
                            .then(Mono.error(e)))));
            tasks.add(Asyncio.createTask(Mono.error(fatal)));
            return Asyncio.sleep(Duration.ofHours(2));
        }, virtual().exceptionHandler(handler))).isSameAs(fatal);
        assertThat(tasks.get(1).exception()).isSameAs(fatal);
        assertThat(tasks.get(1).isCancelled()).isFalse();
        assertThat(tasks.get(0).isCancelled()).isTrue();
        assertThat(log).containsExactly("cleanup ran");
        assertThat(handler.errors()).isEmpty();
    }

    @Test
    @DisplayName("TASK-03 on a loop with its own thread an Error ends its task like any failure: awaiters get it, and unread it is reported")
    void errorOnALoopWithItsOwnThread() throws Exception {
        Error fatal = new Error("like SystemExit");
        RecordingExceptionHandler handler = new RecordingExceptionHandler();
        EventLoop loop = EventLoop.builder().exceptionHandler(handler).start();
        Task<String> awaited = loop.createTask(Mono.error(fatal));
        StepVerifier.create(awaited).expectErrorSatisfies(e -> assertThat(e).isSameAs(fatal)).verify(Duration.ofSeconds(10));
        Task<String> unread = loop.createTask(Mono.error(fatal));
        assertThat(loop.submit(yieldOnce().then(Mono.fromCallable(unread::isDone))).get(10, java.util.concurrent.TimeUnit.SECONDS))
                .isTrue();
        loop.close();
        assertThat(handler.errors()).containsExactly(fatal);
        assertThat(awaited.isDone()).isTrue();
    }

    @Test
    @DisplayName("TASK-04 setResult/setException on a task → UnsupportedOperationException")
    void taskRefusesSetters() {
        onLoop(loop -> {
            Task<String> t = loop.createTask(Mono.never());
            assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> t.setResult("x"))
                    .withMessageContaining("Task does not support setResult");
            assertThatExceptionOfType(UnsupportedOperationException.class)
                    .isThrownBy(() -> t.setException(new IllegalStateException()))
                    .withMessageContaining("Task does not support setException");
            t.cancel();
        });
    }

    @Test
    @DisplayName("TASK-06 a future of another loop may be awaited (API.md): the outcome is delivered on the awaiting task's loop")
    void awaitAFutureOfAnotherLoop() {
        try (EventLoop other = EventLoop.start("other-loop")) {
            AsyncFuture<String> foreign = other.createFuture();
            String runThread = Thread.currentThread().getName();
            List<String> seen = runVirtual(() -> {
                Task<?> main = Task.current().orElseThrow();
                return foreign.doOnSubscribe(s -> other.callSoon(() -> foreign.setResult("from the other loop")))
                        .map(v -> List.of(v, Thread.currentThread().getName(),
                                String.valueOf(Task.current().orElse(null) == main)));
            });
            assertThat(seen).containsExactly("from the other loop", runThread, "true");
        }
    }

    @Test
    @DisplayName("TASK-07 a task awaiting itself gets IllegalStateException('Task cannot await on itself') at that await, catchably")
    void awaitItself() {
        String r = runVirtual(() -> Asyncio.createTask(Asyncio.currentTask()
                .flatMap(self -> self.cast(Object.class))
                .map(x -> "awaited itself?!")
                .onErrorResume(IllegalStateException.class, e -> Mono.just("caught: " + e.getMessage()))));
        assertThat(r).startsWith("caught: Task cannot await on itself");
    }

    @Test
    @DisplayName("TASK-09 a body that emits a future is not awaited on it: the task's result is the future itself")
    void bodyReturningAFuture() {
        AsyncFuture<?>[] seen = new AsyncFuture<?>[2];
        runVirtual(() -> {
            AsyncFuture<String> inner = EventLoop.running().createFuture();
            seen[0] = inner;
            return Asyncio.createTask(Mono.just(inner)).doOnNext(r -> seen[1] = r).then(Mono.fromRunnable(inner::cancel));
        });
        assertThat(seen[1]).isSameAs(seen[0]);
    }

    @Test
    @DisplayName("TASK-10 default names are 'Task-N' with N increasing across all loops; a given name is kept; setName renames")
    void names() {
        List<Task<?>> tasks = new ArrayList<>();
        onLoop(loop -> tasks.add(loop.createTask(Mono.empty())));
        onLoop(loop -> {
            tasks.add(loop.createTask(Mono.empty()));
            Task<String> named = loop.createTask(Mono.just("x"), "fetch");
            assertThat(named.getName()).isEqualTo("fetch");
            named.setName("renamed");
            assertThat(named.getName()).isEqualTo("renamed");
            assertThat(named.toString()).contains("name='renamed'");
            assertThatNullPointerException().isThrownBy(() -> named.setName(null)).withMessage("name");
            assertThat(loop.createTask(Mono.empty(), null).getName()).startsWith("Task-");
        });
        long first = Long.parseLong(tasks.get(0).getName().substring("Task-".length()));
        long second = Long.parseLong(tasks.get(1).getName().substring("Task-".length()));
        assertThat(tasks.get(0).getName()).matches("Task-\\d+");
        assertThat(second).isGreaterThan(first);
    }

    @Test
    @DisplayName("TASK-13 a task runs in a copy of its creator's context taken at creation: later changes on either side stay there")
    void contextIsCopiedAtCreation() {
        ContextVar<String> var = new ContextVar<>("var", "default");
        List<String> seen = runVirtual(() -> {
            var.set("before");
            Task<String> reader = Asyncio.createTask(Mono.fromCallable(var::get));
            var.set("after");
            Task<String> setter = Asyncio.createTask(Mono.fromRunnable(() -> var.set("set by the child"))
                    .then(yieldOnce()).then(Mono.fromCallable(var::get)));
            return reader.zipWith(setter).map(t -> List.of(t.getT1(), t.getT2(), var.get()));
        });
        assertThat(seen).containsExactly("before", "set by the child", "after");
    }

    @Test
    @DisplayName("TASK-14 Task.current() is the task whose step runs, under interleaving; none outside tasks")
    void currentTask() {
        List<String> log = new ArrayList<>();
        runVirtual(() -> {
            Task<Void> a = Asyncio.createTask(worker(log, "a"), "a");
            Task<Void> b = Asyncio.createTask(worker(log, "b"), "b");
            EventLoop.running().callSoon(() -> log.add("callback: current=" + nameOfCurrent()));
            String main = nameOfCurrent();
            return a.then(b).then(Mono.fromRunnable(() -> log.add("main: current is main=" + nameOfCurrent().equals(main))))
                    .then(Asyncio.currentTask()).doOnNext(t -> log.add("currentTask() is main=" + t.getName().equals(main)));
        });
        assertThat(log).containsExactly("a step 1: current=a", "b step 1: current=b", "callback: current=none",
                "a step 2: current=a", "b step 2: current=b", "main: current is main=true", "currentTask() is main=true");
        assertThat(Task.current()).isEmpty();
        assertThat(Asyncio.currentTask().blockOptional()).isEmpty();
    }

    private static Mono<Void> worker(List<String> log, String name) {
        return Mono.defer(() -> {
            log.add(name + " step 1: current=" + nameOfCurrent());
            return yieldOnce();
        }).then(Mono.fromRunnable(() -> log.add(name + " step 2: current=" + nameOfCurrent())));
    }

    private static String nameOfCurrent() {
        Optional<Task<?>> t = Task.current();
        return t.map(Task::getName).orElse("none");
    }

    @Test
    @DisplayName("TASK-15 allTasks() holds the tasks not done yet: a finished task leaves it")
    void allTasksFiltersDoneTasks() {
        runVirtual(() -> {
            Task<?> main = Task.current().orElseThrow();
            Task<String> quick = Asyncio.createTask(Mono.just("q"));
            Task<Void> slow = Asyncio.createTask(Asyncio.sleep(seconds(1)));
            assertThat(EventLoop.running().allTasks()).containsExactlyInAnyOrder(main, quick, slow);
            return quick.then(Mono.fromRunnable(() -> assertThat(EventLoop.running().allTasks())
                    .containsExactlyInAnyOrder(main, slow))).then(slow)
                    .then(Mono.fromRunnable(() -> assertThat(EventLoop.running().allTasks()).containsExactly(main)));
        });
    }

    @Test
    @DisplayName("TASK-17 a failed task nobody retrieved is reported as 'Task exception was never retrieved', at the latest at close")
    void neverRetrievedTask() throws Exception {
        IllegalStateException lost = new IllegalStateException("lost");
        List<Task<?>> keep = new ArrayList<>();
        RecordingExceptionHandler handler = new RecordingExceptionHandler();
        Asyncio.run(() -> {
            keep.add(Asyncio.createTask(Mono.error(lost)));
            return yieldOnce();
        }, virtual().exceptionHandler(handler));
        assertThat(handler.errors()).containsExactly(lost);

        CapturingLogger log2 = new CapturingLogger();
        EventLoop loop2 = EventLoop.builder().logger(log2).start();
        Task<String> unread = loop2.createTask(Mono.error(lost), "unread");
        loop2.submit(yieldOnce()).get(10, java.util.concurrent.TimeUnit.SECONDS);
        loop2.close();
        assertThat(unread.isDone()).isTrue();
        assertThat(log2.at("ERROR")).singleElement().satisfies(e -> {
            assertThat(e.message()).startsWith("Task exception was never retrieved").contains("unread");
            assertThat(e.error()).isSameAs(lost);
        });
    }

    @Test
    @DisplayName("TASK-18 toString reads as asyncio's repr: pending, cancelling, cancelled, finished with the result")
    void repr() {
        runVirtual(() -> {
            Task<String> t = Asyncio.createTask(Asyncio.sleep(Duration.ofHours(1), "x"), "X");
            Task<String> ok = Asyncio.createTask(Mono.just("abc"), "Y");
            assertThat(t).hasToString("<Task pending name='X'>");
            t.cancel();
            assertThat(t).hasToString("<Task cancelling name='X'>");
            return t.onErrorResume(CancelledException.class, e -> Mono.empty()).then(ok).then(Mono.fromRunnable(() -> {
                assertThat(t).hasToString("<Task cancelled name='X'>");
                assertThat(ok).hasToString("<Task finished name='Y' result=abc>");
            }));
        });
    }

    @Test
    @DisplayName("TASK-19 every await of a failed task gets the very same exception, with nothing added to it")
    void repeatedAwaitsDoNotAccumulate() {
        IllegalStateException boom = new IllegalStateException("boom");
        int frames = boom.getStackTrace().length;
        List<Throwable> seen = runVirtual(() -> {
            Task<String> failed = Asyncio.createTask(Mono.error(boom));
            Mono<Throwable> awaitIt = failed.<Throwable>map(v -> new AssertionError("succeeded?!")).onErrorResume(Mono::just);
            return awaitIt.flatMap(first -> awaitIt.flatMap(second -> awaitIt.map(third -> List.of(first, second, third))));
        });
        assertThat(seen).containsExactly(boom, boom, boom);
        assertThat(boom.getSuppressed()).isEmpty();
        assertThat(boom.getCause()).isNull();
        assertThat(boom.getStackTrace()).hasSize(frames);
    }
}
