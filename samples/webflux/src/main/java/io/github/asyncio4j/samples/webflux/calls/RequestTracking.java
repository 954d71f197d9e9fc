package io.github.asyncio4j.samples.webflux.calls;

import io.github.asyncio4j.bridge.spring.AsyncioWebFilter;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Gives each request an id and tracks it: the id is the request's {@code X-Request-Id} header (or a
 * new one), echoed in the response; the request itself is tracked in {@link CallTracker} as
 * {@code "GET /path"}, and {@link DownstreamClient} forwards the id to the downstream services, so
 * one id shows a request, its calls and the downstream requests they made.
 *
 * <p>Register it after {@link AsyncioWebFilter}: it then runs inside the request's task, and a client
 * disconnect reaches it as the {@code CancelledException} the task receives. Once a streaming
 * response has begun, though, a disconnect is not the request's failure: Reactor Netty cancels the
 * response's publisher (which cancels its tasks) and ends the request normally, so a stream is
 * better tracked by itself ({@link CallTracker#track(String, String, reactor.core.publisher.Flux)}).
 */
public final class RequestTracking implements WebFilter {

    /** The header carrying the request id, in and out. */
    public static final String HEADER = "X-Request-Id";

    private static final String ATTRIBUTE = RequestTracking.class.getName() + ".requestId";
    /** What a client may choose as its id: short, and safe to log. */
    private static final Pattern ACCEPTED = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private final CallTracker tracker;
    private final AtomicLong lastId = new AtomicLong();

    /**
     * A filter reporting to {@code tracker}.
     *
     * @param tracker where requests are tracked
     * @throws NullPointerException if {@code tracker} is {@code null}
     */
    public RequestTracking(CallTracker tracker) {
        this.tracker = Objects.requireNonNull(tracker, "tracker");
    }

    /**
     * Names the request, echoes its id, and runs the rest of the chain tracked.
     *
     * @param exchange the exchange
     * @param chain the rest of the chain
     * @return the rest of the chain, tracked
     * @throws NullPointerException if an argument is {@code null}
     */
    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        Objects.requireNonNull(exchange, "exchange");
        Objects.requireNonNull(chain, "chain");
        String given = exchange.getRequest().getHeaders().getFirst(HEADER);
        String id = given != null && ACCEPTED.matcher(given).matches() ? given : "req-" + lastId.incrementAndGet();
        exchange.getAttributes().put(ATTRIBUTE, id);
        exchange.getResponse().getHeaders().set(HEADER, id);
        String call = exchange.getRequest().getMethod().name() + " " + exchange.getRequest().getPath().value();
        return tracker.track(id, call, chain.filter(exchange));
    }

    /**
     * The id of the request.
     *
     * @param exchange an exchange that passed through this filter
     * @return its id
     * @throws NullPointerException if {@code exchange} is {@code null}
     * @throws IllegalStateException if the exchange did not pass through this filter
     */
    public static String requestId(ServerWebExchange exchange) {
        Objects.requireNonNull(exchange, "exchange");
        String id = exchange.getAttribute(ATTRIBUTE);
        if (id == null) {
            throw new IllegalStateException("this request has no id: register RequestTracking as a WebFilter");
        }
        return id;
    }
}
