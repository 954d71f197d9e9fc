package io.github.asyncio4j.samples.webflux.downstream;

import java.util.List;

/**
 * The order service's answer: a user's recent orders.
 *
 * @param userId the user
 * @param orders the orders, newest first
 */
public record Orders(String userId, List<Order> orders) {
}
