package io.github.asyncio4j;

import static io.github.asyncio4j.TestLoops.runVirtual;
import static io.github.asyncio4j.TestLoops.yieldOnce;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/**
 * The life of an {@link EventLoop} beyond scheduling (issue 2): which loop is current, closing
 * (cancel, wait, reject, stop the thread), and introspection ({@code allTasks}, {@code dumpTasks}).
 */
class LoopLifecycleTest {

    @Test
    @DisplayName("current() and running() give the loop of the calling thread, and only while it runs")
    void currentAndRunning() throws Exception {
        assertThat(EventLoop.current()).isEmpty();
        assertThatIllegalStateException().isThrownBy(EventLoop::running).withMessage("no running event loop");
        EventLoop[] seen = new EventLoop[2];
        runVirtual(() -> Mono.fromRunnable(() -> {
            seen[0] = EventLoop.current().orElseThrow();
            seen[1] = EventLoop.running();
        }));
        assertThat(seen[0]).isNotNull().isSameAs(seen[1]);
        assertThat(seen[0].isClosed()).isTrue();
        assertThat(EventLoop.current()).isEmpty();
        try (EventLoop loop = EventLoop.start("own-thread")) {
            CompletableFuture<Optional<EventLoop>> onIt = new CompletableFuture<>();
            loop.callSoon(() -> onIt.complete(EventLoop.current()));
            assertThat(onIt.get(10, SECONDS)).containsSame(loop);
            assertThat(EventLoop.current()).isEmpty();
        }
    }

    @Test
    @DisplayName("close() cancels every task and waits for its cleanup, even cleanup that awaits")
    void closeCancelsAndWaits() throws Exception {
        EventLoop loop = EventLoop.start("closing");
        List<String> log = new CopyOnWriteArrayList<>();
        AsyncFuture<String> never = loop.createFuture();
        CompletableFuture<Void> started = new CompletableFuture<>();
        Task<String> task = loop.createTask(Mono.defer(() -> {
            started.complete(null);
            return never;
        }).onErrorResume(CancelledException.class, e -> yieldOnce().then(yieldOnce())
                .then(Mono.fromRunnable(() -> log.add("cleanup done")))
                .then(Mono.error(e))));
        started.get(10, SECONDS);
        loop.close();
        assertThat(log).containsExactly("cleanup done");
        assertThat(task.isCancelled()).isTrue();
        assertThat(never.isCancelled()).isTrue();
        assertThat(loop.isClosed()).isTrue();
    }

    @Test
    @DisplayName("close(): the done callbacks and plain-thread awaiters of the tasks it cancels run before it returns")
    void closeRunsTheLastCallbacks() throws Exception {
        EventLoop loop = EventLoop.start("closing-with-listeners");
        CompletableFuture<Void> started = new CompletableFuture<>();
        Task<String> t = loop.createTask(Mono.fromRunnable(() -> started.complete(null))
                .then(Asyncio.sleep(Duration.ofHours(1), "slept")));
        started.get(10, SECONDS);
        CompletableFuture<String> viaCallback = new CompletableFuture<>();
        t.addDoneCallback(f -> viaCallback.complete(f.isCancelled() ? "cancelled" : "not cancelled?!"));
        CompletableFuture<String> viaSubscriber = new CompletableFuture<>();
        t.subscribe(v -> viaSubscriber.complete("value?!"), e -> viaSubscriber.complete(e.getClass().getSimpleName()));
        // A round trip through the loop's queue: both registrations above, queued before it, are done.
        loop.allTasks();
        loop.close();
        assertThat(viaCallback).isCompletedWithValue("cancelled");
        assertThat(viaSubscriber).isCompletedWithValue("CancelledException");
    }

    @RepeatedTest(20)
    @DisplayName("close() returns once the loop's thread has ended")
    void closeStopsTheThread() throws Exception {
        EventLoop loop = EventLoop.start("short-lived");
        CompletableFuture<Thread> thread = new CompletableFuture<>();
        loop.callSoon(() -> thread.complete(Thread.currentThread()));
        Thread t = thread.get(10, SECONDS);
        loop.close();
        assertThat(t.isAlive()).isFalse();
    }

