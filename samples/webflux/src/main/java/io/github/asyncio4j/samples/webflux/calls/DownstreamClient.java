package io.github.asyncio4j.samples.webflux.calls;

import io.github.asyncio4j.samples.webflux.SampleProperties;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.http.codec.CodecCustomizer;
import org.springframework.boot.web.server.reactive.context.ReactiveWebServerInitializedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.server.ServerWebExchange;

/**
 * The {@link WebClient} of the downstream services. By default they are this server's own
 * {@code /downstream/**} endpoints, reached over loopback once the server knows its port;
 * {@code samples.downstream.base-url} points it elsewhere.
 */
@Component
public final class DownstreamClient {

    private final CallTracker tracker;
    private final SampleProperties.Downstream settings;
    private final WebClient.Builder builder;
    @Nullable
    private volatile WebClient webClient;

    DownstreamClient(CallTracker tracker, SampleProperties properties, ObjectProvider<CodecCustomizer> codecs) {
        this.tracker = tracker;
        this.settings = properties.downstream();
        // Spring Boot's codec settings (its JSON mapper) apply to this client as to the server.
        this.builder = WebClient.builder().codecs(configurer -> codecs.orderedStream().forEach(c -> c.customize(configurer)));
        if (settings.baseUrl() != null) {
            this.webClient = builder.clone().baseUrl(settings.baseUrl().toString()).build();
        }
    }

    /** Without a configured base URL, the downstream services are this server's: call it on loopback. */
    @EventListener
    void onServerStarted(ReactiveWebServerInitializedEvent event) {
        // A management server (Actuator on its own port) has a namespace; the API's server has none.
        if (webClient == null && event.getApplicationContext().getServerNamespace() == null) {
            webClient = builder.clone().baseUrl("http://127.0.0.1:" + event.getWebServer().getPort()).build();
        }
    }

    /**
     * The downstream calls of a request: they carry its id and its fault parameters ({@link Faults}).
     *
     * @param exchange the request, after {@link RequestTracking}
     * @return its calls
     * @throws NullPointerException if {@code exchange} is {@code null}
     * @throws org.springframework.web.server.ServerWebInputException (400) if a fault parameter is malformed
     * @throws IllegalStateException if the server has not started yet
     */
    public DownstreamCalls forRequest(ServerWebExchange exchange) {
        Objects.requireNonNull(exchange, "exchange");
        WebClient client = webClient;
        if (client == null) {
            throw new IllegalStateException("the downstream services are this server's, and it has not started yet: "
                    + "make calls from requests, or set samples.downstream.base-url");
        }
        return new DownstreamCalls(client, tracker, RequestTracking.requestId(exchange),
                Faults.of(exchange.getRequest().getQueryParams(), settings.latency()));
    }
}
