package io.github.asyncio4j.samples.webflux.api;

import java.util.List;

/**
 * What a crawl found.
 *
 * @param visited the pages fetched, in crawl order (level by level, each level in link order)
 * @param depth how many levels of links were followed
 * @param concurrency the most pages the crawl allowed in flight at once
 * @param peakInFlight the most pages that really were in flight at once: never above {@code concurrency}
 */
public record CrawlResult(List<Integer> visited, int depth, int concurrency, int peakInFlight) {
}
