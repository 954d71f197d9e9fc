package io.github.asyncio4j.bridge;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.asyncio4j.AsyncFuture;
import io.github.asyncio4j.Asyncio;
import io.github.asyncio4j.EventLoop;
import io.github.asyncio4j.PublicSurface;
import io.github.asyncio4j.bridge.micrometer.EventLoopMetrics;
import io.github.asyncio4j.bridge.spring.AsyncioWebFilter;
import io.micrometer.context.ContextRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Executable;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilterChain;
import reactor.blockhound.BlockHound;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Bad input over the whole public surface of the bridge (issue 8, part 4), as
 * {@code PublicSurfaceBadInputTest} does for core: the surface is found by reflection and kept in
 * {@code bridge-public-surface.txt}; every reference parameter rejects {@code null} by name unless
 * documented nullable; numbers out of range, a closed group and misplaced calls give their
 * documented exception with a message that says what to do; the loops keep working.
 */
class BridgeBadInputTest {

    private static EventLoopGroup group;

    /** Parameters that accept {@code null} by their documentation: signature#parameter, and why. */
    private static final Map<String, String> NULL_ACCEPTED = Map.of(
            "ContextVarsThreadLocalAccessor.setValue(Object)#value", "a ThreadLocalAccessor is handed what getValue() returned, null included");

    @BeforeAll
    static void start() {
        group = EventLoopGroup.create(2);
    }

    @AfterAll
    static void stop() {
        group.close();
    }

    private static Map<Class<?>, Supplier<Object>> samples() {
        Map<Class<?>, Supplier<Object>> s = new LinkedHashMap<>();
        s.put(Mono.class, () -> Mono.just("x"));
        s.put(Flux.class, () -> Flux.just("x"));
        s.put(Publisher.class, () -> Mono.just("x"));
        s.put(CompletionStage.class, () -> CompletableFuture.completedFuture("x"));
        s.put(AsyncFuture.class, () -> group.next().createFuture());
        s.put(Function.class, () -> (Function<Object, Mono<String>>) x -> Mono.just("x"));
        s.put(Supplier.class, () -> (Supplier<EventLoop.Builder>) EventLoop::builder);
        s.put(Object.class, () -> "x");
        s.put(int.class, () -> 1);
        s.put(Duration.class, () -> Duration.ofSeconds(1));
        s.put(EventLoop.class, () -> group.next());
        s.put(EventLoopGroup.class, () -> group);
        s.put(Iterable.class, Tags::empty);
        s.put(io.micrometer.core.instrument.MeterRegistry.class, SimpleMeterRegistry::new);
        s.put(ContextRegistry.class, ContextRegistry::new);
        s.put(BlockHound.Builder.class, BlockHound::builder);
        s.put(WebFilterChain.class, () -> (WebFilterChain) ex -> Mono.empty());
        s.put(HandlerFunction.class, () -> (HandlerFunction<?>) req -> Mono.empty());
        s.put(ServerWebExchange.class, () -> stub(ServerWebExchange.class));
        s.put(ServerRequest.class, () -> stub(ServerRequest.class));
        return s;
    }

