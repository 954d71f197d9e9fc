package io.github.asyncio4j;

import static io.github.asyncio4j.TestLoops.runVirtual;
import static io.github.asyncio4j.TestLoops.virtual;
import static io.github.asyncio4j.TestLoops.yieldOnce;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/**
 * A body that is a value or a call ({@code Mono.just}, {@code Mono.empty},
 * {@code Mono.fromCallable}, {@code Mono.fromSupplier}) is called by the task's first step instead
 * of being subscribed: the outcome, the moment it runs and the context it runs in are those of a
 * subscribed body.
 */
class CalledInPlaceBodyTest {

    @Test
    @DisplayName("the bodies called in place are exactly Mono.just, empty, fromCallable and fromSupplier")
    void whichBodiesAreCalledInPlace() {
        assertThat(Task.calledInPlace(Mono.just(1))).isTrue();
        assertThat(Task.calledInPlace(Mono.empty())).isTrue();
        assertThat(Task.calledInPlace(Mono.fromCallable(() -> 1))).isTrue();
        assertThat(Task.calledInPlace(Mono.fromSupplier(() -> 1))).isTrue();
        // Subscribing these does something else than calling them: they are subscribed.
        assertThat(Task.calledInPlace(Mono.error(new IOException("x")))).isFalse();
        assertThat(Task.calledInPlace(Mono.fromRunnable(() -> { }))).isFalse();
        assertThat(Task.calledInPlace(Mono.just(1).hide())).isFalse();
    }

    @Test
    @DisplayName("the call runs in the task's first step, in the next iteration, not inside createTask")
    void theCallRunsInTheFirstStep() {
        List<String> log = new ArrayList<>();
        runVirtual(() -> {
            Task<Integer> t = Asyncio.createTask(Mono.fromCallable(() -> {
                log.add("body");
                return 1;
            }));
            log.add("created, done=" + t.isDone());
            return yieldOnce().then(Mono.fromRunnable(() -> log.add("next iteration, done=" + t.isDone() + " result=" + t.result())));
        });
        assertThat(log).containsExactly("created, done=false", "body", "next iteration, done=true result=1");
    }

    @Test
    @DisplayName("a body whose call throws a checked exception fails the task with that very exception")
    void checkedExceptionFailsTheTask() {
        IOException boom = new IOException("boom");
        Throwable seen = runVirtual(() -> {
            Task<Integer> t = Asyncio.createTask(Mono.fromCallable(() -> {
                throw boom;
            }));
            return t.then(Mono.<Throwable>empty()).onErrorResume(Mono::just);
        });
        assertThat(seen).isSameAs(boom);
    }

    @Test
    @DisplayName("a body whose call throws an Error fails the task with it, which stops Asyncio.run, as a subscribed body does")
    void errorFailsTheTask() {
        AssertionError boom = new AssertionError("boom");
        Mono<Integer> throwing = Mono.fromSupplier(() -> {
            throw boom;
        });
        assertThatThrownBy(() -> runVirtual(() -> Asyncio.createTask(throwing).then())).isSameAs(boom);
        assertThatThrownBy(() -> runVirtual(() -> Asyncio.createTask(throwing.hide()).then())).isSameAs(boom);
    }

    @Test
    @DisplayName("a call that returns null, and Mono.empty(), complete the task with a null result")
    void nullAndEmptyGiveANullResult() {
        List<Object> seen = runVirtual(() -> {
            Task<Integer> fromNull = Asyncio.createTask(Mono.fromCallable(() -> null));
            Task<Integer> empty = Asyncio.createTask(Mono.empty());
            return Mono.when(fromNull, empty).then(Mono.fromCallable(() -> {
                List<Object> out = new ArrayList<>();
                out.add(fromNull.isDone() && !fromNull.isCancelled() && fromNull.exception() == null);
                out.add(fromNull.result());
                out.add(empty.isDone() && empty.exception() == null);
                out.add(empty.result());
                return out;
            }));
        });
        assertThat(seen).containsExactly(true, null, true, null);
    }

    @Test
    @DisplayName("a task cancelled before its first step never calls its body and ends cancelled")
    void cancelledBeforeItsStepNeverCalls() {
        AtomicInteger calls = new AtomicInteger();
        List<Object> seen = runVirtual(() -> {
            Task<Integer> t = Asyncio.createTask(Mono.fromCallable(calls::incrementAndGet));
            t.cancel("early");
            return yieldOnce().then(Mono.fromCallable(() -> {
                List<Object> out = new ArrayList<>();
                out.add(t.isCancelled());
                out.add(calls.get());
                return out;
            }));
        });
        assertThat(seen).containsExactly(true, 0);
    }

    @Test
    @DisplayName("a body that cancels its own task during the call ends cancelled, its value dropped")
    void selfCancelDuringTheCall() {
        boolean cancelled = runVirtual(() -> {
            Task<Integer> t = Asyncio.createTask(Mono.fromCallable(() -> {
                Task.current().orElseThrow().cancel("myself");
                return 1;
            }));
            return yieldOnce().then(Mono.fromCallable(t::isCancelled));
        });
        assertThat(cancelled).isTrue();
    }

    @Test
    @DisplayName("during the call, Task.current() is the task and ContextVars are the task's copy of its creator's")
    void theCallSeesItsTaskAndContext() {
        ContextVar<String> var = new ContextVar<>("var", "default");
        List<Object> seen = runVirtual(() -> {
            var.set("creator");
            Task<?>[] current = new Task<?>[1];
            Task<String> t = Asyncio.createTask(Mono.fromCallable(() -> {
                current[0] = Task.current().orElse(null);
                String inside = var.get();
                var.set("changed inside");
                return inside;
            }));
            return t.map(v -> {
                List<Object> out = new ArrayList<>();
                out.add(current[0] == t);
                out.add(v);
                out.add(var.get());
                return out;
            });
        });
        assertThat(seen).containsExactly(true, "creator", "creator");
    }

    @Test
    @DisplayName("with eager tasks, a body called in place gives a task done inside createTask")
    void eagerCallInPlace() {
        List<Object> seen = Asyncio.run(() -> {
            Task<String> t = Asyncio.createTask(Mono.just("now"));
            List<Object> out = new ArrayList<>();
            out.add(t.isDone());
            out.add(t.result());
            return Mono.just(out);
        }, virtual().eagerTasks(true));
        assertThat(seen).containsExactly(true, "now");
    }
}
