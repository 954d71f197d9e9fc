package io.github.asyncio4j;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * The {@code (done, pending)} pair that {@link Asyncio#wait(java.util.Collection, ReturnWhen, java.time.Duration)}
 * returns. Both sets keep the order of the input collection and are unmodifiable.
 *
 * @param done the futures that were done when {@code wait} returned
 * @param pending the futures that were not
 * @param <T> the value type of the futures
 */
public record WaitResult<T>(Set<AsyncFuture<T>> done, Set<AsyncFuture<T>> pending) {

    /**
     * Creates a result; the sets are copied, keeping their iteration order.
     *
     * @param done the done futures
     * @param pending the pending futures
     * @throws NullPointerException if either set is {@code null}
     */
    public WaitResult {
        done = Collections.unmodifiableSet(new LinkedHashSet<>(Objects.requireNonNull(done, "done")));
        pending = Collections.unmodifiableSet(new LinkedHashSet<>(Objects.requireNonNull(pending, "pending")));
    }
}
