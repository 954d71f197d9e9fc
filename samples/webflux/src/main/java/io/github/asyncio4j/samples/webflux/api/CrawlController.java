package io.github.asyncio4j.samples.webflux.api;

import io.github.asyncio4j.samples.webflux.SampleProperties;
import io.github.asyncio4j.samples.webflux.calls.DownstreamClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import reactor.core.publisher.Mono;

/**
 * {@code GET /api/crawl[?pages=31&concurrency=4]}: a crawl bounded by {@code Bridge.mapConcurrent},
 * the bounded, ordered {@code gather} everyone writes by hand with a semaphore. It visits a site of
 * {@code pages} pages from page 1, level by level, never fetching more than {@code concurrency}
 * pages at once:
 *
 * <pre>{@code
 * sem = asyncio.Semaphore(concurrency)
 * async def fetch(page):
 *     async with sem:
 *         return await get_page(page)
 * async with asyncio.TaskGroup() as tg:
 *     tasks = [tg.create_task(fetch(p)) for p in frontier]
 * }</pre>
 *
 * <ul>
 *   <li>The answer says how many pages really were in flight at most ({@code peakInFlight}).</li>
 *   <li>A page fails ({@code page-7.fail=503}): the pages in flight are cancelled, and the crawl
 *       answers 502 Bad Gateway naming the page.</li>
 *   <li>The client disconnects: every fetch in flight is cancelled.</li>
 * </ul>
 */
@RestController
final class CrawlController {

    private static final int MAX_SITE_PAGES = 10_000;
    private static final int MAX_CONCURRENCY = 64;

    private final DownstreamClient downstream;
    private final SampleProperties.Crawl settings;

    CrawlController(DownstreamClient downstream, SampleProperties properties) {
        this.downstream = downstream;
        this.settings = properties.crawl();
    }

    @GetMapping("/api/crawl")
    Mono<CrawlResult> crawl(@RequestParam(defaultValue = "31") int pages, @RequestParam(required = false) Integer concurrency,
                            ServerWebExchange exchange) {
        if (pages < 1 || pages > MAX_SITE_PAGES) {
            throw new ServerWebInputException("pages=" + pages + ": the site must have 1 to " + MAX_SITE_PAGES + " pages");
        }
        int limit = concurrency == null ? settings.concurrency() : concurrency;
        if (limit < 1 || limit > MAX_CONCURRENCY) {
            throw new ServerWebInputException("concurrency=" + limit + ": fetch 1 to " + MAX_CONCURRENCY + " pages at once");
        }
        return new Crawl(downstream.forRequest(exchange), pages, limit, settings.maxPages()).from(1);
    }
}
