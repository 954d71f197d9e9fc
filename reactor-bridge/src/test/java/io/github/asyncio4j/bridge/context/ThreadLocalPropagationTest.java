package io.github.asyncio4j.bridge.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.asyncio4j.Asyncio;
import io.github.asyncio4j.ContextVar;
import io.github.asyncio4j.EventLoop;
import io.github.asyncio4j.Task;
import io.github.asyncio4j.TaskGroup;
import io.github.asyncio4j.bridge.Bridge;
import io.micrometer.context.ContextExecutorService;
import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ContextSnapshotFactory;
import io.micrometer.context.integration.Slf4jThreadLocalAccessor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import reactor.core.publisher.Mono;

/**
 * {@link ThreadLocalPropagation}: MDC and other registered thread locals follow tasks across loop
 * callbacks and into children, and never leak to other tasks; {@link ContextVarsThreadLocalAccessor}:
 * asyncio4j's {@code ContextVar}s carried by context-propagation tools.
 */
class ThreadLocalPropagationTest {

    private static final ThreadLocal<String> USER = new ThreadLocal<>();
    private final ContextRegistry registry = new ContextRegistry()
            .registerThreadLocalAccessor(new Slf4jThreadLocalAccessor())
            .registerThreadLocalAccessor("user", USER);

    @BeforeEach
    void enable() {
        MDC.clear();
        USER.remove();
        ThreadLocalPropagation.enable(registry);
    }

    @AfterEach
    void disable() {
        ThreadLocalPropagation.disable();
        MDC.clear();
        USER.remove();
    }

    private static Duration ms(long n) {
        return Duration.ofMillis(n);
    }

    /** What the code running now sees. */
    private static String seen() {
        return "mdc=" + MDC.get("request") + " user=" + USER.get();
    }

    private static <T> T run(java.util.function.Supplier<Mono<T>> main) {
        return Asyncio.run(main, EventLoop.builder().virtualTime());
    }

    @Test
    @DisplayName("propagation: values a task sets are visible in its later steps, its loop callbacks and the children it creates")
    void followsTheTask() {
        List<String> log = run(() -> {
            List<String> out = new CopyOnWriteArrayList<>();
            return Mono.fromRunnable(() -> {
                MDC.put("request", "r1");
                USER.set("alice");
                EventLoop.running().callSoon(() -> out.add("callSoon: " + seen()));
                EventLoop.running().callLater(ms(5), () -> out.add("callLater: " + seen()));
            }).then(Asyncio.sleep(ms(1)))
                    .then(Mono.fromRunnable(() -> out.add("after await: " + seen())))
                    .then(Mono.defer(() -> {
                        Task<String> child = Asyncio.createTask(Asyncio.sleep(ms(2)).then(Mono.fromCallable(() -> "child: " + seen())));
                        child.addDoneCallback(f -> out.add("done callback: " + seen()));
                        return child;
                    }))
                    .doOnNext(out::add)
                    .then(TaskGroup.run(tg -> tg.createTask(Mono.fromCallable(() -> "group child: " + seen()))))
                    .doOnNext(out::add)
                    .then(Asyncio.sleep(ms(10)))
                    .thenReturn(out);
        });
        assertThat(log).containsExactlyInAnyOrder("callSoon: mdc=r1 user=alice", "after await: mdc=r1 user=alice",
                "child: mdc=r1 user=alice", "done callback: mdc=r1 user=alice", "group child: mdc=r1 user=alice",
                "callLater: mdc=r1 user=alice");
    }

    @Test
    @DisplayName("propagation: interleaved tasks each see only their own values; tasks and callbacks without any see none")
    void neverLeaks() {
        List<String> log = run(() -> {
            List<String> out = new CopyOnWriteArrayList<>();
            Task<Void> a = Asyncio.createTask(Mono.fromRunnable(() -> MDC.put("request", "A"))
                    .then(Asyncio.sleep(ms(2)))
                    .then(Mono.fromRunnable(() -> out.add("A: " + seen()))));
            Task<Void> b = Asyncio.createTask(Mono.fromRunnable(() -> {
                        out.add("B starts with: " + seen());
                        USER.set("bob");
                    })
                    .then(Asyncio.sleep(ms(1)))
                    .then(Mono.fromRunnable(() -> out.add("B: " + seen()))));
            Task<Void> c = Asyncio.createTask(Asyncio.sleep(ms(3)).then(Mono.fromRunnable(() -> out.add("C: " + seen()))));
            EventLoop loop = EventLoop.running();
            return a.then(b).then(c)
                    .then(Mono.fromRunnable(() -> out.add("main: " + seen())))
                    .then(Mono.defer(() -> Bridge.fromFuture(CompletableFuture.runAsync(() -> loop.callSoonThreadsafe(
                            () -> out.add("foreign callback: " + seen()))))))
                    .then(Asyncio.sleep(ms(1)))
                    .thenReturn(out);
        });
        assertThat(log).containsExactly("B starts with: mdc=null user=null", "B: mdc=null user=bob", "A: mdc=A user=null",
                "C: mdc=null user=null", "main: mdc=null user=null", "foreign callback: mdc=null user=null");
    }

