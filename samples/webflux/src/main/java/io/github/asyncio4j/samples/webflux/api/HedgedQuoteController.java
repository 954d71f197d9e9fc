package io.github.asyncio4j.samples.webflux.api;

import io.github.asyncio4j.Asyncio;
import io.github.asyncio4j.ReturnWhen;
import io.github.asyncio4j.Task;
import io.github.asyncio4j.samples.webflux.SampleProperties;
import io.github.asyncio4j.samples.webflux.calls.DownstreamCalls;
import io.github.asyncio4j.samples.webflux.calls.DownstreamClient;
import io.github.asyncio4j.samples.webflux.calls.Faults;
import io.github.asyncio4j.samples.webflux.downstream.Quote;
import java.time.Duration;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * {@code GET /api/quotes/{symbol}[?hedgeAfter=100ms]}: a hedged request, raced with
 * {@code Asyncio.first} (the first value wins, the losers are cancelled; in Python, the loop over
 * {@code asyncio.wait(..., return_when=FIRST_COMPLETED)} that everyone writes). The primary replica
 * is asked at once; if it has not answered after {@code hedgeAfter}, or has failed, the backup
 * replica is asked too, and whichever answers first wins:
 *
 * <pre>{@code
 * primary = asyncio.create_task(get_quote("primary", symbol))
 * async def backup():
 *     await asyncio.wait([primary], timeout=hedge_after)   # never cancels primary, never raises
 *     return await get_quote("backup", symbol)
 * quote = await first(primary, backup())                   # Asyncio.first
 * }</pre>
 *
 * <ul>
 *   <li>The loser is cancelled: its HTTP exchange is closed, and the replica's own request task
 *       is cancelled in turn. A backup still waiting to start simply never starts.</li>
 *   <li>A failure only loses its racer. Both fail: 502 Bad Gateway naming both
 *       ({@code first} raises an {@code ExceptionGroup} of the failures).</li>
 *   <li>The client disconnects: both racers are cancelled.</li>
 * </ul>
 */
@RestController
final class HedgedQuoteController {

    private final DownstreamClient downstream;
    private final Duration defaultHedgeAfter;

    HedgedQuoteController(DownstreamClient downstream, SampleProperties properties) {
        this.downstream = downstream;
        this.defaultHedgeAfter = properties.quotes().hedgeAfter();
    }

    @GetMapping("/api/quotes/{symbol}")
    Mono<Quote> quote(@PathVariable String symbol, @RequestParam(required = false) String hedgeAfter,
                      ServerWebExchange exchange) {
        DownstreamCalls calls = downstream.forRequest(exchange);
        Duration patience = hedgeAfter == null ? defaultHedgeAfter : Faults.parseDuration("hedgeAfter", hedgeAfter);
        Task<Quote> primary = Asyncio.createTask(
                calls.get("primary", Quote.class, "/downstream/quotes/primary/{symbol}", symbol), "quote-primary");
        // asyncio.wait never cancels what it waits for, and never raises its failure: it only says "go".
        Mono<Quote> backup = Asyncio.wait(List.of(primary), ReturnWhen.ALL_COMPLETED, patience)
                .then(calls.get("backup", Quote.class, "/downstream/quotes/backup/{symbol}", symbol));
        return Asyncio.first(List.of(primary, backup));
    }
}
