package io.github.asyncio4j;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * {@code AsyncQueue.putAll} on a queue whose loop has closed (found by PublicSurfaceBadInputTest's
 * closed-loop sweep): the put fails once with the rejection, the source's value is discarded, and
 * its onComplete is not turned into a second error dropped to {@code Hooks.onErrorDropped}.
 */
class QueuePutAllClosedLoopTest {

    @Test
    @DisplayName("putAll on a closed loop's queue fails once with 'event loop is closed' and drops nothing")
    void closedLoop() throws Exception {
        EventLoop loop = EventLoop.start("put-all-closed");
        AsyncQueue<String> q = new AsyncQueue<>(1);
        loop.submit(q.put("a").then(q.get())).get(10, SECONDS);
        loop.close();
        StepVerifier.create(q.putAll(Mono.just("late")))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(RejectedExecutionException.class).hasMessage("event loop is closed"))
                .verify();
        assertThat(NoSilentErrors.takeDroppedErrors()).as("dropped to Hooks.onErrorDropped").isEmpty();
    }
}
