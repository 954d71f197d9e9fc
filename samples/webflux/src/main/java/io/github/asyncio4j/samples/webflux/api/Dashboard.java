package io.github.asyncio4j.samples.webflux.api;

import io.github.asyncio4j.samples.webflux.downstream.Orders;
import io.github.asyncio4j.samples.webflux.downstream.Profile;
import io.github.asyncio4j.samples.webflux.downstream.Recommendations;

/**
 * A user's dashboard: three downstream answers put together.
 *
 * @param profile from the profile service
 * @param orders from the order service
 * @param recommendations from the recommendation service
 */
public record Dashboard(Profile profile, Orders orders, Recommendations recommendations) {
}
