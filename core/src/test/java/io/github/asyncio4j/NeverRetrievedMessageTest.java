package io.github.asyncio4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/**
 * The "exception was never retrieved" report names the failed future as finished, with its
 * exception, as CPython's does ({@code future: <Task finished name='Task-1' ... exception=...>}).
 * It used to say {@code <Task pending name='Task-1'>}: its text was made while the task completed,
 * before its state was published (seen in a NoSilentErrors report of PublicSurfaceBadInputTest).
 */
class NeverRetrievedMessageTest {

    @Test
    @DisplayName("the never-retrieved report shows the task finished, with its name and exception")
    void taskShownFinished() {
        Asyncio.run(() -> {
            Asyncio.createTask(Mono.error(new IllegalStateException("nobody awaits me")), "orphan");
            return Asyncio.sleep(Duration.ZERO);
        }, EventLoop.builder().virtualTime());
        assertThat(NoSilentErrors.takeLogged(m -> m.startsWith("Task exception was never retrieved"))).singleElement()
                .satisfies(r -> assertThat(r.what()).contains("<Task finished name='orphan' exception=java.lang.IllegalStateException: nobody awaits me>"));
    }

    @Test
    @DisplayName("the never-retrieved report shows a future finished, with its exception")
    void futureShownFinished() {
        Asyncio.run(() -> Mono.fromRunnable(() -> EventLoop.running().createFuture().setException(new IllegalStateException("unread")))
                .then(Asyncio.sleep(Duration.ZERO)), EventLoop.builder().virtualTime());
        assertThat(NoSilentErrors.takeLogged(m -> m.startsWith("Future exception was never retrieved"))).singleElement()
                .satisfies(r -> assertThat(r.what()).contains("<Future finished exception=java.lang.IllegalStateException: unread>"));
    }
}
