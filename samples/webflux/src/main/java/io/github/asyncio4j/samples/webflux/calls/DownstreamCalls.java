package io.github.asyncio4j.samples.webflux.calls;

import io.github.asyncio4j.bridge.Bridge;
import java.util.Objects;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientException;
import reactor.core.publisher.Mono;

/**
 * The downstream calls of one request: each is a {@link WebClient} GET adopted into the calling
 * task with {@link Bridge#adopt}, carrying the request's id and fault parameters, and tracked in
 * {@link CallTracker}. Made by {@link DownstreamClient#forRequest}.
 */
public final class DownstreamCalls {

    private final WebClient webClient;
    private final CallTracker tracker;
    private final String requestId;
    private final Faults faults;

    DownstreamCalls(WebClient webClient, CallTracker tracker, String requestId, Faults faults) {
        this.webClient = webClient;
        this.tracker = tracker;
        this.requestId = requestId;
        this.faults = faults;
    }

    /**
     * A GET of a downstream resource, as an await point of the task that subscribes it.
     *
     * <p>Subscribe it from a task: a handler behind {@code AsyncioWebFilter}, or a task created
     * there. Its value and failure arrive on that task's loop thread. Cancelling the task (a client
     * disconnect, a timeout, a lost race, a failed sibling in a {@code TaskGroup}) cancels the HTTP
     * exchange, which closes its connection, so the downstream service sees it too, and delivers
     * {@code CancelledException} at this await point, where {@link CallTracker} records it.
     *
     * @param call the call's name, for tracking and fault injection ({@code "orders"})
     * @param type the JSON body's type
     * @param uriTemplate the downstream path, a URI template ({@code "/downstream/orders/{userId}"})
     * @param uriVariables the template's variables
     * @param <T> the body's type
     * @return a cold Mono of the body; it fails with {@link DownstreamException} when the service
     *     answers an error status or cannot be reached
     * @throws NullPointerException if an argument is {@code null}
     */
    public <T> Mono<T> get(String call, Class<T> type, String uriTemplate, Object... uriVariables) {
        Objects.requireNonNull(call, "call");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(uriTemplate, "uriTemplate");
        Objects.requireNonNull(uriVariables, "uriVariables");
        Mono<T> exchange = webClient.get()
                .uri(uriTemplate, uri -> faults.applyTo(call, uri).build(uriVariables))
                .header(RequestTracking.HEADER, requestId)
                .retrieve()
                .bodyToMono(type);
        return tracker.track(requestId, call, Bridge.adopt(exchange)
                .onErrorMap(WebClientException.class, e -> new DownstreamException(call, e)));
    }

    /**
     * The request's id, sent downstream in {@code X-Request-Id}.
     *
     * @return the id
     */
    public String requestId() {
        return requestId;
    }

    /**
     * The request's fault parameters.
     *
     * @return the faults
     */
    public Faults faults() {
        return faults;
    }
}
