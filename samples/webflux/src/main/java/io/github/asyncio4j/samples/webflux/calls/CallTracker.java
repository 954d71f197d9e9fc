package io.github.asyncio4j.samples.webflux.calls;

import io.github.asyncio4j.CancelledException;
import io.github.asyncio4j.samples.webflux.calls.CallRecord.State;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Remembers what happened to the calls of the last requests: when each started and how it ended
 * (value, failure, or cancellation). The handlers report every downstream call here, and
 * {@link RequestTracking} every request, so {@code GET /api/calls/{requestId}} can show, say, that
 * a client disconnect cancelled the three calls of a dashboard, and the downstream requests behind
 * them.
 *
 * <p>The cancellation is seen the asyncio way: {@link #track} listens for the
 * {@link CancelledException} that a cancelled task receives at its await point (Python's
 * {@code except CancelledError: ...; raise}), which is where a real handler would release what it
 * holds.
 *
 * <p>Threads: requests run on several event loops at once, so this bean is shared between loop
 * threads; it uses concurrent collections (never a lock, so a loop never blocks on it).
 */
@Component
public final class CallTracker {

    private static final Logger log = LoggerFactory.getLogger(CallTracker.class);

    /** How many requests are remembered; the oldest are forgotten first. */
    static final int KEPT_REQUESTS = 1_000;
    private static final String SUBSCRIPTION_CANCELLED = "subscription cancelled";

    private final ConcurrentHashMap<String, Queue<CallRecord>> byRequest = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<String> arrival = new ConcurrentLinkedQueue<>();
    private final CopyOnWriteArrayList<Consumer<? super CallRecord>> listeners = new CopyOnWriteArrayList<>();

    /**
     * Tracks {@code work}: records {@link State#STARTED} at each subscription, then how it ended.
     * The Mono is otherwise {@code work} itself: same value, same failure, same cancellation.
     *
     * @param requestId the request the call belongs to
     * @param call the call's name within the request
     * @param work the call
     * @param <T> the value type
     * @return {@code work}, tracked
     * @throws NullPointerException if an argument is {@code null}
     */
    public <T> Mono<T> track(String requestId, String call, Mono<T> work) {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(call, "call");
        Objects.requireNonNull(work, "work");
        return Mono.defer(() -> {
                    record(requestId, call, State.STARTED, null);
                    return work;
                })
                .doOnSuccess(value -> record(requestId, call, State.SUCCEEDED, null))
                // A cancelled task gets CancelledException at its await point: that is our cleanup hook.
                .doOnError(e -> record(requestId, call, e instanceof CancellationException ? State.CANCELLED : State.FAILED,
                        e.getMessage()))
                // A subscription cancelled Reactor-style (no task delivered a CancelledException).
                .doOnCancel(() -> record(requestId, call, State.CANCELLED, SUBSCRIPTION_CANCELLED));
    }

    /**
     * Tracks a stream, as {@link #track(String, String, Mono)}: {@link State#SUCCEEDED} once it
     * completes. A streaming response whose client goes away has its Flux cancelled by the server
     * (Reactor-style): that is recorded as {@link State#CANCELLED}.
     *
     * @param requestId the request the stream belongs to
     * @param call the stream's name within the request
     * @param work the stream
     * @param <T> the element type
     * @return {@code work}, tracked
     * @throws NullPointerException if an argument is {@code null}
     */
    public <T> Flux<T> track(String requestId, String call, Flux<T> work) {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(call, "call");
        Objects.requireNonNull(work, "work");
        return Flux.defer(() -> {
                    record(requestId, call, State.STARTED, null);
                    return work;
                })
                .doOnComplete(() -> record(requestId, call, State.SUCCEEDED, null))
                .doOnError(e -> record(requestId, call, e instanceof CancellationException ? State.CANCELLED : State.FAILED,
                        e.getMessage()))
                .doOnCancel(() -> record(requestId, call, State.CANCELLED, SUBSCRIPTION_CANCELLED));
    }

    /**
     * What happened to the calls of a request, in the order it happened.
     *
     * @param requestId the request's {@code X-Request-Id}
     * @return a snapshot; empty for a request not seen (or forgotten)
     * @throws NullPointerException if {@code requestId} is {@code null}
     */
    public List<CallRecord> calls(String requestId) {
        Objects.requireNonNull(requestId, "requestId");
        Queue<CallRecord> records = byRequest.get(requestId);
        return records == null ? List.of() : List.copyOf(records);
    }

    /**
     * Calls {@code listener} with every record from now on, on the thread that made it (an event
     * loop thread, usually): it must be quick and must not block.
     *
     * @param listener the listener
     * @return disposing it removes the listener
     * @throws NullPointerException if {@code listener} is {@code null}
     */
    public Disposable listen(Consumer<? super CallRecord> listener) {
        Objects.requireNonNull(listener, "listener");
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    private void record(String requestId, String call, State state, @Nullable String detail) {
        CallRecord record = new CallRecord(requestId, call, state, detail);
        recordsOf(requestId).add(record);
        for (Consumer<? super CallRecord> listener : listeners) {
            try {
                listener.accept(record);
            } catch (RuntimeException e) {
                // One broken listener must not fail the call it watches, nor starve the other listeners.
                log.warn("CallTracker listener {} failed on {}", listener, record, e);
            }
        }
    }

    /** The records of a request; a new request is remembered, and the oldest forgotten when there are too many. */
    private Queue<CallRecord> recordsOf(String requestId) {
        Queue<CallRecord> records = byRequest.get(requestId);
        if (records != null) {
            return records;
        }
        Queue<CallRecord> fresh = new ConcurrentLinkedQueue<>();
        records = byRequest.putIfAbsent(requestId, fresh);
        if (records != null) {
            return records;
        }
        arrival.add(requestId);
        while (byRequest.size() > KEPT_REQUESTS) {
            String oldest = arrival.poll();
            if (oldest == null) {
                break;
            }
            byRequest.remove(oldest);
        }
        return fresh;
    }
}
