package io.github.asyncio4j.samples.webflux.downstream;

import java.util.List;

/**
 * A page of the web site the crawl visits.
 *
 * @param id the page's number
 * @param title its title
 * @param links the numbers of the pages it links to
 */
public record Page(int id, String title, List<Integer> links) {
}
