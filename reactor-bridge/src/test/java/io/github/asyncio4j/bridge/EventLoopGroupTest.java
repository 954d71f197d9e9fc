package io.github.asyncio4j.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.asyncio4j.Asyncio;
import io.github.asyncio4j.CancelledException;
import io.github.asyncio4j.EventLoop;
import io.github.asyncio4j.Task;
import io.github.asyncio4j.TaskGroup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** {@link EventLoopGroup}: n loops, round-robin and sticky selection, task trees pinned to their loop, close. */
class EventLoopGroupTest {

    private static final Pattern NAME = Pattern.compile("asyncio4j-group-\\d+-loop-\\d");

    @Test
    @DisplayName("EventLoopGroup.create(n): n running loops on n threads, named asyncio4j-group-N-loop-K")
    void create() throws Exception {
        try (EventLoopGroup group = EventLoopGroup.create(3)) {
            assertThat(group.size()).isEqualTo(3);
            assertThat(group.loops()).hasSize(3).allMatch(EventLoop::isRunning);
            assertThat(group.loops()).extracting(EventLoop::name).allMatch(n -> NAME.matcher(n).matches());
            assertThat(group.loops().get(2).name()).endsWith("-loop-2");
            Set<String> threads = new HashSet<>();
            for (EventLoop loop : group.loops()) {
                threads.add(loop.submit(Mono.fromCallable(() -> Thread.currentThread().getName())).get(10, TimeUnit.SECONDS));
            }
            assertThat(threads).containsExactlyInAnyOrderElementsOf(group.loops().stream().map(EventLoop::name).toList());
        }
    }

    @Test
    @DisplayName("EventLoopGroup.create(): one loop per available processor")
    void createDefault() {
        try (EventLoopGroup group = EventLoopGroup.create()) {
            assertThat(group.size()).isEqualTo(Runtime.getRuntime().availableProcessors());
        }
    }

