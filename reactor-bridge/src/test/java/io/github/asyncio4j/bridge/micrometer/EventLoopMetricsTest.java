package io.github.asyncio4j.bridge.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.asyncio4j.Asyncio;
import io.github.asyncio4j.CancelledException;
import io.github.asyncio4j.EventLoop;
import io.github.asyncio4j.Task;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.scheduler.VirtualTimeScheduler;

/** {@link EventLoopMetrics}: task counters, ready-queue depth and the probed loop lag. */
class EventLoopMetricsTest {

    private static double counter(MeterRegistry r, String name) {
        return r.get(name).functionCounter().count();
    }

    private static double gauge(MeterRegistry r, String name) {
        return r.get(name).gauge().value();
    }

    @Test
    @DisplayName("meters: tasks created, active, cancelled and failed follow the loop's tasks, tagged with the loop's name")
    void taskCounters() {
        MeterRegistry registry = new SimpleMeterRegistry();
        List<Double> during = Asyncio.run(() -> {
            EventLoop loop = EventLoop.running();
            new EventLoopMetrics(loop, Tags.of("app", "test"), Duration.ofHours(1)).bindTo(registry);
            Task<String> ok = Asyncio.createTask(Asyncio.sleep(Duration.ofSeconds(1), "ok"));
            Task<String> failing = Asyncio.createTask(Asyncio.sleep(Duration.ofSeconds(1)).then(Mono.error(new IllegalStateException("x"))));
            Task<String> cancelled = Asyncio.createTask(Asyncio.sleep(Duration.ofHours(1), "never"));
            List<Double> out = new ArrayList<>();
            return Asyncio.sleep(Duration.ZERO)
                    .then(Mono.fromRunnable(() -> {
                        out.add(counter(registry, "asyncio4j.loop.tasks.created"));
                        out.add(gauge(registry, "asyncio4j.loop.tasks.active"));
                        cancelled.cancel();
                    }))
                    .then(ok)
                    .then(failing.onErrorResume(IllegalStateException.class, e -> Mono.empty()))
                    .then(cancelled.onErrorResume(CancelledException.class, e -> Mono.empty()))
                    .then(Mono.fromCallable(() -> {
                        out.add(counter(registry, "asyncio4j.loop.tasks.created"));
                        out.add(gauge(registry, "asyncio4j.loop.tasks.active"));
                        out.add(counter(registry, "asyncio4j.loop.tasks.cancelled"));
                        out.add(counter(registry, "asyncio4j.loop.tasks.failed"));
                        return out;
                    }));
        }, EventLoop.builder().virtualTime().name("metered"));
        // main + 3 children created; all four running at first, only main at the end.
        assertThat(during).containsExactly(4.0, 4.0, 4.0, 1.0, 1.0, 1.0);
        assertThat(registry.get("asyncio4j.loop.tasks.created").tag("loop", "metered").tag("app", "test").meter()).isNotNull();
    }

    @Test
    @DisplayName("meters: the ready gauge shows how many callbacks the latest iteration began with")
    void readyDepth() {
        MeterRegistry registry = new SimpleMeterRegistry();
        Double seen = Asyncio.run(() -> {
            new EventLoopMetrics(EventLoop.running(), Tags.empty(), Duration.ofHours(1)).bindTo(registry);
            AtomicLong depth = new AtomicLong(-1);
            for (int i = 0; i < 5; i++) {
                EventLoop.running().callSoon(() -> depth.compareAndSet(-1, (long) gauge(registry, "asyncio4j.loop.ready")));
            }
            return Asyncio.sleep(Duration.ZERO).then(Mono.fromCallable(() -> (double) depth.get()));
        }, EventLoop.builder().virtualTime());
        // The five callbacks and the main task's wake-up from sleep(0) were ready together.
        assertThat(seen).isEqualTo(6.0);
    }

    @Test
    @DisplayName("meters: the lag probe records the time from being queued to running, one probe at a time")
    void lag() throws Exception {
        MeterRegistry registry = new SimpleMeterRegistry();
        AtomicLong clock = new AtomicLong();
        VirtualTimeScheduler probes = VirtualTimeScheduler.create();
        EventLoop loop = EventLoop.start("lagging");
        EventLoopMetrics metrics = new EventLoopMetrics(loop, Tags.empty(), Duration.ofSeconds(1), probes, clock::get);
        try {
            metrics.bindTo(registry);
            Timer lag = registry.get("asyncio4j.loop.lag").timer();
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch stuck = new CountDownLatch(1);
            loop.callSoonThreadsafe(() -> {
                stuck.countDown();
                await(release);
            });
            assertThat(stuck.await(10, TimeUnit.SECONDS)).isTrue();
            clock.set(100);
            probes.advanceTimeBy(Duration.ofSeconds(1));
            probes.advanceTimeBy(Duration.ofSeconds(1));
            clock.set(350);
            release.countDown();
            loop.submit(Mono.empty()).get(10, TimeUnit.SECONDS);
            assertThat(lag.count()).as("the second probe found the first still waiting").isEqualTo(1);
            assertThat(lag.totalTime(TimeUnit.NANOSECONDS)).isEqualTo(250.0);

            clock.set(1000);
            probes.advanceTimeBy(Duration.ofSeconds(1));
            loop.submit(Mono.empty()).get(10, TimeUnit.SECONDS);
            assertThat(lag.count()).isEqualTo(2);

            metrics.close();
            probes.advanceTimeBy(Duration.ofSeconds(5));
            loop.submit(Mono.empty()).get(10, TimeUnit.SECONDS);
            assertThat(lag.count()).as("closed: no more probes").isEqualTo(2);
        } finally {
            loop.close();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    @DisplayName("meters: once the loop is closed the probe stops by itself; the counters keep their last values")
    void closedLoop() {
        MeterRegistry registry = new SimpleMeterRegistry();
        VirtualTimeScheduler probes = VirtualTimeScheduler.create();
        EventLoop loop = EventLoop.start("closing");
        EventLoopMetrics metrics = new EventLoopMetrics(loop, Tags.empty(), Duration.ofSeconds(1), probes, System::nanoTime);
        metrics.bindTo(registry);
        loop.submit(Mono.just(1)).join();
        loop.close();
        probes.advanceTimeBy(Duration.ofSeconds(3));
        assertThat(metrics.toString()).endsWith(", closed]");
        assertThat(counter(registry, "asyncio4j.loop.tasks.created")).isEqualTo(1.0);
        assertThat(gauge(registry, "asyncio4j.loop.tasks.active")).isZero();
    }

    @Test
    @DisplayName("meters: null arguments and a non-positive probe interval are refused with exceptions naming them")
    void badArguments() {
        EventLoop loop = EventLoop.start("metrics-args");
        try {
            assertThatThrownBy(() -> new EventLoopMetrics(null)).isInstanceOf(NullPointerException.class).hasMessage("loop");
            assertThatThrownBy(() -> new EventLoopMetrics(loop, null, Duration.ofSeconds(1)))
                    .isInstanceOf(NullPointerException.class).hasMessage("tags");
            assertThatThrownBy(() -> new EventLoopMetrics(loop, Tags.empty(), null))
                    .isInstanceOf(NullPointerException.class).hasMessage("lagProbeInterval");
            assertThatThrownBy(() -> new EventLoopMetrics(loop, Tags.empty(), Duration.ZERO))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("lagProbeInterval must be positive, got PT0S");
            assertThatThrownBy(() -> new EventLoopMetrics(loop).bindTo(null))
                    .isInstanceOf(NullPointerException.class).hasMessage("registry");
        } finally {
            loop.close();
        }
    }
}
