package io.github.asyncio4j.samples.webflux.api;

/**
 * The {@code done} event of the quote stream.
 *
 * @param quotes how many quotes were sent
 * @param failures how many symbols got a {@code failure} event instead
 */
public record StreamSummary(int quotes, int failures) {
}
