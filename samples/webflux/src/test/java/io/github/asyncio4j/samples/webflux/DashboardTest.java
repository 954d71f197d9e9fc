package io.github.asyncio4j.samples.webflux;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.asyncio4j.samples.webflux.api.Dashboard;
import io.github.asyncio4j.samples.webflux.calls.CallRecord.State;
import io.github.asyncio4j.samples.webflux.calls.RequestTracking;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/** {@code GET /api/dashboard/{userId}}: gather under a timeout. */
class DashboardTest extends ServiceTest {

    @Test
    @DisplayName("dashboard: the three downstream answers, gathered")
    void gathersThreeCalls() {
        Dashboard dashboard = get("dash-ok", "/api/dashboard/u1").exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals(RequestTracking.HEADER, "dash-ok")
                .expectBody(Dashboard.class).returnResult().getResponseBody();
        assertThat(dashboard).isNotNull();
        assertThat(dashboard.profile().name()).isEqualTo("User u1");
        assertThat(dashboard.orders().orders()).hasSize(3);
        assertThat(dashboard.recommendations().items()).startsWith("espresso machine");
        for (String call : new String[] {"profile", "orders", "recommendations", "GET /downstream/orders/u1"}) {
            assertThat(events.awaitEnd("dash-ok", call)).as(call).isEqualTo(State.SUCCEEDED);
        }
        // The handler and gather's tasks run on the request's event loop (AsyncioWebFilter).
        String loop = events.startedOn("dash-ok", "GET /api/dashboard/u1");
        assertThat(loop).matches("asyncio4j-group-\\d+-loop-\\d+");
        assertThat(events.startedOn("dash-ok", "orders")).isEqualTo(loop);
        assertThat(events.startedOn("dash-ok", "recommendations")).isEqualTo(loop);
    }

    @Test
    @DisplayName("dashboard: over budget, the timeout cancels the calls still running (here and downstream) and answers 504")
    void timeoutCancelsTheSlowCalls() {
        get("dash-slow", "/api/dashboard/u2?budget=1s&orders.delay=1h&recommendations.delay=1h").exchange()
                .expectStatus().isEqualTo(HttpStatus.GATEWAY_TIMEOUT)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.status").isEqualTo(504)
                .jsonPath("$.detail").isEqualTo("the dashboard's downstream calls did not all answer within 1000 ms");
        assertThat(events.awaitEnd("dash-slow", "orders")).isEqualTo(State.CANCELLED);
        assertThat(events.awaitEnd("dash-slow", "recommendations")).isEqualTo(State.CANCELLED);
        assertThat(events.awaitEnd("dash-slow", "GET /downstream/orders/u2")).as("the downstream request saw it").isEqualTo(State.CANCELLED);
        assertThat(events.awaitEnd("dash-slow", "GET /downstream/recommendations/u2")).isEqualTo(State.CANCELLED);
    }

    @Test
    @DisplayName("dashboard: a failed call answers 502 at once, naming it; as with asyncio's gather, the others are not cancelled")
    void failureIsABadGatewayAndSiblingsGoOn() {
        get("dash-fail", "/api/dashboard/u3?recommendations.fail=503&orders.delay=300ms").exchange()
                .expectStatus().isEqualTo(HttpStatus.BAD_GATEWAY)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.detail").isEqualTo("recommendations answered 503 Service Unavailable")
                .jsonPath("$.failures[0].call").isEqualTo("recommendations")
                .jsonPath("$.failures[0].status").isEqualTo(503);
        assertThat(events.awaitEnd("dash-fail", "recommendations")).isEqualTo(State.FAILED);
        assertThat(events.awaitEnd("dash-fail", "orders")).as("gather leaves the siblings running").isEqualTo(State.SUCCEEDED);
    }

    @Test
    @DisplayName("dashboard: a client disconnect cancels the request's task, the gather's calls and their downstream requests")
    void disconnectCancelsEverything() {
        disconnectOnceStarted("dash-gone", "/api/dashboard/u4?budget=1h&orders.delay=1h&recommendations.delay=1h",
                "orders", "recommendations", "GET /downstream/orders/u4", "GET /downstream/recommendations/u4");
        assertThat(events.awaitEnd("dash-gone", "GET /api/dashboard/u4")).isEqualTo(State.CANCELLED);
        assertThat(events.awaitEnd("dash-gone", "orders")).isEqualTo(State.CANCELLED);
        assertThat(events.awaitEnd("dash-gone", "recommendations")).isEqualTo(State.CANCELLED);
        assertThat(events.awaitEnd("dash-gone", "GET /downstream/orders/u4")).isEqualTo(State.CANCELLED);
        assertThat(events.awaitEnd("dash-gone", "GET /downstream/recommendations/u4")).isEqualTo(State.CANCELLED);
    }

    @Test
    @DisplayName("dashboard: a malformed budget or fault parameter is a 400 problem saying how to write it")
    void badParameters() {
        get("dash-bad-1", "/api/dashboard/u5?budget=soon").exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.detail").value(d -> assertThat((String) d).contains("budget=soon is not a duration"));
        get("dash-bad-2", "/api/dashboard/u5?orders.fail=200").exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.detail").value(d -> assertThat((String) d).contains("orders.fail=200 is not an error status"));
        assertThat(events.hasStarted("dash-bad-1", "profile")).as("no call was made").isFalse();
    }
}
