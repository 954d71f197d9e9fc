package io.github.asyncio4j.samples.webflux.calls;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One step in the life of a tracked call, as {@link CallTracker} saw it: a call started, or ended
 * with a value, a failure or a cancellation.
 *
 * @param requestId the {@code X-Request-Id} of the request the call belongs to
 * @param call the call's name: a downstream call ({@code "orders"}) or a request ({@code "GET /api/dashboard/42"})
 * @param state what happened
 * @param detail the failure's or cancellation's message, {@code null} otherwise
 */
public record CallRecord(String requestId, String call, State state, @Nullable String detail) {

    /** What happened to the call. */
    public enum State {
        /** The call was subscribed: the work began. */
        STARTED,
        /** It produced its value (or completed empty). */
        SUCCEEDED,
        /** It failed. */
        FAILED,
        /**
         * It was cancelled: a {@code CancelledException} reached it at its await point (the task
         * running it was cancelled: a client disconnect, a timeout, a lost race, a failed sibling
         * in a {@code TaskGroup}), or its subscription was cancelled.
         */
        CANCELLED;

        /**
         * Whether the call is over.
         *
         * @return {@code false} for {@link #STARTED} only
         */
        public boolean isEnd() {
            return this != STARTED;
        }
    }

    /**
     * A record.
     *
     * @param requestId the {@code X-Request-Id} of the request the call belongs to
     * @param call the call's name
     * @param state what happened
     * @param detail the failure's or cancellation's message, {@code null} otherwise
     * @throws NullPointerException if {@code requestId}, {@code call} or {@code state} is {@code null}
     */
    public CallRecord {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(call, "call");
        Objects.requireNonNull(state, "state");
    }
}
