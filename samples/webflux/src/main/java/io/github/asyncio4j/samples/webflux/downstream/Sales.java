package io.github.asyncio4j.samples.webflux.downstream;

import java.math.BigDecimal;

/**
 * The sales service's answer: yesterday's figures of a store.
 *
 * @param storeId the store
 * @param revenue what it sold
 * @param orders how many orders
 */
public record Sales(String storeId, BigDecimal revenue, int orders) {
}