    @Test
    @DisplayName("EventLoopGroup: n < 1, a null key, null options and null bodies are refused with exceptions naming the argument")
    void badArguments() {
        assertThatThrownBy(() -> EventLoopGroup.create(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("n must be at least 1, got 0");
        assertThatThrownBy(() -> EventLoopGroup.create(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("n must be at least 1, got -1");
        assertThatThrownBy(() -> EventLoopGroup.create(1, null)).isInstanceOf(NullPointerException.class).hasMessage("options");
        try (EventLoopGroup group = EventLoopGroup.create(1)) {
            assertThatThrownBy(() -> group.forKey(null)).isInstanceOf(NullPointerException.class).hasMessage("key");
            assertThatThrownBy(() -> group.spawn(null)).isInstanceOf(NullPointerException.class).hasMessage("body");
            assertThatThrownBy(() -> group.submit(null)).isInstanceOf(NullPointerException.class).hasMessage("body");
        }
    }

    @Test
    @DisplayName("EventLoopGroup.next() goes round-robin; forKey(key) always answers the same loop for equal keys and spreads keys")
    void selection() {
        try (EventLoopGroup group = EventLoopGroup.create(4)) {
            List<EventLoop> picked = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                picked.add(group.next());
            }
            assertThat(picked.subList(0, 4)).containsExactlyInAnyOrderElementsOf(group.loops());
            assertThat(picked.subList(4, 8)).containsExactlyElementsOf(picked.subList(0, 4));

            for (int k = 0; k < 100; k++) {
                assertThat(group.forKey("user-" + k)).isSameAs(group.forKey(new String("user-" + k)));
            }
            Set<EventLoop> used = new HashSet<>();
            for (long k = 0; k < 100; k++) {
                used.add(group.forKey(k << 20));
            }
            assertThat(used).as("keys differing only in high bits still spread").hasSize(4);
        }
    }

    @Test
    @DisplayName("EventLoopGroup: a task tree (createTask, TaskGroup children, grandchildren) never leaves the loop it started on")
    void taskTreeStaysOnItsLoop() throws Exception {
        try (EventLoopGroup group = EventLoopGroup.create(4)) {
            Set<Thread> threads = ConcurrentHashMap.newKeySet();
            Mono<Void> here = Mono.fromRunnable(() -> threads.add(Thread.currentThread()));
            CompletableFuture<String> done = group.submit(here
                    .then(Mono.defer(() -> Asyncio.createTask(here.then(Asyncio.sleep(Duration.ofMillis(1)))
                            .then(Mono.defer(() -> Asyncio.createTask(here.then(Mono.just("grandchild"))))))))
                    .then(TaskGroup.run(tg -> {
                        for (int i = 0; i < 10; i++) {
                            tg.createTask(Asyncio.sleep(Duration.ofMillis(i)).then(here));
                        }
                        return here.then(Mono.just("group"));
                    }))
                    .then(here)
                    .thenReturn("done"));
            assertThat(done.get(10, TimeUnit.SECONDS)).isEqualTo("done");
            assertThat(threads).hasSize(1);
            assertThat(group.loops()).extracting(EventLoop::name).contains(threads.iterator().next().getName());
        }
    }

    @Test
    @DisplayName("EventLoopGroup.spawn: runs on the group's loops in turn; from a task of another loop the outcome is delivered on the awaiting loop")
    void spawn() throws Exception {
        try (EventLoopGroup group = EventLoopGroup.create(2); EventLoop other = EventLoop.start("awaiting-loop")) {
            Mono<String> where = Mono.fromCallable(() -> Thread.currentThread().getName());
            StepVerifier.create(group.spawn(where).concatWith(group.spawn(where)).collectList())
                    .assertNext(names -> assertThat(names).containsExactlyInAnyOrderElementsOf(
                            group.loops().stream().map(EventLoop::name).toList()))
                    .expectComplete()
                    .verify(Duration.ofSeconds(10));
            String delivered = other.submit(group.spawn(where).map(ran -> ran + " -> " + Thread.currentThread().getName()))
                    .get(10, TimeUnit.SECONDS);
            assertThat(delivered).matches("asyncio4j-group-\\d+-loop-\\d -> awaiting-loop");
        }
    }

    @Test
    @DisplayName("EventLoopGroup.spawn: cancelling the subscription cancels the task, whose cleanup runs")
    void spawnCancel() throws Exception {
        try (EventLoopGroup group = EventLoopGroup.create(2)) {
            CompletableFuture<String> started = new CompletableFuture<>();
            CompletableFuture<String> cleanup = new CompletableFuture<>();
            reactor.core.Disposable d = group.spawn(Mono.fromRunnable(() -> started.complete("started"))
                            .then(Asyncio.sleep(Duration.ofHours(1)))
                            .doOnError(CancelledException.class, e -> cleanup.complete("cancelled")))
                    .subscribe();
            started.get(10, TimeUnit.SECONDS);
            d.dispose();
            assertThat(cleanup.get(10, TimeUnit.SECONDS)).isEqualTo("cancelled");
        }
    }

    @Test
    @DisplayName("EventLoopGroup.close(): cancels every task (their cleanup runs), stops every loop; then selection is refused; idempotent")
    void close() throws Exception {
        EventLoopGroup group = EventLoopGroup.create(3);
        List<String> cleanups = new CopyOnWriteArrayList<>();
        List<CompletableFuture<String>> started = new ArrayList<>();
        for (EventLoop loop : group.loops()) {
            CompletableFuture<String> s = new CompletableFuture<>();
            started.add(s);
            loop.createTask(Mono.fromRunnable(() -> s.complete("started"))
                    .then(Asyncio.sleep(Duration.ofHours(1)))
                    .onErrorResume(CancelledException.class, e -> Asyncio.sleep(Duration.ofMillis(1))
                            .then(Mono.fromRunnable(() -> cleanups.add(loop.name())))
                            .then(Mono.error(e))));
        }
        for (CompletableFuture<String> s : started) {
            s.get(10, TimeUnit.SECONDS);
        }
        CompletableFuture<String> submitted = group.submit(Asyncio.sleep(Duration.ofHours(1), "never"));
        group.close();
        assertThat(submitted).isCancelled();
        assertThat(group.isClosed()).isTrue();
        assertThat(group.loops()).allMatch(EventLoop::isClosed);
        assertThat(cleanups).containsExactlyInAnyOrderElementsOf(group.loops().stream().map(EventLoop::name).toList());
        assertThatThrownBy(group::next).isInstanceOf(RejectedExecutionException.class).hasMessage("EventLoopGroup is closed");
        assertThatThrownBy(() -> group.forKey("k")).isInstanceOf(RejectedExecutionException.class);
        group.close();
    }

    @Test
    @DisplayName("EventLoopGroup.close() from a task on one of its own loops requests the close and returns without blocking that loop")
    void closeFromOwnLoop() throws Exception {
        EventLoopGroup group = EventLoopGroup.create(2);
        EventLoop first = group.loops().get(0);
        CompletableFuture<String> r = new CompletableFuture<>();
        first.callSoonThreadsafe(() -> {
            group.close();
            r.complete("returned on " + Thread.currentThread().getName());
        });
        assertThat(r.get(10, TimeUnit.SECONDS)).isEqualTo("returned on " + first.name());
        for (EventLoop loop : group.loops()) {
            loop.close();
            assertThat(loop.isClosed()).isTrue();
        }
    }

    @Test
    @DisplayName("EventLoopGroup.create(n, options): each loop is built from the options; the group still names it")
    void options() throws Exception {
        List<Throwable> reported = new CopyOnWriteArrayList<>();
        try (EventLoopGroup group = EventLoopGroup.create(2, () -> EventLoop.builder().name("ignored")
                .exceptionHandler((l, t) -> reported.add(t)))) {
            assertThat(group.loops()).extracting(EventLoop::name).noneMatch("ignored"::equals);
            Task<Object> failing = group.loops().get(1).createTask(Mono.error(new IllegalStateException("nobody looks")));
            group.loops().get(1).submit(Asyncio.sleep(Duration.ofMillis(1))).get(10, TimeUnit.SECONDS);
            assertThat(failing.isDone()).isTrue();
        }
        assertThat(reported).singleElement().satisfies(e -> assertThat(e).hasMessage("nobody looks"));
    }
}
