package io.github.asyncio4j.samples.webflux.api;

import io.github.asyncio4j.Asyncio;
import io.github.asyncio4j.samples.webflux.SampleProperties;
import io.github.asyncio4j.samples.webflux.calls.DownstreamCalls;
import io.github.asyncio4j.samples.webflux.calls.DownstreamClient;
import io.github.asyncio4j.samples.webflux.calls.Faults;
import io.github.asyncio4j.samples.webflux.downstream.Orders;
import io.github.asyncio4j.samples.webflux.downstream.Profile;
import io.github.asyncio4j.samples.webflux.downstream.Recommendations;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * {@code GET /api/dashboard/{userId}[?budget=1s]}: asyncio's {@code gather} under a
 * {@code timeout}. The three downstream calls run at once, as tasks; the dashboard is ready when
 * the slowest answers, and must be within the budget:
 *
 * <pre>{@code
 * async with asyncio.timeout(budget):
 *     profile, orders, recommendations = await asyncio.gather(
 *         get_profile(user), get_orders(user), get_recommendations(user))
 * }</pre>
 *
 * <ul>
 *   <li>Over budget: the timeout cancels the gather, which cancels the calls still running
 *       ({@code CancelledException} at their await points, their HTTP exchanges closed); then
 *       504 Gateway Timeout.</li>
 *   <li>A call fails: 502 Bad Gateway at once, naming it. As in asyncio, {@code gather} does not
 *       cancel the other calls: they finish in the background. When a failure should cancel the
 *       rest, use a {@code TaskGroup} ({@link ReportController}).</li>
 *   <li>The client disconnects: the request's task is cancelled, and with it the timeout, the
 *       gather and every call.</li>
 * </ul>
 */
@RestController
final class DashboardController {

    private final DownstreamClient downstream;
    private final Duration defaultBudget;

    DashboardController(DownstreamClient downstream, SampleProperties properties) {
        this.downstream = downstream;
        this.defaultBudget = properties.dashboard().budget();
    }

    @GetMapping("/api/dashboard/{userId}")
    Mono<Dashboard> dashboard(@PathVariable String userId, @RequestParam(required = false) String budget,
                              ServerWebExchange exchange) {
        DownstreamCalls calls = downstream.forRequest(exchange);
        Duration limit = budget == null ? defaultBudget : Faults.parseDuration("budget", budget);
        return Asyncio.timeout(limit, deadline -> Asyncio.gather(
                        calls.get("profile", Profile.class, "/downstream/profiles/{userId}", userId),
                        calls.get("orders", Orders.class, "/downstream/orders/{userId}", userId),
                        calls.get("recommendations", Recommendations.class, "/downstream/recommendations/{userId}", userId)))
                .map(DashboardController::toDashboard)
                .onErrorMap(TimeoutException.class, e -> new ResponseStatusException(HttpStatus.GATEWAY_TIMEOUT,
                        "the dashboard's downstream calls did not all answer within " + limit.toMillis() + " ms", e));
    }

    /** gather's values come in argument order. */
    private static Dashboard toDashboard(List<Object> parts) {
        return new Dashboard((Profile) parts.get(0), (Orders) parts.get(1), (Recommendations) parts.get(2));
    }
}
