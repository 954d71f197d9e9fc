package io.github.asyncio4j.samples.webflux.downstream;

import java.math.BigDecimal;

/**
 * One order.
 *
 * @param id the order's id
 * @param total what it cost
 */
public record Order(String id, BigDecimal total) {
}
