package io.github.asyncio4j;

import static io.github.asyncio4j.TestLoops.SECOND;
import static io.github.asyncio4j.TestLoops.now;
import static io.github.asyncio4j.TestLoops.runVirtual;
import static io.github.asyncio4j.TestLoops.seconds;
import static java.util.concurrent.TimeUnit.HOURS;
import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.NonBlocking;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * {@link EventLoop} as a Reactor {@link Scheduler}, and its threads as {@link NonBlocking} ones
 * (issue 2: the loop is where Reactor code runs, and {@code block()} on it must fail fast).
 */
@ExtendWith(NoDroppedSignals.class)
class EventLoopSchedulerTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    @DisplayName("Scheduler: publishOn(loop) and subscribeOn(loop) move work onto the loop thread, in order")
    void publishOnAndSubscribeOnRunOnTheLoop() {
        try (EventLoop loop = EventLoop.start("sched-loop")) {
            assertThat(Mono.just(1).publishOn(loop).map(x -> Thread.currentThread().getName()).block(WAIT))
                    .isEqualTo("sched-loop");
            assertThat(Mono.fromCallable(() -> Thread.currentThread().getName()).subscribeOn(loop).block(WAIT))
                    .isEqualTo("sched-loop");
            List<String> threads = new CopyOnWriteArrayList<>();
            List<Integer> values = Flux.range(0, 1000).publishOn(loop)
                    .doOnNext(x -> threads.add(Thread.currentThread().getName()))
                    .collectList().block(WAIT);
            assertThat(values).hasSize(1000).isSorted();
            assertThat(threads).containsOnly("sched-loop");
        }
    }

    @RepeatedTest(100)
    @DisplayName("Scheduler: publishOn(loop) of a fused source, whose drain can finish and dispose the worker before schedule() returns, drops nothing")
    void workerDisposedByItsOwnTask() {
        try (EventLoop loop = EventLoop.start("fused")) {
            assertThat(Flux.range(0, 1000).publishOn(loop).collectList().block(WAIT)).hasSize(1000);
        }
    }

    @Test
    @DisplayName("Scheduler: a worker runs its tasks in order on the loop; disposing it cancels what it scheduled and it then rejects work")
    void workers() throws Exception {
        try (EventLoop loop = EventLoop.builder().virtualTime().start()) {
            Scheduler.Worker worker = loop.createWorker();
            List<Integer> order = new CopyOnWriteArrayList<>();
            for (int i = 0; i < 100; i++) {
                int n = i;
                worker.schedule(() -> order.add(n));
            }
            CompletableFuture<String> done = new CompletableFuture<>();
            worker.schedule(() -> done.complete(Thread.currentThread().getName()));
            assertThat(done.get(10, SECONDS)).isEqualTo(loop.name());
            assertThat(order).hasSize(100).isSorted();

            // Schedule and dispose on the loop thread itself, so the virtual clock cannot jump to the
            // delayed task in between: disposal alone must keep it from running.
            AtomicBoolean delayedRan = new AtomicBoolean();
            Scheduler.Worker other = loop.createWorker();
            loop.submit(Mono.fromRunnable(() -> {
                other.schedule(() -> delayedRan.set(true), 1, HOURS);
                other.schedule(() -> delayedRan.set(true));
                other.dispose();
            })).get(10, SECONDS);
            loop.submit(Asyncio.sleep(Duration.ofHours(2))).get(10, SECONDS);
            assertThat(delayedRan).isFalse();
            assertThat(other.isDisposed()).isTrue();
            assertThatExceptionOfType(RejectedExecutionException.class).isThrownBy(() -> other.schedule(() -> { }));
            assertThatExceptionOfType(RejectedExecutionException.class).isThrownBy(() -> other.schedule(() -> { }, 1, SECONDS));
            assertThatExceptionOfType(RejectedExecutionException.class)
                    .isThrownBy(() -> other.schedulePeriodically(() -> { }, 1, 1, SECONDS));
            worker.dispose();
        }
    }

    @Test
    @DisplayName("Scheduler: a worker's one-shot task that has run leaves the worker, so a long-lived worker does not grow")
    void workerForgetsWhatRan() throws Exception {
        try (EventLoop loop = EventLoop.start("worker-loop")) {
            Scheduler.Worker worker = loop.createWorker();
            CompletableFuture<Void> ran = new CompletableFuture<>();
            Disposable d = worker.schedule(() -> ran.complete(null));
            ran.get(10, SECONDS);
            // Disposing a task that has already run is harmless and does not dispose the worker.
            d.dispose();
            assertThat(worker.isDisposed()).isFalse();
            CompletableFuture<Void> again = new CompletableFuture<>();
            worker.schedule(() -> again.complete(null));
            again.get(10, SECONDS);
            worker.dispose();
        }
    }

    @Test
    @DisplayName("Scheduler: schedulePeriodically runs on loop time, first after the initial delay, until disposed")
    void periodic() {
        List<Long> times = runVirtual(() -> {
            List<Long> ts = new ArrayList<>();
            Disposable[] handle = new Disposable[1];
            handle[0] = EventLoop.running().schedulePeriodically(() -> {
                ts.add(now());
                if (ts.size() == 3) {
                    handle[0].dispose();
                }
            }, 1, 2, SECONDS);
            return Asyncio.sleep(seconds(60)).thenReturn(ts);
        });
        assertThat(times).containsExactly(SECOND, 3 * SECOND, 5 * SECOND);
        try (EventLoop loop = EventLoop.start("periodic")) {
            assertThatIllegalArgumentException().isThrownBy(() -> loop.schedulePeriodically(() -> { }, 0, 0, SECONDS))
                    .withMessageContaining("period must be > 0");
        }
    }

    @Test
    @DisplayName("Scheduler: Reactor's time operators on the loop follow its clock: Mono.delay(1 h, loop) takes no real time on virtual time")
    void reactorTimeOnTheLoop() {
        long[] epoch = new long[2];
        long at = runVirtual(() -> {
            EventLoop loop = EventLoop.running();
            epoch[0] = loop.now(MILLISECONDS);
            return Mono.delay(Duration.ofHours(1), loop).map(x -> {
                epoch[1] = loop.now(MILLISECONDS);
                return now();
            });
        });
        assertThat(at).isEqualTo(3600 * SECOND);
        assertThat(epoch[1] - epoch[0]).isEqualTo(3_600_000L);
    }

    @Test
    @DisplayName("Scheduler: start() and init() do nothing; dispose() is close()")
    void lifecycleMethods() {
        EventLoop loop = EventLoop.start("lifecycle");
        loop.start();
        loop.init();
        assertThat(loop.isRunning()).isTrue();
        loop.dispose();
        assertThat(loop.isDisposed()).isTrue();
        assertThat(loop.isClosed()).isTrue();
        assertThatExceptionOfType(RejectedExecutionException.class).isThrownBy(() -> loop.schedule(() -> { }))
                .withMessage("event loop is closed");
        assertThatExceptionOfType(RejectedExecutionException.class).isThrownBy(() -> loop.createWorker().schedule(() -> { }));
    }

    @Test
    @DisplayName("NonBlocking: a loop's own thread is NonBlocking, so Mono.block() inside a task fails fast")
    void blockFailsFastOnALoopThread() throws Exception {
        try (EventLoop loop = EventLoop.start("non-blocking")) {
            assertThat(loop.submit(Mono.fromCallable(() -> Thread.currentThread() instanceof NonBlocking
                    && Schedulers.isInNonBlockingThread())).get(10, SECONDS)).isTrue();
            CompletableFuture<Object> blocked = loop.submit(Mono.fromCallable(() -> Mono.never().block(Duration.ofSeconds(30))));
            assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> blocked.get(10, SECONDS))
                    .havingCause().isInstanceOf(IllegalStateException.class)
                    .withMessageContaining("blocking, which is not supported");
        }
    }

    @Test
    @DisplayName("NonBlocking: the thread running Asyncio.run is NonBlocking while it runs the loop, and only then")
    void blockFailsFastUnderAsyncioRun() {
        boolean inside = runVirtual(() -> Mono.fromCallable(() -> {
            assertThatIllegalStateException().isThrownBy(() -> Mono.never().block(Duration.ofSeconds(30)))
                    .withMessageContaining("blocking, which is not supported");
            return Schedulers.isInNonBlockingThread();
        }));
        assertThat(inside).isTrue();
        assertThat(Schedulers.isInNonBlockingThread()).isFalse();
        assertThat(Mono.just(1).block()).isEqualTo(1);
    }
}