    @Test
    @DisplayName("interrupting a loop's own thread closes the loop, cancelling its tasks, instead of spinning")
    void interruptClosesTheLoop() throws Exception {
        EventLoop loop = EventLoop.start("interrupted");
        CompletableFuture<Thread> thread = new CompletableFuture<>();
        loop.callSoon(() -> thread.complete(Thread.currentThread()));
        Task<String> t = loop.createTask(Asyncio.sleep(Duration.ofHours(1), "slept"));
        Thread th = thread.get(10, SECONDS);
        th.interrupt();
        th.join(10_000);
        assertThat(th.isAlive()).isFalse();
        assertThat(loop.isClosed()).isTrue();
        assertThat(t.isCancelled()).isTrue();
    }

    @Test
    @DisplayName("close() lets cancelled tasks clean up for at most shutdownTimeout, then warns with a dump of what is left")
    void closeIsBounded() throws Exception {
        CapturingLogger log = new CapturingLogger();
        EventLoop loop = EventLoop.builder().name("bounded").shutdownTimeout(Duration.ofMillis(50)).logger(log).start();
        AsyncFuture<String> first = loop.createFuture();
        AsyncFuture<String> second = loop.createFuture();
        CompletableFuture<Void> started = new CompletableFuture<>();
        Task<String> stubborn = loop.createTask(Mono.defer(() -> {
            started.complete(null);
            return first;
        }).onErrorResume(CancelledException.class, e -> second), "stubborn");
        started.get(10, SECONDS);
        loop.close();
        assertThat(loop.isClosed()).isTrue();
        assertThat(stubborn.isDone()).isFalse();
        assertThat(log.messages("WARN")).singleElement().asString()
                .contains("closed with 1 task(s) still running")
                .contains("stubborn");
    }

    @Test
    @DisplayName("close() tells the plain threads, the tasks of other loops and the CompletableFutures still waiting on a future it leaves pending (one nobody set, a task still running after the shutdown timeout): 'event loop is closed'")
    void closeRejectsForeignAwaitersOfWhatItLeavesPending() throws Exception {
        CapturingLogger log = new CapturingLogger();
        EventLoop loop = EventLoop.builder().name("leaves-pending").shutdownTimeout(Duration.ofMillis(50)).logger(log).start();
        AsyncFuture<String> unset = loop.createFuture();
        AsyncFuture<String> second = loop.createFuture();
        Task<String> stubborn = loop.createTask(loop.createFuture().map(Object::toString)
                .onErrorResume(CancelledException.class, e -> second), "stubborn");
        try (EventLoop home = EventLoop.start("home")) {
            List<CompletableFuture<String>> waiting = new ArrayList<>();
            // Plain threads: subscribed from this thread; each links on the loop before the round trip below returns.
            waiting.add(unset.toFuture());
            waiting.add(stubborn.toFuture());
            // Tasks of another loop: their first steps subscribe before home's round trip returns.
            waiting.add(home.submit(Mono.defer(() -> unset)));
            waiting.add(home.submit(Mono.defer(() -> stubborn)));
            home.submit(Mono.empty()).get(10, SECONDS);
            // CompletableFutures of the loop's futures (submit()'s, Bridge.toFuture's), made off the loop and on it.
            waiting.add(TaskCompletableFuture.of(unset));
            waiting.add(TaskCompletableFuture.of(stubborn));
            waiting.add(loop.submit(Mono.fromCallable(() -> TaskCompletableFuture.of(stubborn))).get(10, SECONDS));
            loop.submit(Mono.empty()).get(10, SECONDS);
            assertThat(waiting).noneMatch(CompletableFuture::isDone);
            loop.close();
            assertThat(stubborn.isDone()).isFalse();
            for (CompletableFuture<String> w : waiting) {
                assertThat(w).failsWithin(10, SECONDS)
                        .withThrowableOfType(ExecutionException.class)
                        .havingCause()
                        .isInstanceOf(RejectedExecutionException.class)
                        .withMessage("event loop is closed");
            }
        }
        assertThat(log.messages("WARN")).singleElement().asString().contains("closed with 1 task(s) still running");
    }

