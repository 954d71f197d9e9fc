package io.github.asyncio4j;

import static io.github.asyncio4j.CombinatorLoop.currentTask;
import static io.github.asyncio4j.CombinatorLoop.nanos;
import static io.github.asyncio4j.CombinatorLoop.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/**
 * {@link Asyncio#toThread}: the {@code to_thread} rows of BEHAVIORS.md's THREAD- section
 * (THREAD-01 to 03 belong to {@code EventLoop.submit}).
 *
 * <p>THREAD-04's {@code *args, **kwargs} pass-through is Python calling convention: a Java
 * {@link java.util.concurrent.Callable} closes over its arguments.
 *
 * <p>No Java twin: THREAD-06 ({@code run_in_executor} after {@code shutdown_default_executor()},
 * and {@code set_default_executor}'s type check): an asyncio4j loop owns no default executor to shut
 * down or replace; {@code toThread} runs on Reactor's {@code Schedulers.boundedElastic()}, whose
 * lifecycle is Reactor's, and Java's types rule out a non-executor.
 */
class ToThreadTest {

    private static final ContextVar<String> CV = new ContextVar<>("cv", "unset");

    private final CombinatorLoop loop = new CombinatorLoop();

    @Test
    @DisplayName("THREAD-04 fn runs once on a worker thread, sees the caller's ContextVars, and its value comes back on the loop")
    void runsOffTheLoopWithContext() {
        AtomicInteger calls = new AtomicInteger();
        String r = loop.run(() -> Mono.defer(() -> {
            Thread loopThread = Thread.currentThread();
            Task<?> main = currentTask();
            CV.set("parrot");
            return Asyncio.toThread(() -> {
                calls.incrementAndGet();
                String seen = CV.get();
                CV.set("set in the thread");
                return (Thread.currentThread() != loopThread ? "worker" : "LOOP") + " sees " + seen;
            }).map(v -> v + "; back on the loop in main's step: " + (Thread.currentThread() == loopThread
                    && Task.current().orElse(null) == main) + "; main still sees " + CV.get());
        }));
        assertThat(r).isEqualTo("worker sees parrot; back on the loop in main's step: true; main still sees parrot");
        assertThat(calls).hasValue(1);
    }

    @Test
    @DisplayName("THREAD-04 fn's exception is raised as itself, checked ones included; null is an empty Mono")
    void exceptionsAndNull() {
        String r = loop.run(() -> Asyncio.<String>toThread(() -> {
                    throw new IOException("disk");
                })
                .onErrorResume(IOException.class, e -> Mono.just("IOException " + e.getMessage()))
                .flatMap(v -> Asyncio.<String>toThread(() -> null).map(x -> "value").defaultIfEmpty(v + ", then empty")));
        assertThat(r).isEqualTo("IOException disk, then empty");
    }

    @Test
    @DisplayName("THREAD-04 calls run concurrently; each subscription calls fn once")
    void concurrentAndCold() {
        AtomicInteger calls = new AtomicInteger();
        List<Object> r = loop.run(() -> Mono.defer(() -> {
            CountDownLatch both = new CountDownLatch(2);
            Mono<Boolean> meet = Asyncio.toThread(() -> {
                calls.incrementAndGet();
                both.countDown();
                // Both calls must be in flight at once for either to get past this.
                return both.await(10, TimeUnit.SECONDS);
            });
            // Two subscriptions of the same cold Mono (gather would run one instance once: GATHER-12).
            return Asyncio.gather(meet, meet.map(b -> b));
        }));
        assertThat(r).containsExactly(true, true);
        assertThat(calls).hasValue(2);
    }

    @Test
    @DisplayName("THREAD-04 the virtual clock does not jump past work running on a thread")
    void virtualClockWaitsForTheThread() {
        String r = loop.run(() -> Mono.defer(() -> {
            CountDownLatch timerFired = new CountDownLatch(1);
            EventLoop.running().callLater(s(1), timerFired::countDown);
            // If the loop, idle meanwhile, jumped its clock to the timer, the timer would release fn.
            return Asyncio.toThread(() -> timerFired.await(200, TimeUnit.MILLISECONDS))
                    .map(fired -> "timer fired while the thread ran? " + fired + " | clock when it came back " + nanos());
        }));
        assertThat(r).isEqualTo("timer fired while the thread ran? false | clock when it came back 0");
    }

    @Test
    @DisplayName("THREAD-05 cancelling the awaiting task does not interrupt the thread; its late outcome is dropped")
    void cancellationLeavesTheThreadRunning() {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch ended = new CountDownLatch(1);
        AtomicBoolean interrupted = new AtomicBoolean();
        String r = loop.run(() -> Mono.defer(() -> {
            Task<String> t = Asyncio.createTask(Asyncio.toThread(() -> {
                started.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    interrupted.set(true);
                    Thread.currentThread().interrupt();
                } finally {
                    ended.countDown();
                }
                throw new IllegalStateException("late failure, dropped as asyncio drops it");
            }));
            return Asyncio.toThread(() -> started.await(10, TimeUnit.SECONDS))
                    .then(Mono.fromRunnable(() -> t.cancel("stop waiting")))
                    .then(t.then(Mono.just("not cancelled")).onErrorResume(CancelledException.class,
                            e -> Mono.just("awaiting task cancelled (" + e.getMessage() + "); thread still running? "
                                    + (ended.getCount() == 1))))
                    .doOnNext(x -> release.countDown())
                    .flatMap(msg -> Asyncio.toThread(() -> ended.await(10, TimeUnit.SECONDS))
                            .map(finished -> msg + "; thread finished anyway? " + finished + ", interrupted? " + interrupted.get()));
        }));
        assertThat(r).isEqualTo("awaiting task cancelled (stop waiting); thread still running? true;"
                + " thread finished anyway? true, interrupted? false");
    }

    @Test
    @DisplayName("toThread: needs a running loop; a null fn fails at the call")
    void badUse() {
        assertThatThrownBy(() -> Asyncio.toThread(() -> 1).block())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("no running event loop");
        assertThatThrownBy(() -> Asyncio.toThread(null)).isInstanceOf(NullPointerException.class).hasMessage("fn");
    }
}
