package io.github.asyncio4j.samples.webflux;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.asyncio4j.samples.webflux.api.CrawlResult;
import io.github.asyncio4j.samples.webflux.calls.CallRecord.State;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

/** {@code GET /api/crawl}: a crawl bounded by mapConcurrent. */
class CrawlTest extends ServiceTest {

    @ParameterizedTest(name = "concurrency {0}")
    @ValueSource(ints = {1, 3, 8})
    @DisplayName("crawl: every page once, level by level in link order, with exactly `concurrency` pages in flight at most")
    void boundedCrawl(int concurrency) {
        String id = "crawl-" + concurrency;
        CrawlResult result = get(id, "/api/crawl?pages=31&delay=5ms&concurrency=" + concurrency).exchange()
                .expectStatus().isOk()
                .expectBody(CrawlResult.class).returnResult().getResponseBody();
        assertThat(result).isNotNull();
        assertThat(result.visited()).containsExactlyElementsOf(IntStream.rangeClosed(1, 31).boxed().toList());
        assertThat(result.depth()).isEqualTo(4);
        assertThat(result.concurrency()).isEqualTo(concurrency);
        // The last level has 16 pages: mapConcurrent keeps `concurrency` of them in flight.
        assertThat(result.peakInFlight()).isEqualTo(concurrency);
    }

    @Test
    @DisplayName("crawl: a failing page cancels the pages in flight and answers 502 naming it")
    void failingPage() {
        get("crawl-fail", "/api/crawl?pages=31&concurrency=4&page-6.fail=503&page-6.delay=300ms&page-7.delay=1h").exchange()
                .expectStatus().isEqualTo(HttpStatus.BAD_GATEWAY)
                .expectBody()
                .jsonPath("$.detail").isEqualTo("page-6 answered 503 Service Unavailable")
                .jsonPath("$.failures[0].call").isEqualTo("page-6");
        assertThat(events.awaitEnd("crawl-fail", "page-7")).isEqualTo(State.CANCELLED);
        assertThat(events.awaitEnd("crawl-fail", "GET /downstream/pages/7")).isEqualTo(State.CANCELLED);
        assertThat(events.hasStarted("crawl-fail", "page-8")).as("the crawl went on").isFalse();
    }

    @Test
    @DisplayName("crawl: a client disconnect cancels every page in flight")
    void disconnectCancelsTheFetches() {
        String id = "crawl-gone";
        disconnectOnceStarted(id, "/api/crawl?pages=31&concurrency=2&page-2.delay=1h&page-3.delay=1h",
                "page-2", "page-3", "GET /downstream/pages/2", "GET /downstream/pages/3");
        assertThat(events.awaitEnd(id, "GET /api/crawl")).isEqualTo(State.CANCELLED);
        assertThat(events.awaitEnd(id, "page-2")).isEqualTo(State.CANCELLED);
        assertThat(events.awaitEnd(id, "page-3")).isEqualTo(State.CANCELLED);
        assertThat(events.awaitEnd(id, "GET /downstream/pages/3")).isEqualTo(State.CANCELLED);
    }

    @Test
    @DisplayName("crawl: a concurrency out of range is a 400 problem")
    void badConcurrency() {
        get("crawl-bad", "/api/crawl?concurrency=0").exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.detail").isEqualTo("concurrency=0: fetch 1 to 64 pages at once");
    }
}