    @Test
    @DisplayName("close() reports a task that fails (not cancelled) while it handles the shutdown's cancellation")
    void closeReportsFailedCleanup() throws Exception {
        RecordingExceptionHandler handler = new RecordingExceptionHandler();
        EventLoop loop = EventLoop.builder().exceptionHandler(handler).start();
        ArithmeticException boom = new ArithmeticException("/ by zero");
        AsyncFuture<String> never = loop.createFuture();
        CompletableFuture<Void> started = new CompletableFuture<>();
        Task<String> task = loop.createTask(Mono.defer(() -> {
            started.complete(null);
            return never;
        }).onErrorResume(CancelledException.class, e -> Mono.error(boom)));
        started.get(10, SECONDS);
        loop.close();
        assertThat(task.exception()).isSameAs(boom);
        assertThat(handler.errors()).containsExactly(boom);
    }

    @Test
    @DisplayName("allTasks() lists the tasks not yet done, in creation order, from any thread")
    void allTasks() throws Exception {
        runVirtual(() -> {
            Task<?> main = Task.current().orElseThrow();
            Task<Void> sleeper = Asyncio.createTask(Asyncio.sleep(Duration.ofHours(1)), "sleeper");
            Task<Integer> quick = Asyncio.createTask(Mono.just(1), "quick");
            Task<Void> later = Asyncio.createTask(Asyncio.sleep(Duration.ofHours(2)), "later");
            assertThat(EventLoop.running().allTasks()).containsExactly(main, sleeper, quick, later);
            return yieldOnce().then(Mono.fromRunnable(() -> {
                assertThat(quick.isDone()).isTrue();
                assertThat(EventLoop.running().allTasks()).containsExactly(main, sleeper, later);
                sleeper.cancel();
                later.cancel();
            }));
        });
        try (EventLoop loop = EventLoop.start("introspected")) {
            AsyncFuture<String> never = loop.createFuture();
            Task<String> a = loop.createTask(never, "a");
            Task<String> b = loop.createTask(never, "b");
            assertThat(loop.allTasks()).containsExactly(a, b);
            Set<Task<?>> snapshot = loop.allTasks();
            never.cancel();
            assertThat(loop.submit(yieldOnce().then(Mono.fromCallable(() -> a.isCancelled() && b.isCancelled()))).get(10, SECONDS))
                    .isTrue();
            assertThat(loop.allTasks()).isEmpty();
            assertThat(snapshot).containsExactly(a, b);
            loop.close();
            assertThat(loop.allTasks()).isEmpty();
            assertThat(loop.dumpTasks()).isEmpty();
        }
    }

    @Test
    @DisplayName("dumpTasks() shows each pending task's name, state and await point, children under their creator")
    void dumpTasks() {
        String dump = runVirtual(() -> {
            EventLoop loop = EventLoop.running();
            AsyncFuture<String> never = loop.createFuture();
            AsyncFuture<String> first = loop.createFuture();
            AsyncFuture<String> second = loop.createFuture();
            Asyncio.createTask(Asyncio.sleep(Duration.ofHours(1)), "sleeper");
            Asyncio.createTask(Mono.defer(() -> Asyncio.createTask(never, "grandchild")), "waiter");
            Task<String> stubborn = Asyncio.createTask(first.onErrorResume(CancelledException.class, e -> second), "stubborn");
            return yieldOnce().then(yieldOnce()).then(Mono.fromCallable(() -> {
                stubborn.cancel();
                String d = loop.dumpTasks();
                second.setResult("done");
                never.cancel();
                return d;
            }));
        });
        assertThat(dump.lines().findFirst().orElseThrow()).contains("5 tasks");
        assertThat(dump)
                .contains("\n    sleeper [pending] awaiting sleep until 3600.000 s of loop time\n")
                .contains("\n    waiter [pending] awaiting await <Task pending name='grandchild'>\n")
                .contains("\n      grandchild [pending] awaiting await <Future pending>\n")
                .contains("\n    stubborn [cancelling, cancelling=1]");
    }
}
