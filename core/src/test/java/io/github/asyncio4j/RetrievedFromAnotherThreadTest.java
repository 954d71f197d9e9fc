package io.github.asyncio4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/**
 * A failure read with {@code exception()} from another thread the moment the future is seen done
 * counts as retrieved: the mark it clears is published together with the state (FUT-17's
 * "never retrieved" report must not fire).
 */
class RetrievedFromAnotherThreadTest {

    @Test
    @DisplayName("exception() from another thread right after completion marks the failure retrieved")
    void retrievedRightAfterCompletion() {
        List<Throwable> reported = new CopyOnWriteArrayList<>();
        EventLoop loop = EventLoop.builder().name("retrieve-race").exceptionHandler((l, t) -> reported.add(t)).start();
        try {
            for (int i = 0; i < 2_000; i++) {
                Task<Object> t = loop.createTask(Mono.error(new IllegalStateException("failure " + i)));
                while (!t.isDone()) {
                    Thread.onSpinWait();
                }
                assertThat(t.exception()).hasMessage("failure " + i);
            }
        } finally {
            loop.close();
        }
        assertThat(reported).isEmpty();
    }
}
