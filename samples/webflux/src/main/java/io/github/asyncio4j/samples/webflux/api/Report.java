package io.github.asyncio4j.samples.webflux.api;

import io.github.asyncio4j.samples.webflux.downstream.Inventory;
import io.github.asyncio4j.samples.webflux.downstream.Reviews;
import io.github.asyncio4j.samples.webflux.downstream.Sales;

/**
 * A store's daily report: all three parts, or no report at all.
 *
 * @param storeId the store
 * @param sales from the sales service
 * @param inventory from the inventory service
 * @param reviews from the review service
 */
public record Report(String storeId, Sales sales, Inventory inventory, Reviews reviews) {
}
