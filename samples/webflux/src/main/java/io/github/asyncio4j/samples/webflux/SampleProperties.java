package io.github.asyncio4j.samples.webflux;

import java.net.URI;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The service's settings, under {@code samples.*} (see {@code application.properties}). Each
 * endpoint also takes its own query parameter to override them per request.
 *
 * @param loops how many event loops serve requests; 0 (the default) means one per processor
 * @param downstream where the downstream services are and how slow they are
 * @param dashboard the dashboard endpoint's settings
 * @param quotes the quote endpoints' settings
 * @param crawl the crawl endpoint's settings
 */
@ConfigurationProperties("samples")
public record SampleProperties(@DefaultValue("0") int loops,
                               @DefaultValue Downstream downstream,
                               @DefaultValue Dashboard dashboard,
                               @DefaultValue Quotes quotes,
                               @DefaultValue Crawl crawl) {

    /**
     * The downstream services.
     *
     * @param baseUrl where they are; unset: this very server (they are its {@code /downstream/**} endpoints)
     * @param latency how long a downstream call takes unless the request says otherwise
     */
    public record Downstream(@Nullable URI baseUrl, @DefaultValue("20ms") Duration latency) {
    }

    /**
     * {@code GET /api/dashboard/{userId}}.
     *
     * @param budget how long the three calls may take together ({@code ?budget=} overrides it)
     */
    public record Dashboard(@DefaultValue("1s") Duration budget) {
    }

    /**
     * {@code GET /api/quotes/{symbol}} and {@code GET /api/quotes/stream}.
     *
     * @param hedgeAfter how long the hedged quote waits for the primary replica before asking the backup too
     * @param timeout how long each quote of the stream may take
     */
    public record Quotes(@DefaultValue("100ms") Duration hedgeAfter, @DefaultValue("2s") Duration timeout) {
    }

    /**
     * {@code GET /api/crawl}.
     *
     * @param concurrency how many pages are fetched at once ({@code ?concurrency=} overrides it)
     * @param maxPages the most pages a crawl visits
     */
    public record Crawl(@DefaultValue("4") int concurrency, @DefaultValue("100") int maxPages) {
    }
}
