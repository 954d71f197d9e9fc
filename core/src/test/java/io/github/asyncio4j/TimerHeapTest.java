package io.github.asyncio4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The timer heap's lazy removal: removed timers leave tombstones that must never surface, never
 * reorder the live ones, and be dropped (at the top, or all at once when they are half the heap).
 */
class TimerHeapTest {

    private static final class T extends TimerHandle {
        final int id;

        T(int id, long when) {
            this.id = id;
            this.when = when;
        }

        @Override
        public void run() {
        }
    }

    @Test
    @DisplayName("timers come out by (deadline, arming order) whatever was removed before or in between; removed ones never come out")
    void removalKeepsOrder() {
        SplittableRandom rnd = new SplittableRandom(42);
        for (int round = 0; round < 20; round++) {
            TimerHeap heap = new TimerHeap();
            List<T> live = new ArrayList<>();
            for (int i = 0; i < 2_000; i++) {
                T t = new T(i, rnd.nextInt(100));
                heap.add(t);
                live.add(t);
            }
            // Remove most of them (forcing purges), in random order.
            for (int k = 0; k < 1_500; k++) {
                T t = live.remove(rnd.nextInt(live.size()));
                assertThat(heap.remove(t)).isTrue();
                assertThat(t.armed()).isFalse();
                assertThat(heap.remove(t)).isFalse();
                assertThat(heap.size()).isEqualTo(live.size());
            }
            live.sort(Comparator.<T>comparingLong(t -> t.when).thenComparingInt(t -> t.seq));
            List<Integer> expected = new ArrayList<>();
            List<Integer> actual = new ArrayList<>();
            // Interleave: poll half, remove some more, poll the rest.
            int half = live.size() / 2;
            for (int k = 0; k < half; k++) {
                expected.add(live.get(k).id);
                actual.add(((T) heap.poll()).id);
            }
            List<T> rest = new ArrayList<>(live.subList(half, live.size()));
            for (int k = 0; k < rest.size(); k += 3) {
                assertThat(heap.remove(rest.get(k))).isTrue();
            }
            for (int k = 0; k < rest.size(); k++) {
                if (k % 3 != 0) {
                    expected.add(rest.get(k).id);
                }
            }
            TimerHandle h;
            while ((h = heap.poll()) != null) {
                actual.add(((T) h).id);
            }
            assertThat(actual).isEqualTo(expected);
            assertThat(heap.size()).isZero();
            assertThat(heap.peek()).isNull();
        }
    }

    @Test
    @DisplayName("removing every timer, first-armed first (cancel-all), empties the heap")
    void removeAllInOrder() {
        TimerHeap heap = new TimerHeap();
        List<T> all = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            T t = new T(i, 3_600_000_000_000L + i);
            heap.add(t);
            all.add(t);
        }
        for (T t : all) {
            assertThat(heap.remove(t)).isTrue();
        }
        assertThat(heap.size()).isZero();
        assertThat(heap.peek()).isNull();
        T late = new T(-1, 5);
        heap.add(late);
        assertThat(heap.poll()).isSameAs(late);
    }

    @Test
    @DisplayName("random adds, removals and polls with many equal deadlines: the heap always yields what a sorted model yields")
    void matchesASortedModel() {
        SplittableRandom rnd = new SplittableRandom(7);
        Comparator<T> order = Comparator.<T>comparingLong(t -> t.when).thenComparingInt(t -> t.seq);
        for (int round = 0; round < 50; round++) {
            TimerHeap heap = new TimerHeap();
            java.util.TreeSet<T> model = new java.util.TreeSet<>(order);
            List<T> live = new ArrayList<>();
            int id = 0;
            for (int op = 0; op < 5_000; op++) {
                int kind = rnd.nextInt(10);
                if (kind < 5 || live.isEmpty()) {
                    T t = new T(id++, rnd.nextInt(20));
                    heap.add(t);
                    model.add(t);
                    live.add(t);
                } else if (kind < 8) {
                    T t = live.remove(rnd.nextInt(live.size()));
                    assertThat(heap.remove(t)).isTrue();
                    model.remove(t);
                } else {
                    T expected = model.pollFirst();
                    assertThat(heap.poll()).isSameAs(expected);
                    live.remove(expected);
                }
                assertThat(heap.size()).isEqualTo(model.size());
            }
            T t;
            while ((t = model.pollFirst()) != null) {
                assertThat(heap.poll()).isSameAs(t);
            }
            assertThat(heap.poll()).isNull();
        }
    }
}
