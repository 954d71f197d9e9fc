package io.github.asyncio4j.samples.webflux;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.asyncio4j.samples.webflux.calls.CallRecord.State;
import io.github.asyncio4j.samples.webflux.downstream.Quote;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/** {@code GET /api/quotes/{symbol}}: a hedged request raced with first. */
class HedgedQuoteTest extends ServiceTest {

    @Test
    @DisplayName("hedge: a primary that answers in time wins, and the backup is never asked")
    void primaryInTime() {
        Quote quote = get("hedge-primary", "/api/quotes/AAPL?hedgeAfter=1h").exchange()
                .expectStatus().isOk()
                .expectBody(Quote.class).returnResult().getResponseBody();
        assertThat(quote).isNotNull();
        assertThat(quote.symbol()).isEqualTo("AAPL");
        assertThat(quote.replica()).isEqualTo("primary");
        assertThat(events.awaitEnd("hedge-primary", "primary")).isEqualTo(State.SUCCEEDED);
        assertThat(events.awaitEnd("hedge-primary", "GET /api/quotes/AAPL")).isEqualTo(State.SUCCEEDED);
        assertThat(events.hasStarted("hedge-primary", "backup")).as("the backup was asked").isFalse();
    }

    @Test
    @DisplayName("hedge: a late primary gets a backup; the backup wins and the primary is cancelled, here and downstream")
    void latePrimaryLoses() {
        Quote quote = get("hedge-late", "/api/quotes/MSFT?hedgeAfter=300ms&primary.delay=1h").exchange()
                .expectStatus().isOk()
                .expectBody(Quote.class).returnResult().getResponseBody();
        assertThat(quote).isNotNull();
        assertThat(quote.replica()).isEqualTo("backup");
        assertThat(events.awaitEnd("hedge-late", "backup")).isEqualTo(State.SUCCEEDED);
        assertThat(events.awaitEnd("hedge-late", "primary")).isEqualTo(State.CANCELLED);
        assertThat(events.awaitEnd("hedge-late", "GET /downstream/quotes/primary/MSFT")).as("the primary replica's request")
                .isEqualTo(State.CANCELLED);
    }

    @Test
    @DisplayName("hedge: a primary that fails has the backup asked at once, without waiting out hedgeAfter")
    void failedPrimaryHedgesAtOnce() {
        Quote quote = get("hedge-failed", "/api/quotes/GOOG?hedgeAfter=1h&primary.fail=503").exchange()
                .expectStatus().isOk()
                .expectBody(Quote.class).returnResult().getResponseBody();
        assertThat(quote).isNotNull();
        assertThat(quote.replica()).isEqualTo("backup");
        assertThat(events.awaitEnd("hedge-failed", "primary")).isEqualTo(State.FAILED);
        assertThat(events.awaitEnd("hedge-failed", "backup")).isEqualTo(State.SUCCEEDED);
    }

    @Test
    @DisplayName("hedge: both replicas fail: 502 naming both, from first's ExceptionGroup")
    void bothFail() {
        get("hedge-both", "/api/quotes/AMZN?hedgeAfter=10ms&primary.fail=503&backup.fail=500").exchange()
                .expectStatus().isEqualTo(HttpStatus.BAD_GATEWAY)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.detail").isEqualTo("2 downstream calls failed: primary answered 503 Service Unavailable; "
                        + "backup answered 500 Internal Server Error")
                .jsonPath("$.failures[0].call").isEqualTo("primary")
                .jsonPath("$.failures[1].call").isEqualTo("backup")
                .jsonPath("$.failures[1].status").isEqualTo(500);
    }

    @Test
    @DisplayName("hedge: a client disconnect cancels both racers and their downstream requests")
    void disconnectCancelsBothRacers() {
        disconnectOnceStarted("hedge-gone", "/api/quotes/NVDA?hedgeAfter=10ms&primary.delay=1h&backup.delay=1h",
                "primary", "backup");
        assertThat(events.awaitEnd("hedge-gone", "GET /api/quotes/NVDA")).isEqualTo(State.CANCELLED);
        assertThat(events.awaitEnd("hedge-gone", "primary")).isEqualTo(State.CANCELLED);
        assertThat(events.awaitEnd("hedge-gone", "backup")).isEqualTo(State.CANCELLED);
    }
}
