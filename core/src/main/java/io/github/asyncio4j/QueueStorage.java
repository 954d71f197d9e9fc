package io.github.asyncio4j;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import org.jspecify.annotations.Nullable;

/**
 * Where an {@link AsyncQueue} keeps its items: the three methods CPython's {@code Queue} lets
 * subclasses override ({@code _init}, {@code _put}, {@code _get}), plus {@link #putBack}, for an
 * item that was taken but could not be delivered. Loop thread only.
 */
abstract class QueueStorage<T> {

    abstract void put(T item);

    abstract T take();

    /** Returns an item just taken, so that it is the next one {@link #take()} returns (or in its place by priority). */
    abstract void putBack(T item);

    abstract int size();

    /** The items in storage order, for {@code toString}. */
    abstract List<T> snapshot();

    /** First in, first out: {@link AsyncQueue}. */
    static <T> QueueStorage<T> fifo() {
        return new DequeStorage<>(false);
    }

    /** Last in, first out: {@link AsyncLifoQueue}. */
    static <T> QueueStorage<T> lifo() {
        return new DequeStorage<>(true);
    }

    /** Smallest first: {@link AsyncPriorityQueue}. */
    static <T> QueueStorage<T> priority(@Nullable Comparator<? super T> comparator) {
        return new Priority<>(comparator);
    }

    /** FIFO and LIFO: one deque, items put at the tail, taken from the head or the tail. */
    private static final class DequeStorage<T> extends QueueStorage<T> {
        private final ArrayDeque<T> items = new ArrayDeque<>();
        private final boolean lifo;

        DequeStorage(boolean lifo) {
            this.lifo = lifo;
        }

        @Override
        void put(T item) {
            items.addLast(item);
        }

        @Override
        T take() {
            return lifo ? items.pollLast() : items.pollFirst();
        }

        /** Back where {@link #take()} finds it first. */
        @Override
        void putBack(T item) {
            if (lifo) {
                items.addLast(item);
            } else {
                items.addFirst(item);
            }
        }

        @Override
        int size() {
            return items.size();
        }

        @Override
        List<T> snapshot() {
            return new ArrayList<>(items);
        }
    }

    /**
     * A binary heap, as CPython's {@code heapq}: items that compare equal come out in no
     * particular order.
     */
    private static final class Priority<T> extends QueueStorage<T> {
        @Nullable
        private final Comparator<? super T> comparator;
        private final PriorityQueue<T> items;

        Priority(@Nullable Comparator<? super T> comparator) {
            this.comparator = comparator;
            this.items = new PriorityQueue<>(comparator);
        }

        @Override
        void put(T item) {
            // Compare before inserting: java.util.PriorityQueue that fails half-way through a sift
            // (an item it cannot compare) would lose an element it had already moved.
            T head = items.peek();
            if (comparator == null) {
                if (!(item instanceof Comparable)) {
                    throw new ClassCastException(item.getClass().getName() + " is not Comparable: an AsyncPriorityQueue "
                            + "without a Comparator needs Comparable items; pass a Comparator to its constructor");
                }
                if (head != null) {
                    @SuppressWarnings("unchecked")
                    Comparable<? super T> key = (Comparable<? super T>) item;
                    key.compareTo(head);
                }
            } else if (head != null) {
                comparator.compare(item, head);
            }
            items.offer(item);
        }

        @Override
        T take() {
            return items.poll();
        }

        @Override
        void putBack(T item) {
            items.offer(item);
        }

        @Override
        int size() {
            return items.size();
        }

        @Override
        List<T> snapshot() {
            return new ArrayList<>(items);
        }
    }
}
