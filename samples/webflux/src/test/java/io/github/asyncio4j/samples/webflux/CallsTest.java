package io.github.asyncio4j.samples.webflux;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.asyncio4j.samples.webflux.calls.CallRecord;
import io.github.asyncio4j.samples.webflux.calls.CallRecord.State;
import io.github.asyncio4j.samples.webflux.calls.RequestTracking;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@code GET /api/calls/{requestId}} and the request ids. */
class CallsTest extends ServiceTest {

    @Test
    @DisplayName("calls: a request, its calls and the downstream requests they made, under one request id")
    void oneIdFollowsTheRequest() {
        get("calls-1", "/api/reports/s9?sales.delay=1h&inventory.fail=502&inventory.delay=300ms").exchange().expectStatus().isEqualTo(502);
        events.awaitEnd("calls-1", "GET /api/reports/s9");
        List<CallRecord> calls = client.get().uri("/api/calls/calls-1").exchange()
                .expectStatus().isOk()
                .expectBodyList(CallRecord.class).returnResult().getResponseBody();
        assertThat(calls).isNotNull();
        assertThat(calls).filteredOn(c -> c.state().isEnd())
                .extracting(c -> c.call() + " " + c.state())
                .contains("inventory FAILED", "sales CANCELLED", "GET /downstream/sales/s9 CANCELLED",
                        "GET /api/reports/s9 SUCCEEDED");
        assertThat(calls.get(0)).isEqualTo(new CallRecord("calls-1", "GET /api/reports/s9", State.STARTED, null));
    }

    @Test
    @DisplayName("calls: a request without a usable X-Request-Id gets one, echoed in the response")
    void requestIds() {
        String given = client.get().uri("/api/quotes/IBM").exchange()
                .expectStatus().isOk()
                .returnResult(String.class).getResponseHeaders().getFirst(RequestTracking.HEADER);
        assertThat(given).startsWith("req-");
        String replaced = client.get().uri("/api/quotes/IBM").header(RequestTracking.HEADER, "no spaces allowed").exchange()
                .expectStatus().isOk()
                .returnResult(String.class).getResponseHeaders().getFirst(RequestTracking.HEADER);
        assertThat(replaced).startsWith("req-").isNotEqualTo(given);
        client.get().uri("/api/calls/never-seen").exchange().expectStatus().isOk().expectBody().json("[]");
    }
}