    @Test
    @DisplayName("propagation: a child's changes never reach its parent (a copy taken at createTask)")
    void childCopies() {
        String r = run(() -> Mono.fromRunnable(() -> MDC.put("request", "parent"))
                .then(Mono.defer(() -> Asyncio.createTask(Mono.fromRunnable(() -> MDC.put("request", "child")))))
                .then(Mono.fromCallable(ThreadLocalPropagationTest::seen)));
        assertThat(r).isEqualTo("mdc=parent user=null");
    }

    @Test
    @DisplayName("propagation: a task created from another thread, and Asyncio.run's main task, start with their creator's values; the caller keeps its own")
    void fromTheCreatorsThread() throws Exception {
        MDC.put("request", "caller");
        String main = Asyncio.run(() -> Mono.fromCallable(ThreadLocalPropagationTest::seen)
                .flatMap(s -> Mono.fromRunnable(() -> MDC.put("request", "changed by main")).thenReturn(s)));
        assertThat(main).isEqualTo("mdc=caller user=null");
        assertThat(MDC.get("request")).isEqualTo("caller");

        EventLoop loop = EventLoop.start("propagation-foreign");
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            String fromPool = pool.submit(() -> {
                USER.set("pool user");
                return loop.submit(Mono.fromCallable(ThreadLocalPropagationTest::seen)).get(10, TimeUnit.SECONDS);
            }).get(10, TimeUnit.SECONDS);
            assertThat(fromPool).isEqualTo("mdc=null user=pool user");
            assertThat(loop.submit(Mono.fromCallable(ThreadLocalPropagationTest::seen)).get(10, TimeUnit.SECONDS))
                    .isEqualTo("mdc=caller user=null");
        } finally {
            pool.shutdownNow();
            loop.close();
        }
    }

    @Test
    @DisplayName("propagation: enable/disable switch it; a null registry is refused")
    void switches() {
        assertThat(ThreadLocalPropagation.isEnabled()).isTrue();
        ThreadLocalPropagation.disable();
        assertThat(ThreadLocalPropagation.isEnabled()).isFalse();
        String r = run(() -> Mono.fromRunnable(() -> MDC.put("request", "r"))
                .then(Mono.defer(() -> Asyncio.createTask(Mono.fromCallable(ThreadLocalPropagationTest::seen)))));
        assertThat(r).as("without propagation a child runs with whatever the thread holds").isEqualTo("mdc=r user=null");
        assertThatThrownBy(() -> ThreadLocalPropagation.enable(null)).isInstanceOf(NullPointerException.class).hasMessage("registry");
    }

    @Test
    @DisplayName("ContextVarsThreadLocalAccessor: service-loaded; a task's ContextVars travel with a ContextSnapshot to another thread")
    void contextVarsTravel() throws Exception {
        assertThat(ContextRegistry.getInstance().getThreadLocalAccessors()).anyMatch(a -> a.key().equals(ContextVarsThreadLocalAccessor.KEY));
        ContextVar<String> tenant = new ContextVar<>("tenant");
        ContextRegistry own = new ContextRegistry().registerThreadLocalAccessor(new ContextVarsThreadLocalAccessor());
        ExecutorService pool = ContextExecutorService.wrap(Executors.newSingleThreadExecutor(),
                () -> ContextSnapshotFactory.builder().contextRegistry(own).build().captureAll());
        try {
            List<String> r = run(() -> Mono.fromRunnable(() -> tenant.set("acme"))
                    .then(Mono.defer(() -> Bridge.fromFuture(CompletableFuture.supplyAsync(() -> tenant.get("none") + " on "
                            + (EventLoop.current().isPresent() ? "a loop" : "another thread"), pool))))
                    .map(s -> {
                        List<String> out = new ArrayList<>();
                        out.add(s);
                        out.add("task still sees " + tenant.get());
                        return out;
                    }));
            assertThat(r).containsExactly("acme on another thread", "task still sees acme");
            assertThat(pool.submit(() -> tenant.get("none")).get(10, TimeUnit.SECONDS))
                    .as("nothing captured outside a task, and the pool thread was restored").isEqualTo("none");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    @DisplayName("ContextVarsThreadLocalAccessor: on a loop thread it only reads; setting it there leaves the task's context alone")
    void readOnlyOnLoop() {
        ContextVar<String> v = new ContextVar<>("v");
        ContextVarsThreadLocalAccessor accessor = new ContextVarsThreadLocalAccessor();
        String r = run(() -> Mono.fromCallable(() -> {
            v.set("task value");
            Object mine = accessor.getValue();
            accessor.setValue();
            accessor.setValue(new Object());
            return v.get("lost") + ", read " + (mine != null);
        }));
        assertThat(r).isEqualTo("task value, read true");
    }
}