    /** An exchange or request that passed through no filter: empty attributes, nothing else. */
    private static <T> T stub(Class<T> type) {
        Map<String, Object> attributes = new HashMap<>();
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (p, m, args) -> {
            if (m.getName().equals("getAttributes") || m.getName().equals("attributes")) {
                return attributes;
            }
            if (m.getName().equals("getAttribute") || m.getName().equals("attribute")) {
                Object v = attributes.get((String) args[0]);
                return m.getReturnType() == java.util.Optional.class ? java.util.Optional.ofNullable(v) : v;
            }
            if (m.getName().equals("toString")) {
                return "stub " + type.getSimpleName();
            }
            throw new UnsupportedOperationException("stub " + type.getSimpleName() + "." + m.getName());
        }));
    }

    private static Map<Class<?>, Supplier<Object>> receivers() {
        Map<Class<?>, Supplier<Object>> r = new LinkedHashMap<>();
        r.put(EventLoopGroup.class, () -> group);
        r.put(AsyncioWebFilter.class, () -> new AsyncioWebFilter(group));
        r.put(io.github.asyncio4j.bridge.spring.AsyncioHandlerFilterFunction.class,
                () -> new io.github.asyncio4j.bridge.spring.AsyncioHandlerFilterFunction(group));
        r.put(EventLoopMetrics.class, () -> new EventLoopMetrics(group.next()));
        r.put(io.github.asyncio4j.bridge.context.ContextVarsThreadLocalAccessor.class,
                io.github.asyncio4j.bridge.context.ContextVarsThreadLocalAccessor::new);
        r.put(io.github.asyncio4j.bridge.blockhound.AsyncioBlockHoundIntegration.class,
                io.github.asyncio4j.bridge.blockhound.AsyncioBlockHoundIntegration::new);
        return r;
    }

    private static List<Executable> surface() {
        List<Executable> all = new ArrayList<>();
        for (Class<?> c : PublicSurface.publicTypes(Bridge.class, "io.github.asyncio4j.bridge")) {
            all.addAll(PublicSurface.publicMembers(c));
        }
        return all;
    }

    @Test
    @DisplayName("the bridge's public surface is the one in bridge-public-surface.txt: a new public method needs its bad-input look first")
    void surfaceIsKnown() throws IOException {
        Set<String> now = surface().stream().map(PublicSurface::signature).collect(Collectors.toCollection(TreeSet::new));
        Set<String> known;
        try (InputStream in = BridgeBadInputTest.class.getResourceAsStream("/bridge-public-surface.txt")) {
            assertThat(in).as("reactor-bridge/src/test/resources/bridge-public-surface.txt").isNotNull();
            known = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::trim)
                    .filter(x -> !x.isEmpty() && !x.startsWith("#")).collect(Collectors.toCollection(TreeSet::new));
        }
        Set<String> added = new TreeSet<>(now);
        added.removeAll(known);
        Set<String> removed = new TreeSet<>(known);
        removed.removeAll(now);
        assertThat(added).as("new public methods: check their bad input (rows below), then list them in bridge-public-surface.txt").isEmpty();
        assertThat(removed).as("public methods gone: update bridge-public-surface.txt").isEmpty();
    }

    @Test
    @DisplayName("null: every reference parameter of the bridge is a NullPointerException naming it, unless documented as nullable")
    void nullsAreRejectedByName() throws Exception {
        Map<Class<?>, Supplier<Object>> samples = samples();
        Map<Class<?>, Supplier<Object>> receivers = receivers();
        List<String> wrong = new ArrayList<>();
        for (Executable e : surface()) {
            Parameter[] ps = e.getParameters();
            for (int i = 0; i < ps.length; i++) {
                Parameter p = ps[i];
                String key = PublicSurface.signature(e) + "#" + p.getName();
                if (p.getType().isPrimitive() || PublicSurface.isNullable(p) || NULL_ACCEPTED.containsKey(key)) {
                    continue;
                }
                Object receiver = null;
                if (e instanceof Method m && !Modifier.isStatic(m.getModifiers())) {
                    Supplier<Object> s = receivers.get(e.getDeclaringClass());
                    assertThat(s).as("a receiver for %s (add one to BridgeBadInputTest.receivers)", e.getDeclaringClass()).isNotNull();
                    receiver = s.get();
                }
                PublicSurface.Call call = PublicSurface.invoke(e, receiver, PublicSurface.arguments(e, samples, i));
                if (!(call.error() instanceof NullPointerException npe) || npe.getMessage() == null
                        || !npe.getMessage().contains(p.getName())) {
                    wrong.add(key + " -> " + (call.error() != null ? call.error() : "returned " + call.value()));
                }
            }
        }
        assertThat(wrong).as("parameters that do not reject null by name").isEmpty();
        assertThat(group.submit(Mono.just("still working")).get(10, SECONDS)).isEqualTo("still working");
    }

    @Test
    @DisplayName("numbers: a group of 0 or -1 loops, a mapConcurrent limit of 0 or -1, a zero or negative lag probe interval")
    void numbersOutOfRange() {
        assertThatThrownBy(() -> EventLoopGroup.create(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("n must be at least 1").hasMessageContaining("how many event loops");
        assertThatThrownBy(() -> EventLoopGroup.create(-1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("n must be at least 1");
        assertThatThrownBy(() -> Bridge.mapConcurrent(x -> Mono.just(x), 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("limit must be at least 1");
        assertThatThrownBy(() -> Bridge.mapConcurrent(x -> Mono.just(x), -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new EventLoopMetrics(group.next(), Tags.empty(), Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lagProbeInterval must be positive");
        assertThatThrownBy(() -> new EventLoopMetrics(group.next(), Tags.empty(), Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EventLoopGroup.create(1, () -> null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    @DisplayName("misplaced: adopt, fromFuture and mapConcurrent with no running loop; taskGroup of an exchange that passed through no filter")
    void misplaced() {
        assertThatThrownBy(() -> Bridge.adopt(Mono.just(1)).block()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no running event loop");
        assertThatThrownBy(() -> Bridge.fromFuture(CompletableFuture.completedFuture(1)).block()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no running event loop");
        assertThatThrownBy(() -> Flux.just(1).transform(Bridge.mapConcurrent(x -> Mono.just(x), 2)).blockLast())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no running event loop");
        assertThatThrownBy(() -> AsyncioWebFilter.taskGroup(stub(ServerWebExchange.class))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("register AsyncioWebFilter");
        assertThat(group.submit(Mono.just("still working")).join()).isEqualTo("still working");
    }

    @Test
    @DisplayName("closed: a closed group refuses work with 'event loop is closed', its loops are closed, closing again does nothing")
    void closedGroup() {
        EventLoopGroup closed = EventLoopGroup.create(2);
        AsyncFuture<String> f = closed.next().createFuture();
        closed.close();
        closed.close();
        assertThat(closed.isClosed()).isTrue();
        assertThat(closed.loops()).allSatisfy(l -> assertThat(l.isClosed()).isTrue());
        assertThatThrownBy(() -> closed.submit(Mono.just(1))).isInstanceOf(RejectedExecutionException.class).hasMessage("EventLoopGroup is closed");
        assertThatThrownBy(() -> closed.spawn(Mono.just(1)).block()).isInstanceOf(RejectedExecutionException.class).hasMessage("EventLoopGroup is closed");
        assertThatThrownBy(closed::next).isInstanceOf(RejectedExecutionException.class).hasMessage("EventLoopGroup is closed");
        assertThatThrownBy(() -> closed.loops().get(0).createTask(Mono.just(1))).isInstanceOf(RejectedExecutionException.class)
                .hasMessage("event loop is closed");
        assertThatThrownBy(() -> Bridge.toFuture(f)).as("a pending future of a closed loop will never complete")
                .isInstanceOf(RejectedExecutionException.class).hasMessage("event loop is closed");
        assertThatCode(() -> new EventLoopMetrics(closed.loops().get(0)).bindTo(new SimpleMeterRegistry())).doesNotThrowAnyException();
        assertThat(group.submit(Asyncio.sleep(Duration.ZERO, "still working")).join()).isEqualTo("still working");
    }
}
