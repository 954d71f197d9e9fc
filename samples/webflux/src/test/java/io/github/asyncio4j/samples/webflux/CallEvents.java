package io.github.asyncio4j.samples.webflux;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.asyncio4j.samples.webflux.calls.CallRecord;
import io.github.asyncio4j.samples.webflux.calls.CallRecord.State;
import io.github.asyncio4j.samples.webflux.calls.CallTracker;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * What {@link CallTracker} reports while a test runs, to wait on with a bound: when a call of a
 * request started, and how it ended.
 */
final class CallEvents implements Consumer<CallRecord> {

    /** How long a test waits for something the server should do at once. */
    static final Duration WAIT = Duration.ofSeconds(10);

    private final ConcurrentHashMap<String, CompletableFuture<CallRecord>> started = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, CompletableFuture<CallRecord>> ended = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, String> startThreads = new ConcurrentHashMap<>();

    @Override
    public void accept(CallRecord record) {
        if (record.state() == State.STARTED) {
            startThreads.putIfAbsent(key(record.requestId(), record.call()), Thread.currentThread().getName());
        }
        (record.state() == State.STARTED ? started : ended)
                .computeIfAbsent(key(record.requestId(), record.call()), k -> new CompletableFuture<>())
                .complete(record);
    }

    private static String key(String requestId, String call) {
        return requestId + " " + call;
    }

    private CompletableFuture<CallRecord> future(ConcurrentHashMap<String, CompletableFuture<CallRecord>> map,
                                                 String requestId, String call) {
        return map.computeIfAbsent(key(requestId, call), k -> new CompletableFuture<>());
    }

    /** Waits (bounded) until the call has started. */
    void awaitStarted(String requestId, String call) {
        assertThat(future(started, requestId, call)).as("%s of request %s started", call, requestId).succeedsWithin(WAIT);
    }

    /** Waits (bounded) until the call has ended, and says how. */
    State awaitEnd(String requestId, String call) {
        return assertThat(future(ended, requestId, call)).as("%s of request %s ended", call, requestId)
                .succeedsWithin(WAIT).actual().state();
    }

    /** The thread the call started on (waits, bounded, until it has started). */
    String startedOn(String requestId, String call) {
        awaitStarted(requestId, call);
        return startThreads.get(key(requestId, call));
    }

    /** Whether the call has started so far. */
    boolean hasStarted(String requestId, String call) {
        return future(started, requestId, call).isDone();
    }
}
