package io.github.asyncio4j.samples.webflux.api;

import io.github.asyncio4j.Asyncio;
import io.github.asyncio4j.samples.webflux.SampleProperties;
import io.github.asyncio4j.samples.webflux.calls.CallTracker;
import io.github.asyncio4j.samples.webflux.calls.DownstreamCalls;
import io.github.asyncio4j.samples.webflux.calls.DownstreamClient;
import io.github.asyncio4j.samples.webflux.calls.DownstreamException;
import io.github.asyncio4j.samples.webflux.calls.Faults;
import io.github.asyncio4j.samples.webflux.downstream.Quote;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code GET /api/quotes/stream?symbols=AAPL,MSFT,GOOG[&timeout=2s]}: Server-Sent Events with
 * asyncio's {@code as_completed}. Every quote is asked for at once; each is streamed the moment it
 * arrives, fastest first, so the client sees the first prices without waiting for the slowest:
 *
 * <pre>{@code
 * async for done in asyncio.as_completed([get_quote(s) for s in symbols]):
 *     yield await done
 * }</pre>
 *
 * <p>Events: {@code quote} (a {@code Quote}) or {@code failure} (a {@link QuoteFailure}: that
 * quote failed or took longer than {@code timeout}) per symbol, then {@code done} (a
 * {@link StreamSummary}).
 * A failed quote does not end the stream. The client disconnecting, even halfway, cancels every
 * quote still on its way: the server cancels the stream, and {@code as_completed} cancels the tasks
 * it made. The stream is tracked as the call {@code stream}.
 */
@RestController
final class QuoteStreamController {

    private static final Pattern SYMBOL = Pattern.compile("[A-Z0-9.]{1,10}");
    private static final int MAX_SYMBOLS = 50;

    private final DownstreamClient downstream;
    private final CallTracker tracker;
    private final Duration defaultTimeout;

    QuoteStreamController(DownstreamClient downstream, CallTracker tracker, SampleProperties properties) {
        this.downstream = downstream;
        this.tracker = tracker;
        this.defaultTimeout = properties.quotes().timeout();
    }

    @GetMapping(path = "/api/quotes/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    Flux<ServerSentEvent<Object>> stream(@RequestParam List<String> symbols, @RequestParam(required = false) String timeout,
                                         ServerWebExchange exchange) {
        List<String> wanted = symbols.stream().distinct().toList();
        if (wanted.isEmpty() || wanted.size() > MAX_SYMBOLS || !wanted.stream().allMatch(s -> SYMBOL.matcher(s).matches())) {
            throw new ServerWebInputException("symbols must be 1 to " + MAX_SYMBOLS + " stock symbols like AAPL, comma-separated");
        }
        DownstreamCalls calls = downstream.forRequest(exchange);
        Duration limit = timeout == null ? defaultTimeout : Faults.parseDuration("timeout", timeout);
        List<Mono<ServerSentEvent<Object>>> events = wanted.stream().map(symbol -> quoteEvent(calls, symbol, limit)).toList();
        return tracker.track(calls.requestId(), "stream", Flux.defer(() -> {
            // Per subscription; touched only on the request's loop thread, where every event is emitted.
            int[] failures = {0};
            return Asyncio.asCompleted(events, null)
                    // Each task is done already: awaiting it gives its event at once.
                    .concatMap(done -> done)
                    .doOnNext(event -> failures[0] += "failure".equals(event.event()) ? 1 : 0)
                    .concatWith(Mono.fromSupplier(() -> ServerSentEvent.<Object>builder()
                            .event("done")
                            .data(new StreamSummary(wanted.size() - failures[0], failures[0]))
                            .build()));
        }));
    }

    /** One symbol's event: its quote, or why there is none. Never fails, except when cancelled. */
    private static Mono<ServerSentEvent<Object>> quoteEvent(DownstreamCalls calls, String symbol, Duration limit) {
        return Asyncio.waitFor(calls.get(symbol, Quote.class, "/downstream/quotes/primary/{symbol}", symbol), limit)
                .map(quote -> ServerSentEvent.<Object>builder(quote).event("quote").id(symbol).build())
                // A cancellation is not a failure to report: it must reach as_completed, which is being cancelled.
                .onErrorResume(e -> !(e instanceof CancellationException), e -> Mono.just(ServerSentEvent.<Object>builder(
                        new QuoteFailure(symbol, describe(e, limit))).event("failure").id(symbol).build()));
    }

    private static String describe(Throwable e, Duration limit) {
        if (e instanceof TimeoutException) {
            return "no quote within " + limit.toMillis() + " ms";
        }
        if (e instanceof DownstreamException d) {
            return d.getMessage();
        }
        return e.toString();
    }
}
