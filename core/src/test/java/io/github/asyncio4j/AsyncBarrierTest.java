package io.github.asyncio4j;

import static io.github.asyncio4j.PrimitiveLoop.exec;
import static io.github.asyncio4j.PrimitiveLoop.s;
import static io.github.asyncio4j.PrimitiveLoop.tick;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * {@link AsyncBarrier}: the {@code BARRIER-} rows of BEHAVIORS.md. Every row has a Java twin
 * ({@code async with barrier as i} is {@code await()}, which emits the index).
 */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class AsyncBarrierTest {

    private final PrimitiveLoop loop = new PrimitiveLoop();

    @Test
    @DisplayName("BARRIER-01 parties < 1 is an IllegalArgumentException")
    void partiesMustBePositive() {
        assertThatThrownBy(() -> new AsyncBarrier(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("parties must be > 0");
        assertThatThrownBy(() -> new AsyncBarrier(-4)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new AsyncBarrier(1).parties()).isEqualTo(1);
    }

    @Test
    @DisplayName("BARRIER-02 await waits until parties tasks wait, then releases them all, each with a distinct index "
            + "in arrival order (x13)")
    void releasesAllWithIndices() {
        List<Object> seen = loop.run(() -> {
            AsyncBarrier b = new AsyncBarrier(3);
            List<Object> s = new ArrayList<>();
            List<Task<Integer>> t = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                int delay = i;
                t.add(Asyncio.createTask(Asyncio.sleep(s(delay)).then(b.await())
                        .doOnNext(idx -> s.add("arrived " + delay + " got " + idx + " at " + PrimitiveLoop.now()))));
            }
            return Mono.when(t)
                    .then(exec(() -> {
                        s.add(b.waiting());
                        s.add(b.isBroken());
                    }))
                    .then(new AsyncBarrier(1).await())
                    .doOnNext(s::add)
                    .thenReturn(s);
        });
        assertThat(seen).containsExactly("arrived 2 got 2 at 2.0", "arrived 0 got 0 at 2.0", "arrived 1 got 1 at 2.0",
                0, false, 0);
    }

    @Test
    @DisplayName("BARRIER-03 filling, draining, filling again: a task arriving while the barrier drains waits for the "
            + "next round; waiting() counts only while filling; toString shows the state")
    void drainingThenNextRound() {
        List<Object> seen = loop.run(() -> {
            AsyncBarrier b = new AsyncBarrier(3);
            List<Object> s = new ArrayList<>();
            List<Task<Integer>> t = new ArrayList<>();
            List<Integer> lateIndex = new ArrayList<>();
            Disposable[] late = new Disposable[1];
            return exec(() -> {
                t.add(Asyncio.createTask(b.await()));
                t.add(Asyncio.createTask(b.await()));
            })
                    .then(tick())
                    .then(exec(() -> s.add(b.waiting() + " " + b.toString().replaceAll(".*\\[", "["))))
                    .then(b.await())
                    .doOnNext(idx -> {
                        s.add("last arrival " + idx + ", then " + b.waiting() + " " + b.toString().replaceAll(".*\\[", "["));
                        late[0] = b.await().subscribe(lateIndex::add);
                    })
                    .then(Mono.defer(() -> Mono.when(t)))
                    .then(exec(() -> s.add("next round: " + b.waiting() + " " + b.toString().replaceAll(".*\\[", "["))))
                    .then(Mono.defer(() -> Mono.when(Asyncio.createTask(b.await()), Asyncio.createTask(b.await()))))
                    .then(exec(() -> s.add("late arrival got " + lateIndex)))
                    .thenReturn(s);
        });
        assertThat(seen).containsExactly("2 [filling, waiters:2/3]", "last arrival 2, then 0 [draining, waiters:0/3]",
                "next round: 1 [filling, waiters:1/3]", "late arrival got [0]");
    }

    @Test
    @DisplayName("BARRIER-03 a barrier is reusable: the same tasks wait twice")
    void waitTwice() {
        List<Integer> seen = loop.run(() -> {
            AsyncBarrier b = new AsyncBarrier(4);
            List<Integer> idx = new ArrayList<>();
            List<Task<Void>> t = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                t.add(Asyncio.createTask(b.await().doOnNext(idx::add).then(b.await()).doOnNext(idx::add).then()));
            }
            return Mono.when(t).thenReturn(idx);
        });
        assertThat(seen).hasSize(8);
        assertThat(seen.subList(0, 4)).containsExactlyInAnyOrder(0, 1, 2, 3);
        assertThat(seen.subList(4, 8)).containsExactlyInAnyOrder(0, 1, 2, 3);
    }

    @Test
    @DisplayName("BARRIER-04 a waiter cancelled by its task, or whose subscription is cancelled, leaves the barrier")
    void cancelledWaiterLeaves() {
        List<Object> seen = loop.run(() -> {
            AsyncBarrier b = new AsyncBarrier(4);
            List<Object> s = new ArrayList<>();
            List<Task<Integer>> t = new ArrayList<>();
            EventLoop l = EventLoop.running();
            return exec(() -> {
                t.add(Asyncio.createTask(b.await()));
                t.add(Asyncio.createTask(b.await()));
                t.add(Asyncio.createTask(b.await().timeout(s(1), l).onErrorResume(TimeoutException.class, e -> Mono.just(-1))));
            })
                    .then(tick())
                    .then(exec(() -> {
                        s.add(b.waiting());
                        t.get(0).cancel();
                    }))
                    .then(tick())
                    .then(exec(() -> s.add(b.waiting())))
                    .then(Asyncio.sleep(s(2)))
                    .then(exec(() -> s.add(b.waiting() + " after the timeout, task got " + t.get(2).result())))
                    .then(Mono.defer(() -> Mono.when(Asyncio.createTask(b.await()), Asyncio.createTask(b.await()),
                            Asyncio.createTask(b.await()))))
                    .then(Mono.defer(() -> t.get(1)))
                    .doOnNext(idx -> s.add("survivor got " + idx + ", cancelled " + t.get(0).isCancelled()))
                    .thenReturn(s);
        });
        assertThat(seen).containsExactly(3, 2, "1 after the timeout, task got -1", "survivor got 1, cancelled true");
    }

    @Test
    @DisplayName("BARRIER-05 reset() sends the current waiters a BrokenBarrierException and returns the barrier to "
            + "filling, not broken")
    void reset() {
        List<Object> seen = loop.run(() -> {
            AsyncBarrier b = new AsyncBarrier(3);
            List<Object> s = new ArrayList<>();
            List<Task<Integer>> t = new ArrayList<>();
            return exec(() -> {
                t.add(Asyncio.createTask(b.await()));
                t.add(Asyncio.createTask(b.await()));
            })
                    .then(tick())
                    .then(b.reset())
                    .then(exec(() -> s.add(b.toString().replaceAll(".*\\[", "["))))
                    .then(Mono.defer(() -> t.get(0)).onErrorResume(BrokenBarrierException.class,
                            e -> Mono.fromRunnable(() -> s.add(e.getMessage()))))
                    .then(Mono.defer(() -> t.get(1)).onErrorResume(BrokenBarrierException.class,
                            e -> Mono.fromRunnable(() -> s.add(e.getMessage()))))
                    .then(exec(() -> s.add(b.toString().replaceAll(".*\\[", "[") + " broken " + b.isBroken())))
                    .then(Mono.defer(() -> Mono.zip(Asyncio.createTask(b.await()), Asyncio.createTask(b.await()),
                            Asyncio.createTask(b.await()))))
                    .doOnNext(r -> s.add("usable again"))
                    .then(b.reset())
                    .then(exec(() -> s.add(b.toString().replaceAll(".*\\[", "["))))
                    .thenReturn(s);
        });
        assertThat(seen).containsExactly("[resetting, waiters:0/3]", "Abort or reset of barrier", "Abort or reset of barrier",
                "[filling, waiters:0/3] broken false", "usable again", "[filling, waiters:0/3]");
    }

    @Test
    @DisplayName("BARRIER-06 abort() breaks the barrier: current waiters get 'Abort or reset of barrier', later awaits "
            + "'Barrier aborted', until reset() repairs it (x13)")
    void abort() {
        List<Object> seen = loop.run(() -> {
            AsyncBarrier b = new AsyncBarrier(2);
            List<Object> s = new ArrayList<>();
            List<Task<Integer>> t = new ArrayList<>();
            return exec(() -> t.add(Asyncio.createTask(b.await())))
                    .then(tick())
                    .then(b.abort())
                    .then(exec(() -> s.add(b.isBroken() + " " + b.toString().replaceAll(".*\\[", "["))))
                    .then(Mono.defer(() -> t.get(0)).then())
                    .onErrorResume(BrokenBarrierException.class, e -> exec(() -> s.add(e.getMessage())))
                    .then(b.await().then())
                    .onErrorResume(BrokenBarrierException.class, e -> exec(() -> {
                        s.add(e.getMessage().substring(0, "Barrier aborted".length()));
                        s.add(e instanceof IllegalStateException);
                    }))
                    .then(b.reset())
                    .then(exec(() -> s.add(b.isBroken())))
                    .then(Mono.defer(() -> Mono.zip(Asyncio.createTask(b.await()), Asyncio.createTask(b.await()))))
                    .doOnNext(r -> s.add("repaired"))
                    .thenReturn(s);
        });
        assertThat(seen).containsExactly("true [broken]", "Abort or reset of barrier", "Barrier aborted", true, false,
                "repaired");
    }
}
