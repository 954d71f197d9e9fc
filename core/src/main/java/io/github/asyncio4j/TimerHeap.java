package io.github.asyncio4j;

import java.util.Arrays;

/**
 * A binary min-heap of {@link TimerHandle}s by (deadline, arming order), with removal by index.
 *
 * <p>Removal is lazy, as in CPython's loop ({@code _timer_handle_cancelled} counts cancelled
 * timers, and {@code _run_once} purges and re-heapifies once they are more than half the heap):
 * a removed timer's slot gets a {@link Tombstone} carrying only its key, so the handle (and the
 * task behind it) is released at once, and the tombstones are dropped when they reach the top or,
 * all together in O(n), once they are half the heap. Cancelling many timers (W5: 100,000 sleeping
 * tasks cancelled at once) is then O(1) each instead of a sift through the whole heap each.
 */
final class TimerHeap {

    private static final int MIN_PURGE = 64;

    private TimerHandle[] heap = new TimerHandle[64];
    /** Slots used, tombstones included. */
    private int size;
    /** Tombstones among them. */
    private int dead;
    private int nextSeq;

    /** Live timers. */
    int size() {
        return size - dead;
    }

    TimerHandle peek() {
        while (size > 0 && heap[0] instanceof Tombstone) {
            removeAt(0);
            dead--;
        }
        return size == 0 ? null : heap[0];
    }

    void add(TimerHandle t) {
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
        }
        t.seq = nextSeq++;
        int i = size++;
        heap[i] = t;
        t.heapIndex = i;
        siftUp(i);
    }

    TimerHandle poll() {
        TimerHandle top = peek();
        if (top != null) {
            removeAt(0);
        }
        return top;
    }

    /** Removes {@code t} if it is in the heap; returns whether it was. */
    boolean remove(TimerHandle t) {
        int i = t.heapIndex;
        if (i < 0 || i >= size || heap[i] != t) {
            return false;
        }
        t.heapIndex = -1;
        if (i == size - 1) {
            // The last slot: nothing to sift, and no tombstone to leave.
            heap[i] = null;
            size--;
            return true;
        }
        Tombstone stone = new Tombstone(t.when, t.seq);
        stone.heapIndex = i;
        heap[i] = stone;
        dead++;
        if (dead > MIN_PURGE && dead * 2 > size) {
            purge();
        }
        return true;
    }

    void clear() {
        for (int i = 0; i < size; i++) {
            heap[i].heapIndex = -1;
            heap[i] = null;
        }
        size = 0;
        dead = 0;
    }

    /** Drops every tombstone and rebuilds the heap bottom-up (Floyd), in O(n). */
    private void purge() {
        int n = 0;
        for (int i = 0; i < size; i++) {
            TimerHandle t = heap[i];
            if (!(t instanceof Tombstone)) {
                heap[n++] = t;
            }
        }
        Arrays.fill(heap, n, size, null);
        size = n;
        dead = 0;
        for (int i = 0; i < n; i++) {
            heap[i].heapIndex = i;
        }
        for (int i = (n >>> 1) - 1; i >= 0; i--) {
            siftDown(i);
        }
        int capacity = heap.length;
        while (capacity > 64 && n < capacity / 4) {
            capacity /= 2;
        }
        if (capacity != heap.length) {
            heap = Arrays.copyOf(heap, capacity);
        }
    }

    /** What a removed timer leaves in its slot until the heap drops it: its key, nothing else. */
    private static final class Tombstone extends TimerHandle {

        Tombstone(long when, int seq) {
            this.when = when;
            this.seq = seq;
        }

        @Override
        public void run() {
            throw new IllegalStateException("a removed timer's tombstone never runs");
        }
    }

    private void removeAt(int i) {
        TimerHandle removed = heap[i];
        removed.heapIndex = -1;
        int last = --size;
        if (i != last) {
            TimerHandle moved = heap[last];
            heap[i] = moved;
            moved.heapIndex = i;
            heap[last] = null;
            siftDown(i);
            if (heap[i] == moved) {
                siftUp(i);
            }
        } else {
            heap[last] = null;
        }
        if (heap.length > 64 && size < heap.length / 4) {
            heap = Arrays.copyOf(heap, heap.length / 2);
        }
    }

    private static boolean less(TimerHandle a, TimerHandle b) {
        if (a.when != b.when) {
            return a.when < b.when;
        }
        return a.seq - b.seq < 0;
    }

    private void siftUp(int i) {
        TimerHandle t = heap[i];
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            TimerHandle p = heap[parent];
            if (!less(t, p)) {
                break;
            }
            heap[i] = p;
            p.heapIndex = i;
            i = parent;
        }
        heap[i] = t;
        t.heapIndex = i;
    }

    private void siftDown(int i) {
        TimerHandle t = heap[i];
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            TimerHandle c = heap[child];
            int right = child + 1;
            if (right < size && less(heap[right], c)) {
                child = right;
                c = heap[child];
            }
            if (!less(c, t)) {
                break;
            }
            heap[i] = c;
            c.heapIndex = i;
            i = child;
        }
        heap[i] = t;
        t.heapIndex = i;
    }
}
