package io.github.asyncio4j.samples.webflux;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.asyncio4j.samples.webflux.calls.CallRecord.State;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/** {@code GET /api/quotes/stream}: Server-Sent Events in completion order, with asCompleted. */
class QuoteStreamTest extends ServiceTest {

    private static final ParameterizedTypeReference<ServerSentEvent<Map<String, Object>>> EVENT = new ParameterizedTypeReference<>() {
    };

    private Flux<ServerSentEvent<Map<String, Object>>> stream(String requestId, String uri) {
        return get(requestId, uri).accept(MediaType.TEXT_EVENT_STREAM).exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_EVENT_STREAM)
                .returnResult(EVENT).getResponseBody();
    }

    /** "event id", and the data too unless it is a quote (whose price is made up). */
    private static String describe(ServerSentEvent<Map<String, Object>> e) {
        return e.event() + " " + e.id() + (e.data() != null && e.data().containsKey("replica") ? "" : " " + e.data());
    }

    @Test
    @DisplayName("stream: each quote is sent as soon as it arrives, fastest first, then done")
    void completionOrder() {
        List<String> received = stream("stream-order", "/api/quotes/stream?symbols=SLOW,FAST,MID&SLOW.delay=2s&MID.delay=1s&timeout=10s")
                .map(QuoteStreamTest::describe).collectList().block(CallEvents.WAIT);
        assertThat(received).containsExactly("quote FAST", "quote MID", "quote SLOW", "done null {quotes=3, failures=0}");
        assertThat(events.awaitEnd("stream-order", "stream")).isEqualTo(State.SUCCEEDED);
    }

    @Test
    @DisplayName("stream: a failed or late quote is a failure event and the stream goes on; the late call is cancelled")
    void failuresAreEvents() {
        List<String> received = stream("stream-fail",
                "/api/quotes/stream?symbols=OK,BROKEN,LATE&BROKEN.fail=503&LATE.delay=1h&timeout=1s")
                .map(QuoteStreamTest::describe).collectList().block(CallEvents.WAIT);
        assertThat(received).containsExactlyInAnyOrder(
                "quote OK",
                "failure BROKEN {symbol=BROKEN, error=BROKEN answered 503 Service Unavailable}",
                "failure LATE {symbol=LATE, error=no quote within 1000 ms}",
                "done null {quotes=1, failures=2}");
        assertThat(received.subList(2, 4)).as("the timeout comes last, then done")
                .containsExactly("failure LATE {symbol=LATE, error=no quote within 1000 ms}", "done null {quotes=1, failures=2}");
        assertThat(events.awaitEnd("stream-fail", "LATE")).isEqualTo(State.CANCELLED);
    }

    @Test
    @DisplayName("stream: a client that disconnects halfway cancels the quotes still on their way, here and downstream")
    void disconnectHalfway() {
        StepVerifier.create(stream("stream-gone", "/api/quotes/stream?symbols=FAST,HANG1,HANG2&HANG1.delay=1h&HANG2.delay=1h"))
                .assertNext(e -> assertThat(describe(e)).isEqualTo("quote FAST"))
                .then(() -> events.awaitStarted("stream-gone", "GET /downstream/quotes/primary/HANG1"))
                .thenCancel()
                .verify(CallEvents.WAIT);
        assertThat(events.awaitEnd("stream-gone", "HANG1")).isEqualTo(State.CANCELLED);
        assertThat(events.awaitEnd("stream-gone", "HANG2")).isEqualTo(State.CANCELLED);
        assertThat(events.awaitEnd("stream-gone", "GET /downstream/quotes/primary/HANG1")).isEqualTo(State.CANCELLED);
        assertThat(events.awaitEnd("stream-gone", "stream")).isEqualTo(State.CANCELLED);
    }

    @Test
    @DisplayName("stream: no symbols, or malformed ones, is a 400 problem")
    void badSymbols() {
        get("stream-bad", "/api/quotes/stream?symbols=not-a-symbol").accept(MediaType.TEXT_EVENT_STREAM, MediaType.APPLICATION_PROBLEM_JSON)
                .exchange()
                .expectStatus().isBadRequest();
    }
}
