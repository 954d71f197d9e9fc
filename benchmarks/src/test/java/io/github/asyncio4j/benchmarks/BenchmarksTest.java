package io.github.asyncio4j.benchmarks;

import static io.github.asyncio4j.benchmarks.OnLoop.OPS;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Each benchmark invoked once, outside JMH, checking it does the work it claims: a benchmark of
 * code that fails measures nothing. JMH itself never runs in the build.
 */
class BenchmarksTest {

    private static final long SUM = (long) OPS * (OPS - 1) / 2;

    private final OnLoop on = new OnLoop();
    private final OnVirtualLoop virtual = new OnVirtualLoop();

    @BeforeEach
    void start() {
        on.start();
        virtual.start();
    }

    @AfterEach
    void close() {
        on.close();
        virtual.close();
        assertThat(on.loop.isClosed()).isTrue();
    }

    @Test
    @DisplayName("TaskBenchmark: every task is created, completed and awaited")
    void tasks() {
        TaskBenchmark b = new TaskBenchmark();
        assertThat(b.createAndAwaitOneByOne(on)).isEqualTo(SUM);
        assertThat(b.createAllThenAwait(on)).isEqualTo(SUM);
        assertThat(b.baselineWithoutTasks(on)).isEqualTo(SUM);
        assertThat(on.loop.allTasks()).isEmpty();
    }

    @Test
    @DisplayName("CallSoonBenchmark: the chain runs its callbacks, and a callback comes back from the loop")
    void callSoon() {
        CallSoonBenchmark b = new CallSoonBenchmark();
        assertThat(b.callSoonRoundTrip(on)).isEqualTo(OPS);
        assertThat(b.callSoonThreadsafeRoundTrip(on)).isEqualTo(42);
    }

    @Test
    @DisplayName("TimerBenchmark: every timer is armed and cancelled, among the pending ones")
    void timers() {
        TimerBenchmark b = new TimerBenchmark();
        b.pendingTimers = 10_000;
        b.armPendingTimers(on);
        assertThat(b.armAndCancel(on)).isEqualTo(OPS);
    }

    @Test
    @DisplayName("SleepBenchmark: every sleep is awaited; the timed ones advance the virtual clock by 1 s each")
    void sleeps() {
        SleepBenchmark b = new SleepBenchmark();
        assertThat(b.sleepZero(on)).isEqualTo(OPS);
        long before = virtual.loop.time();
        assertThat(b.sleepOneSecondVirtual(virtual)).isEqualTo(OPS);
        assertThat(virtual.loop.time() - before).isEqualTo(OPS * 1_000_000_000L);
    }

    @Test
    @DisplayName("CombinatorBenchmark: gather, wait, asCompleted, TaskGroup and waitFor see every child")
    void combinators() {
        CombinatorBenchmark b = new CombinatorBenchmark();
        b.n = 1_000;
        assertThat(b.createOnly(on)).isEqualTo(999);
        assertThat(b.cancelAll(on)).isEqualTo(1_000);
        assertThat(b.gather(on)).isEqualTo(1_000);
        assertThat(b.gatherSettled(on)).isEqualTo(1_000);
        assertThat(b.waitAll(on)).isEqualTo(1_000);
        assertThat(b.asCompleted(on)).isEqualTo(1_000L);
        assertThat(b.taskGroup(on)).isEqualTo(1_000);
        assertThat(b.waitForNoFire(on)).isEqualTo(1_000L);
        assertThat(on.loop.allTasks()).isEmpty();
    }

    @Test
    @DisplayName("PrimitivesBenchmark: every lock hold, queue item and permitted task is counted")
    void primitives() {
        PrimitivesBenchmark b = new PrimitivesBenchmark();
        assertThat(b.lockUncontended(on)).isEqualTo(OPS);
        assertThat(b.lockContended(on)).isEqualTo(OPS);
        assertThat(b.queueBetweenTwoTasks(on)).isEqualTo(SUM);
        assertThat(b.queueStreams(on)).isEqualTo(OPS);
        assertThat(b.semaphoreFanOut(on)).isEqualTo(OPS);
        assertThat(on.loop.allTasks()).isEmpty();
    }

    @Test
    @DisplayName("ReactorComparisonBenchmark: each asyncio4j workload and its plain Reactor twins see every value")
    void reactorComparison() {
        ReactorComparisonBenchmark b = new ReactorComparisonBenchmark();
        long n = ReactorComparisonBenchmark.N;
        long sum = n * (n - 1) / 2;
        assertThat(b.w1SpawnGatherAsyncio4j(on)).isEqualTo(sum);
        assertThat(b.w1FlatMapReactor(on)).isEqualTo(sum);
        assertThat(b.w1FlatMapHiddenReactor(on)).isEqualTo(sum);
        assertThat(b.w1FlatMapScheduledReactor(on)).isEqualTo(sum);
        assertThat(b.w3AwaitChainAsyncio4j(on)).isEqualTo(sum);
        assertThat(b.w3ConcatMapReactor(on)).isEqualTo(sum);
        assertThat(b.w3ConcatMapHiddenReactor(on)).isEqualTo(sum);
        assertThat(b.w3ConcatMapScheduledReactor(on)).isEqualTo(sum);
        assertThat(b.w4QueueAsyncio4j(on)).isEqualTo(sum);
        assertThat(b.w4QueueStreamsAsyncio4j(on)).isEqualTo(sum);
        assertThat(b.w4PublishOnReactor(on)).isEqualTo(sum);
        assertThat(b.w4RepeatIdiomReactor(on)).isEqualTo(sum);
        assertThat(on.loop.allTasks()).isEmpty();
    }

    @Test
    @DisplayName("PendingTaskFootprint: every measured task is pending on its sleep, and all are gone afterwards")
    void footprint() {
        PendingTaskFootprint.Footprint f = PendingTaskFootprint.measure(on.loop, 1_000);
        assertThat(f.pendingOnLoop()).isEqualTo(1_000);
        assertThat(on.loop.allTasks()).isEmpty();
    }
}
