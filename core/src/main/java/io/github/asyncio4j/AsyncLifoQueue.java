package io.github.asyncio4j;

/**
 * asyncio's {@code LifoQueue}: an {@link AsyncQueue} that hands out the most recently added item
 * first (a stack). Everything else, waiting, fairness, cancellation and shutdown included, is
 * {@link AsyncQueue}'s.
 *
 * @param <T> the item type
 */
public class AsyncLifoQueue<T> extends AsyncQueue<T> {

    /** Creates an unbounded LIFO queue. */
    public AsyncLifoQueue() {
        this(0);
    }

    /**
     * Creates a LIFO queue that holds at most {@code maxsize} items.
     *
     * @param maxsize the capacity; zero or negative means unbounded
     */
    public AsyncLifoQueue(int maxsize) {
        super(maxsize, QueueStorage.lifo());
    }
}
