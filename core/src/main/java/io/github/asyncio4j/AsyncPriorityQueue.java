package io.github.asyncio4j;

import java.util.Comparator;
import java.util.Objects;

/**
 * asyncio's {@code PriorityQueue}: an {@link AsyncQueue} that hands out the smallest item first,
 * by the {@link Comparator} given, or by the items' natural order (they must then be
 * {@link Comparable}, as for {@link java.util.PriorityQueue}). Items that compare equal come out in
 * no particular order, as with asyncio's {@code heapq}; to keep insertion order among equals, put
 * a sequence number in the key. Everything else is {@link AsyncQueue}'s.
 *
 * <p>An item that cannot be compared is refused with a {@link ClassCastException} from
 * {@code putNowait}, or as the error of {@code put}, leaving the queue as it was.
 *
 * @param <T> the item type
 */
public class AsyncPriorityQueue<T> extends AsyncQueue<T> {

    /** Creates an unbounded priority queue of {@link Comparable} items, smallest first. */
    public AsyncPriorityQueue() {
        this(0);
    }

    /**
     * Creates a priority queue of {@link Comparable} items, smallest first, holding at most {@code maxsize}.
     *
     * @param maxsize the capacity; zero or negative means unbounded
     */
    public AsyncPriorityQueue(int maxsize) {
        super(maxsize, QueueStorage.priority(null));
    }

    /**
     * Creates an unbounded priority queue ordered by {@code comparator}, smallest first.
     *
     * @param comparator the order
     * @throws NullPointerException if {@code comparator} is {@code null}
     */
    public AsyncPriorityQueue(Comparator<? super T> comparator) {
        this(0, comparator);
    }

    /**
     * Creates a priority queue ordered by {@code comparator}, smallest first, holding at most {@code maxsize}.
     *
     * @param maxsize the capacity; zero or negative means unbounded
     * @param comparator the order
     * @throws NullPointerException if {@code comparator} is {@code null}
     */
    public AsyncPriorityQueue(int maxsize, Comparator<? super T> comparator) {
        super(maxsize, QueueStorage.priority(Objects.requireNonNull(comparator, "comparator")));
    }
}
