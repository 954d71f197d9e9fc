package io.github.asyncio4j;

import java.util.Arrays;

/**
 * A min-heap of {@link TimerHandle}s by (deadline, arming order), with removal by index.
 *
 * <p>Layout: a 4-ary heap (half the depth of a binary one) whose deadlines live in an array beside
 * the handles ({@code whens}), so a sift compares deadlines in contiguous memory and touches only
 * the handles it moves (to update their {@code heapIndex}), not every child it looks at. With
 * 100,000 armed timers (W2, W6) the heap no longer fits in the cache, and the key comparisons of a
 * binary heap of objects were the loop's top frames.
 *
 * <p>Removal is lazy, as in CPython's loop ({@code _timer_handle_cancelled} counts cancelled
 * timers, and {@code _run_once} purges and re-heapifies once they are more than half the heap):
 * a removed timer's slot gets this heap's one tombstone (its deadline stays in the array; among
 * equal deadlines it sorts first, see {@code before}), so the handle (and the task behind it) is
 * released at once, and the tombstones are dropped when they
 * reach the top or, all together in O(n), once they are half the heap. Cancelling many timers (W5:
 * 100,000 sleeping tasks cancelled at once) is then O(1) each, and allocates nothing.
 *
 * <p>Loop thread only.
 */
final class TimerHeap {

    private static final int MIN_PURGE = 64;
    private static final int INITIAL = 64;

    private TimerHandle[] heap = new TimerHandle[INITIAL];
    private long[] whens = new long[INITIAL];
    /** Slots used, tombstones included. */
    private int size;
    /** Tombstones among them. */
    private int dead;
    private int nextSeq;
    /** Stands in the slot of every removed timer of this heap; its key is in the arrays. */
    private final TimerHandle tombstone = new Tombstone();

    /** Live timers. */
    int size() {
        return size - dead;
    }

    TimerHandle peek() {
        while (size > 0 && heap[0] == tombstone) {
            removeAt(0);
            dead--;
        }
        return size == 0 ? null : heap[0];
    }

    void add(TimerHandle t) {
        if (size == heap.length) {
            resize(size * 2);
        }
        t.seq = nextSeq++;
        siftUp(size++, t, t.when);
    }

    TimerHandle poll() {
        TimerHandle top = peek();
        if (top != null) {
            removeAt(0);
        }
        return top;
    }

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
        heap[i] = tombstone;
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

    private void purge() {
        int n = 0;
        for (int i = 0; i < size; i++) {
            TimerHandle t = heap[i];
            if (t != tombstone) {
                heap[n] = t;
                whens[n] = whens[i];
                t.heapIndex = n;
                n++;
            }
        }
        Arrays.fill(heap, n, size, null);
        size = n;
        dead = 0;
        for (int i = (n - 2) >> 2; i >= 0; i--) {
            siftDown(i, heap[i], whens[i]);
        }
        int capacity = heap.length;
        while (capacity > INITIAL && n < capacity / 4) {
            capacity /= 2;
        }
        if (capacity != heap.length) {
            resize(capacity);
        }
    }

    private void resize(int capacity) {
        heap = Arrays.copyOf(heap, capacity);
        whens = Arrays.copyOf(whens, capacity);
    }

    private static final class Tombstone extends TimerHandle {
        @Override
        public void run() {
            throw new IllegalStateException("a removed timer's tombstone never runs");
        }
    }

    /** Removes the top ({@code i} is always 0: other removals leave a tombstone). */
    private void removeAt(int i) {
        TimerHandle removed = heap[i];
        if (removed != tombstone) {
            removed.heapIndex = -1;
        }
        int last = --size;
        TimerHandle moved = heap[last];
        heap[last] = null;
        if (i != last) {
            long w = whens[last];
            if (!siftDown(i, moved, w)) {
                siftUp(i, moved, w);
            }
        }
        if (heap.length > INITIAL && size < heap.length / 4) {
            resize(heap.length / 2);
        }
    }

    /**
     * Whether {@code a} (deadline {@code wa}) comes before {@code b} (deadline {@code wb}): earlier
     * deadline, then armed first. Deadlines are in nanoseconds, so ties are rare, and only they
     * read the handles' arming order. Among equal deadlines the tombstone comes first: it stands
     * for a timer armed before anything still to be added, and removal only ever takes the top,
     * so putting it first keeps the live timers in their exact order.
     */
    private boolean before(long wa, TimerHandle a, long wb, TimerHandle b) {
        if (wa != wb) {
            return wa < wb;
        }
        if (a == tombstone || b == tombstone) {
            return a == tombstone;
        }
        return a.seq - b.seq < 0;
    }

    private void place(int i, TimerHandle t, long w) {
        heap[i] = t;
        whens[i] = w;
        t.heapIndex = i;
    }

    /** Moves the hole at {@code i} up until {@code t} (deadline {@code w}) fits, and puts it there. */
    private void siftUp(int i, TimerHandle t, long w) {
        while (i > 0) {
            int parent = (i - 1) >> 2;
            long pw = whens[parent];
            TimerHandle p = heap[parent];
            if (!before(w, t, pw, p)) {
                break;
            }
            place(i, p, pw);
            i = parent;
        }
        place(i, t, w);
    }

    /**
     * Moves the hole at {@code i} down until {@code t} (deadline {@code w}) fits, and puts it there.
     *
     * @return whether {@code t} moved down
     */
    private boolean siftDown(int i, TimerHandle t, long w) {
        int start = i;
        int n = size;
        for (;;) {
            int first = (i << 2) + 1;
            if (first >= n) {
                break;
            }
            int end = Math.min(first + 4, n);
            int min = first;
            long mw = whens[first];
            for (int c = first + 1; c < end; c++) {
                long cw = whens[c];
                if (cw < mw || cw == mw && before(cw, heap[c], mw, heap[min])) {
                    min = c;
                    mw = cw;
                }
            }
            TimerHandle m = heap[min];
            if (!before(mw, m, w, t)) {
                break;
            }
            place(i, m, mw);
            i = min;
        }
        place(i, t, w);
        return i != start;
    }
}
