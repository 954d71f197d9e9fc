package io.github.asyncio4j.samples.webflux;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.asyncio4j.samples.webflux.calls.CallTracker;
import io.github.asyncio4j.samples.webflux.calls.RequestTracking;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.Disposable;

/**
 * The running service on a random loopback port, shared by every test class (one Spring context:
 * the test classes must keep the same configuration), with a {@link WebTestClient} bound to it.
 *
 * <p>Each test watches {@link CallTracker} through {@link #events}, and fails if anything reached
 * the event loops' exception handler or Reactor's dropped-error hook while it ran.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "samples.loops=2",
        "samples.downstream.latency=0ms",
        "spring.lifecycle.timeout-per-shutdown-phase=5s"})
@AutoConfigureWebTestClient
abstract class ServiceTest {

    @Autowired
    protected WebTestClient client;
    @Autowired
    private CallTracker tracker;
    @Autowired
    private LoopExceptionHandler loopExceptions;
    @LocalServerPort
    private int port;

    /** What the server's calls did during this test. */
    protected CallEvents events;
    private Disposable listening;
    private List<Throwable> loopExceptionsExpected;

    @BeforeEach
    void watch() {
        events = new CallEvents();
        listening = tracker.listen(events);
        loopExceptionsExpected = new ArrayList<>(loopExceptions.recent());
    }

    @AfterEach
    void nothingUnexpected() {
        listening.dispose();
        // Errors dropped to Hooks.onErrorDropped fail the test through NoSilentErrors, which every test runs under.
        assertThat(loopExceptions.recent()).as("errors reported to the loops' exception handler")
                .containsExactlyElementsOf(loopExceptionsExpected);
    }

    /** Tells {@link #nothingUnexpected} that this test reports {@code error} to the loops' exception handler on purpose. */
    protected void expectLoopException(Throwable error) {
        loopExceptionsExpected.add(error);
    }

    /** A GET with our own request id, so the test can follow its calls. */
    protected WebTestClient.RequestHeadersSpec<?> get(String requestId, String uri) {
        return client.get().uri(uri).header(RequestTracking.HEADER, requestId);
    }

    /**
     * Starts a GET from a plain client, waits (bounded) until the server has started the given
     * calls of it, then disconnects: the client gives up and closes the connection.
     */
    protected void disconnectOnceStarted(String requestId, String uri, String... calls) {
        AtomicReference<Object> answered = new AtomicReference<>();
        Disposable request = WebClient.create("http://127.0.0.1:" + port).get().uri(uri)
                .header(RequestTracking.HEADER, requestId)
                .retrieve().bodyToMono(String.class)
                .subscribe(answered::set, answered::set);
        try {
            for (String call : calls) {
                events.awaitStarted(requestId, call);
            }
        } finally {
            request.dispose();
        }
        assertThat(answered).as("the request was still in flight when the client went away").hasNullValue();
    }
}
