package io.github.asyncio4j.samples.webflux.downstream;

import java.math.BigDecimal;

/**
 * The quote service's answer.
 *
 * @param symbol the stock symbol
 * @param price its price
 * @param replica which replica of the quote service answered
 */
public record Quote(String symbol, BigDecimal price, String replica) {
}
