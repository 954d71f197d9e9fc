package io.github.asyncio4j;

import static io.github.asyncio4j.TestLoops.runVirtual;
import static io.github.asyncio4j.TestLoops.seconds;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/**
 * {@code Asyncio.createTask} and {@code EventLoop.createTask}: BEHAVIORS.md section 1.5,
 * {@code CREATE-*} (eager tasks are {@link EagerTaskTest}).
 *
 * <p>IDs with no Java twin: CREATE-03 ({@code ensure_future}): an {@link AsyncFuture} is already
 * a {@code Mono} to await and {@code createTask} always makes a new task, so there is nothing to
 * coerce; its type errors are compile errors.
 */
class CreateTaskTest {

    @Test
    @DisplayName("CREATE-01 Asyncio.createTask needs a running loop: without one → IllegalStateException saying how to get one")
    void createTaskNeedsARunningLoop() {
        assertThatIllegalStateException().isThrownBy(() -> Asyncio.createTask(Mono.just(1)))
                .withMessageStartingWith("no running event loop")
                .withMessageContaining("Asyncio.createTask")
                .withMessageContaining("Asyncio.run");
        assertThatIllegalStateException().isThrownBy(() -> Asyncio.createTask(Mono.just(1), "named"))
                .withMessageStartingWith("no running event loop");
    }

    @Test
    @DisplayName("CREATE-01 inside a task, Asyncio.createTask creates on the running loop, with the given name")
    void createTaskOnTheRunningLoop() {
        List<Object> seen = runVirtual(() -> {
            Task<String> t = Asyncio.createTask(Mono.just("x"), "named");
            return t.map(v -> List.of(t.loop() == EventLoop.running(), t.getName(), v));
        });
        assertThat(seen).containsExactly(true, "named", "x");
    }

    @Test
    @DisplayName("CREATE-02 the loop holds its pending tasks itself: a task nobody references still runs to completion")
    void unreferencedTasksRun() {
        List<String> log = new java.util.ArrayList<>();
        runVirtual(() -> {
            for (int i = 0; i < 100; i++) {
                int n = i;
                Asyncio.createTask(Asyncio.sleep(seconds(1)).then(Mono.fromRunnable(() -> log.add("task " + n + " finished"))));
            }
            System.gc();
            return Asyncio.sleep(seconds(2));
        });
        assertThat(log).hasSize(100);
    }

    @Test
    @DisplayName("EventLoop.createTask from another thread: the body runs on the loop thread, in the caller's ContextVar context")
    void createTaskFromAnotherThread() throws Exception {
        ContextVar<String> var = new ContextVar<>("var", "unset");
        var.set("caller");
        try (EventLoop loop = EventLoop.start("remote")) {
            Task<String> t = loop.createTask(Mono.fromCallable(() -> Thread.currentThread().getName() + " " + var.get()));
            CompletableFuture<String> cf = new CompletableFuture<>();
            t.subscribe(cf::complete, cf::completeExceptionally);
            assertThat(cf.get(10, SECONDS)).isEqualTo("remote caller");
        } finally {
            var.set("unset");
        }
    }
}
