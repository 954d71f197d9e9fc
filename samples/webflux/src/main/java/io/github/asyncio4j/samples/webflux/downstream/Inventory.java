package io.github.asyncio4j.samples.webflux.downstream;

import java.util.List;

/**
 * The inventory service's answer.
 *
 * @param storeId the store
 * @param lowStock the products running out
 */
public record Inventory(String storeId, List<String> lowStock) {
}
