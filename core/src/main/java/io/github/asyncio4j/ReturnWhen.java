package io.github.asyncio4j;

/**
 * When {@link Asyncio#wait(java.util.Collection, ReturnWhen, java.time.Duration)} returns
 * (asyncio's {@code FIRST_COMPLETED}, {@code FIRST_EXCEPTION}, {@code ALL_COMPLETED}).
 */
public enum ReturnWhen {
    /** As soon as any future is done (reporting every future done at that moment). */
    FIRST_COMPLETED,
    /**
     * As soon as any future fails with an exception; a cancellation does not count as one. With no
     * failure it is the same as {@link #ALL_COMPLETED}.
     */
    FIRST_EXCEPTION,
    /** When every future is done. */
    ALL_COMPLETED
}
