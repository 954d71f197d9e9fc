package io.github.asyncio4j;

import java.util.Objects;
import java.util.concurrent.CompletionException;

/**
 * How one awaitable ended, as {@link Asyncio#gatherSettled(java.util.List)} reports it (asyncio's
 * {@code gather(..., return_exceptions=True)}, where an exception stands in the result list in place
 * of a value).
 *
 * @param <T> the value type
 */
public sealed interface Outcome<T> permits Outcome.Success, Outcome.Failure {

    /**
     * Whether the awaitable produced a value (or completed empty, which counts as a {@code null} value).
     *
     * @return {@code true} for a {@link Success}
     */
    boolean isSuccess();

    /**
     * The value of a success.
     *
     * @return the value, {@code null} when the awaitable completed empty
     * @throws RuntimeException for a failure: the failure itself when it is unchecked (a
     *     {@link CancelledException} for a cancelled child), else a {@link CompletionException}
     *     wrapping it; an {@link Error} is rethrown as itself
     */
    T value();

    /**
     * The failure of a failure.
     *
     * @return the failure, or {@code null} for a success
     */
    Throwable error();

    /**
     * A value.
     *
     * @param value the value, {@code null} when the awaitable completed empty
     * @param <T> the value type
     */
    record Success<T>(T value) implements Outcome<T> {
        @Override
        public boolean isSuccess() {
            return true;
        }

        @Override
        public Throwable error() {
            return null;
        }
    }

    /**
     * A failure; a cancelled child is a failure holding its {@link CancelledException}.
     *
     * @param error the failure, never {@code null}
     * @param <T> the value type
     */
    record Failure<T>(Throwable error) implements Outcome<T> {
        /**
         * Creates a failure.
         *
         * @param error the failure
         * @throws NullPointerException if {@code error} is {@code null}
         */
        public Failure {
            Objects.requireNonNull(error, "error");
        }

        @Override
        public boolean isSuccess() {
            return false;
        }

        @Override
        public T value() {
            throw Failures.propagate(error);
        }
    }
}
