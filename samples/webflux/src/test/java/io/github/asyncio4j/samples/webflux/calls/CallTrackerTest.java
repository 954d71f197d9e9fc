package io.github.asyncio4j.samples.webflux.calls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.asyncio4j.Asyncio;
import io.github.asyncio4j.CancelledException;
import io.github.asyncio4j.EventLoop;
import io.github.asyncio4j.Task;
import io.github.asyncio4j.samples.webflux.calls.CallRecord.State;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** {@link CallTracker}: how calls are seen to start and end. */
class CallTrackerTest {

    private final CallTracker tracker = new CallTracker();

    private List<String> states(String requestId) {
        return tracker.calls(requestId).stream()
                .map(r -> r.call() + " " + r.state() + (r.detail() == null ? "" : " (" + r.detail() + ")"))
                .toList();
    }

    @Test
    @DisplayName("tracker: a value, an empty completion and a failure, each recorded after its start")
    void valueEmptyAndFailure() {
        StepVerifier.create(tracker.track("r1", "a", Mono.just(1))).expectNext(1).verifyComplete();
        StepVerifier.create(tracker.track("r1", "b", Mono.empty())).verifyComplete();
        StepVerifier.create(tracker.track("r1", "c", Mono.error(new IllegalStateException("boom")))).verifyErrorMessage("boom");
        assertThat(states("r1")).containsExactly(
                "a STARTED", "a SUCCEEDED", "b STARTED", "b SUCCEEDED", "c STARTED", "c FAILED (boom)");
    }

    @Test
    @DisplayName("tracker: a cancelled task's call is recorded at its await point, through the CancelledException")
    void cancelledTask() {
        List<String> seen = Asyncio.run(() -> {
            Task<Void> call = Asyncio.createTask(tracker.track("r2", "slow", Asyncio.sleep(Duration.ofHours(1))));
            return Asyncio.sleep(Duration.ofSeconds(1))
                    .then(Mono.fromRunnable(() -> call.cancel("client went away")))
                    .then(call.then(Mono.<List<String>>empty()))
                    .onErrorResume(CancelledException.class, e -> Mono.just(List.of(
                            "cancelled at " + EventLoop.running().time() / 1_000_000 + " ms", e.getMessage())));
        }, EventLoop.builder().virtualTime());
        assertThat(seen).containsExactly("cancelled at 1000 ms", "client went away");
        assertThat(states("r2")).containsExactly("slow STARTED", "slow CANCELLED (client went away)");
    }

    @Test
    @DisplayName("tracker: a subscription cancelled Reactor-style is recorded as cancelled too; streams are tracked the same way")
    void reactorCancelAndStreams() {
        StepVerifier.create(tracker.track("r3", "never", Mono.never())).thenCancel().verify();
        StepVerifier.create(tracker.track("r3", "stream", Flux.range(1, 3))).expectNext(1, 2, 3).verifyComplete();
        StepVerifier.create(tracker.track("r3", "endless", Flux.never())).thenCancel().verify();
        StepVerifier.create(tracker.track("r3", "broken", Flux.error(new IllegalStateException("torn")))).verifyError();
        assertThat(states("r3")).containsExactly(
                "never STARTED", "never CANCELLED (subscription cancelled)",
                "stream STARTED", "stream SUCCEEDED",
                "endless STARTED", "endless CANCELLED (subscription cancelled)",
                "broken STARTED", "broken FAILED (torn)");
    }

    @Test
    @DisplayName("tracker: listeners hear every record until disposed; a failing listener harms neither the call nor the others")
    void listeners() {
        List<CallRecord> heard = new CopyOnWriteArrayList<>();
        Disposable broken = tracker.listen(r -> {
            throw new IllegalStateException("listener bug");
        });
        Disposable listening = tracker.listen(heard::add);
        StepVerifier.create(tracker.track("r4", "a", Mono.just("x"))).expectNext("x").verifyComplete();
        listening.dispose();
        broken.dispose();
        StepVerifier.create(tracker.track("r4", "b", Mono.just("y"))).expectNext("y").verifyComplete();
        assertThat(heard).extracting(CallRecord::state).containsExactly(State.STARTED, State.SUCCEEDED);
        assertThat(states("r4")).hasSize(4);
    }

    @Test
    @DisplayName("tracker: only the last requests are remembered, the oldest forgotten first")
    void forgetsTheOldest() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i <= CallTracker.KEPT_REQUESTS; i++) {
            ids.add("q" + i);
            tracker.track("q" + i, "call", Mono.just(i)).block();
        }
        assertThat(tracker.calls("q0")).isEmpty();
        assertThat(tracker.calls("q1")).hasSize(2);
        assertThat(tracker.calls(ids.get(ids.size() - 1))).hasSize(2);
        assertThat(tracker.calls("never")).isEmpty();
    }

    @Test
    @DisplayName("tracker: null arguments are refused, naming them")
    void nulls() {
        assertThatThrownBy(() -> tracker.track(null, "c", Mono.empty())).isInstanceOf(NullPointerException.class).hasMessage("requestId");
        assertThatThrownBy(() -> tracker.track("r", null, Mono.empty())).isInstanceOf(NullPointerException.class).hasMessage("call");
        assertThatThrownBy(() -> tracker.track("r", "c", (Mono<?>) null)).isInstanceOf(NullPointerException.class).hasMessage("work");
        assertThatThrownBy(() -> tracker.track("r", "c", (Flux<?>) null)).isInstanceOf(NullPointerException.class).hasMessage("work");
        assertThatThrownBy(() -> tracker.listen(null)).isInstanceOf(NullPointerException.class).hasMessage("listener");
        assertThatThrownBy(() -> tracker.calls(null)).isInstanceOf(NullPointerException.class).hasMessage("requestId");
    }
}
