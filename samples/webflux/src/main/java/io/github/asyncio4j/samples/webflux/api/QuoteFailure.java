package io.github.asyncio4j.samples.webflux.api;

/**
 * The {@code failure} event of the quote stream: one symbol's quote could not be had.
 *
 * @param symbol the symbol
 * @param error why
 */
public record QuoteFailure(String symbol, String error) {
}
