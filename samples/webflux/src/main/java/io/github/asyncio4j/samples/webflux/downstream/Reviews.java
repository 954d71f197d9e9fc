package io.github.asyncio4j.samples.webflux.downstream;

/**
 * The review service's answer.
 *
 * @param storeId the store
 * @param averageStars the average rating, 1 to 5
 * @param count how many reviews
 */
public record Reviews(String storeId, double averageStars, int count) {
}
