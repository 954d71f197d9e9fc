package io.github.asyncio4j;

import static io.github.asyncio4j.TestLoops.virtual;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/**
 * Eager tasks ({@code EventLoop.Builder.eagerTasks(true)}, CPython 3.12's
 * {@code eager_task_factory}): BEHAVIORS.md section 1.5, {@code EAGER-*}.
 *
 * <p>EAGER-05 is tested here for await chains; its {@code gather} and {@code TaskGroup} parts
 * belong to those combinators' tests, which own them.
 */
class EagerTaskTest {

    private static EventLoop.Builder eager() {
        return virtual().eagerTasks(true);
    }

    @Test
    @DisplayName("EAGER-01 createTask runs the body at once, inside createTask, with Task.current() the new task")
    void bodyRunsInsideCreateTask() {
        List<String> log = new ArrayList<>();
        Asyncio.run(() -> {
            Task<?>[] current = new Task<?>[1];
            Task<String> t = Asyncio.createTask(Mono.fromCallable(() -> {
                log.add("body ran");
                current[0] = Task.current().orElseThrow();
                return "q";
            }));
            log.add("createTask returned; current() inside was the new task: " + (current[0] == t));
            return t;
        }, eager());
        assertThat(log).containsExactly("body ran", "createTask returned; current() inside was the new task: true");
    }

    @Test
    @DisplayName("EAGER-02 a body that never suspends gives a task already done: result usable, cancel() false, gone from allTasks()")
    void eagerCompletion() {
        List<String> log = new ArrayList<>();
        Asyncio.run(() -> {
            EventLoop loop = EventLoop.running();
            boolean[] inAllTasksDuringStep = new boolean[1];
            Task<?>[] self = new Task<?>[1];
            Task<String> t = Asyncio.createTask(Mono.fromCallable(() -> {
                self[0] = Task.current().orElseThrow();
                inAllTasksDuringStep[0] = loop.allTasks().contains(self[0]);
                return "q";
            }));
            // x02_eager_tasks.py
            log.add("done immediately after createTask? " + t.isDone() + " " + t.result() + " | cancel() -> " + t.cancel());
            log.add("in allTasks during its step: " + inAllTasksDuringStep[0] + ", after: " + loop.allTasks().contains(t));
            return Mono.empty();
        }, eager());
        assertThat(log).containsExactly("done immediately after createTask? true q | cancel() -> false",
                "in allTasks during its step: true, after: false");
    }

    @Test
    @DisplayName("EAGER-03 a body that suspends continues as an ordinary task, and cancelling it works, message included")
    void eagerThenSuspend() {
        List<String> log = new ArrayList<>();
        Asyncio.run(() -> {
            Task<String> slow = Asyncio.createTask(Mono.fromRunnable(() -> log.add("slow: first step ran synchronously"))
                    .then(Asyncio.sleep(Duration.ofMillis(10)))
                    .then(Mono.fromCallable(() -> {
                        log.add("slow: resumed later");
                        return "s";
                    })));
            log.add("slow done? " + slow.isDone() + ", in allTasks: " + EventLoop.running().allTasks().contains(slow));
            Task<String> blocked = Asyncio.createTask(Asyncio.sleep(Duration.ofHours(1), "never"));
            blocked.cancel("stop");
            return slow.doOnNext(r -> log.add("slow -> " + r))
                    .then(blocked).onErrorResume(CancelledException.class, e -> Mono.fromRunnable(() ->
                            log.add("blocked cancelled: " + blocked.isCancelled() + " with " + e.getMessage())));
        }, eager());
        assertThat(log).containsExactly("slow: first step ran synchronously", "slow done? false, in allTasks: true",
                "slow: resumed later", "slow -> s", "blocked cancelled: true with stop");
    }

    @Test
    @DisplayName("EAGER-04 the eager step runs in the task's own context copy; the creator's context, even a callback's, is untouched")
    void eagerStepContext() {
        ContextVar<String> var = new ContextVar<>("var", "default");
        List<String> log = new ArrayList<>();
        Asyncio.run(() -> {
            EventLoop loop = EventLoop.running();
            var.set("creator");
            Task<String> t = Asyncio.createTask(Mono.fromCallable(() -> {
                String inherited = var.get();
                var.set("child");
                return inherited + " -> " + var.get();
            }));
            log.add("task: " + t.result() + ", creator after: " + var.get());
            var.set("registrar");
            loop.callSoon(() -> {
                Task<String> fromCallback = loop.createTask(Mono.fromCallable(() -> {
                    var.set("eager child of a callback");
                    return var.get();
                }));
                log.add("callback: " + fromCallback.result() + ", callback's context after: " + var.get());
            });
            return Asyncio.sleep(Duration.ZERO);
        }, eager());
        assertThat(log).containsExactly("task: creator -> child, creator after: creator",
                "callback: eager child of a callback, callback's context after: registrar");
    }

    @Test
    @DisplayName("EAGER-04 eagerness applies only on the running loop's thread: createTask from another thread schedules the first step")
    void notEagerFromAnotherThread() throws Exception {
        try (EventLoop loop = EventLoop.builder().name("eager-loop").eagerTasks(true).start()) {
            CompletableFuture<String> bodyThread = new CompletableFuture<>();
            Task<String> t = loop.createTask(Mono.fromCallable(() -> {
                bodyThread.complete(Thread.currentThread().getName());
                return "x";
            }));
            assertThat(bodyThread.get(10, SECONDS)).isEqualTo("eager-loop");
            assertThat(t.block(Duration.ofSeconds(10))).isEqualTo("x");
        }
    }

    @Test
    @DisplayName("EAGER-05 an await chain of tasks whose leaves never suspend completes inside the first createTask, with no loop turn")
    void awaitChainCompletesSynchronously() {
        int[] result = new int[1];
        Asyncio.run(() -> {
            Task<Integer> top = Asyncio.createTask(chain(100));
            result[0] = top.isDone() ? top.result() : -1;
            return Mono.empty();
        }, eager());
        assertThat(result[0]).isEqualTo(100);
    }

    private static Mono<Integer> chain(int depth) {
        if (depth == 0) {
            return Mono.just(0);
        }
        return Mono.defer(() -> Asyncio.createTask(chain(depth - 1))).map(n -> n + 1);
    }
}
