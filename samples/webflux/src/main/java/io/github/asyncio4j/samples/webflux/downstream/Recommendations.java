package io.github.asyncio4j.samples.webflux.downstream;

import java.util.List;

/**
 * The recommendation service's answer.
 *
 * @param userId the user
 * @param items what to suggest, best first
 */
public record Recommendations(String userId, List<String> items) {
}
