package io.github.asyncio4j.samples.webflux;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.asyncio4j.samples.webflux.api.Report;
import io.github.asyncio4j.samples.webflux.calls.CallRecord.State;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/** {@code GET /api/reports/{storeId}}: a report built in a TaskGroup. */
class ReportTest extends ServiceTest {

    @Test
    @DisplayName("report: all three parts, fetched in one TaskGroup")
    void allParts() {
        Report report = get("report-ok", "/api/reports/s1").exchange()
                .expectStatus().isOk()
                .expectBody(Report.class).returnResult().getResponseBody();
        assertThat(report).isNotNull();
        assertThat(report.storeId()).isEqualTo("s1");
        assertThat(report.sales().orders()).isEqualTo(311);
        assertThat(report.inventory().lowStock()).contains("oat milk");
        assertThat(report.reviews().count()).isEqualTo(87);
    }

    @Test
    @DisplayName("report: a failing part cancels the others (here and downstream); the ExceptionGroup becomes a 502 naming it")
    void failingPartCancelsTheOthers() {
        get("report-fail", "/api/reports/s2?inventory.fail=503&inventory.delay=300ms&sales.delay=1h&reviews.delay=1h").exchange()
                .expectStatus().isEqualTo(HttpStatus.BAD_GATEWAY)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.title").isEqualTo("A downstream service failed")
                .jsonPath("$.detail").isEqualTo("1 downstream call failed: inventory answered 503 Service Unavailable")
                .jsonPath("$.failures.length()").isEqualTo(1)
                .jsonPath("$.failures[0].call").isEqualTo("inventory")
                .jsonPath("$.failures[0].status").isEqualTo(503);
        // (inventory fails after 300 ms, time enough for the other parts' downstream requests to arrive.)
        assertThat(events.awaitEnd("report-fail", "inventory")).isEqualTo(State.FAILED);
        assertThat(events.awaitEnd("report-fail", "sales")).isEqualTo(State.CANCELLED);
        assertThat(events.awaitEnd("report-fail", "reviews")).isEqualTo(State.CANCELLED);
        assertThat(events.awaitEnd("report-fail", "GET /downstream/sales/s2")).isEqualTo(State.CANCELLED);
        assertThat(events.awaitEnd("report-fail", "GET /downstream/reviews/s2")).isEqualTo(State.CANCELLED);
    }

    @Test
    @DisplayName("report: a client disconnect cancels the group and every part")
    void disconnectCancelsTheGroup() {
        disconnectOnceStarted("report-gone", "/api/reports/s4?delay=1h", "sales", "inventory", "reviews",
                "GET /downstream/inventory/s4");
        assertThat(events.awaitEnd("report-gone", "GET /api/reports/s4")).isEqualTo(State.CANCELLED);
        for (String part : new String[] {"sales", "inventory", "reviews"}) {
            assertThat(events.awaitEnd("report-gone", part)).as(part).isEqualTo(State.CANCELLED);
        }
        assertThat(events.awaitEnd("report-gone", "GET /downstream/inventory/s4")).isEqualTo(State.CANCELLED);
    }
}
