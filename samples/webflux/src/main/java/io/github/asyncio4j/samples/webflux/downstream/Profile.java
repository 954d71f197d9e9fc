package io.github.asyncio4j.samples.webflux.downstream;

/**
 * The profile service's answer.
 *
 * @param userId the user
 * @param name the user's display name
 */
public record Profile(String userId, String name) {
}
