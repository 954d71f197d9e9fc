package io.github.asyncio4j.samples.webflux.api;

import io.github.asyncio4j.bridge.Bridge;
import io.github.asyncio4j.samples.webflux.calls.DownstreamCalls;
import io.github.asyncio4j.samples.webflux.downstream.Page;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * One crawl, breadth first: each level's pages are fetched with {@link Bridge#mapConcurrent}, at
 * most {@code concurrency} at once, and their links not seen yet make the next level.
 *
 * <p>Its state is plain fields, with no lock and no atomic: a crawl runs in its request's task,
 * and every task it makes ({@code mapConcurrent}'s) runs on that task's loop thread.
 */
final class Crawl {

    private final DownstreamCalls calls;
    private final int sitePages;
    private final int concurrency;
    private final int maxPages;

    private final Set<Integer> seen = new HashSet<>();
    private final List<Integer> visited = new ArrayList<>();
    private int inFlight;
    private int peakInFlight;

    Crawl(DownstreamCalls calls, int sitePages, int concurrency, int maxPages) {
        this.calls = calls;
        this.sitePages = sitePages;
        this.concurrency = concurrency;
        this.maxPages = maxPages;
    }

    /** Crawls from {@code start}; a failed page fails the crawl (after the others in flight are cancelled). */
    Mono<CrawlResult> from(int start) {
        seen.add(start);
        return level(List.of(start), 0);
    }

    private Mono<CrawlResult> level(List<Integer> frontier, int depth) {
        if (frontier.isEmpty()) {
            return Mono.fromSupplier(() -> new CrawlResult(List.copyOf(visited), depth - 1, concurrency, peakInFlight));
        }
        return Flux.fromIterable(frontier)
                // Results come back in the frontier's order, whatever order the pages answer in.
                .transform(Bridge.mapConcurrent(this::fetch, concurrency))
                .collectList()
                .flatMap(pages -> level(nextLevel(pages), depth + 1));
    }

    private Mono<Page> fetch(int id) {
        return Mono.defer(() -> {
                    inFlight++;
                    peakInFlight = Math.max(peakInFlight, inFlight);
                    return calls.get("page-" + id, Page.class, "/downstream/pages/{id}?size={size}", id, sitePages);
                })
                .doFinally(signal -> inFlight--);
    }

    private List<Integer> nextLevel(List<Page> pages) {
        List<Integer> next = new ArrayList<>();
        for (Page page : pages) {
            visited.add(page.id());
            for (int link : page.links()) {
                if (seen.size() < maxPages && seen.add(link)) {
                    next.add(link);
                }
            }
        }
        return next;
    }
}
