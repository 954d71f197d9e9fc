package io.github.asyncio4j.bridge.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.asyncio4j.Asyncio;
import io.github.asyncio4j.CancelledException;
import io.github.asyncio4j.EventLoop;
import io.github.asyncio4j.ExceptionGroup;
import io.github.asyncio4j.Task;
import io.github.asyncio4j.TaskGroup;
import io.github.asyncio4j.bridge.EventLoopGroup;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.adapter.WebHttpHandlerBuilder;
import org.springframework.web.server.handler.ResponseStatusExceptionHandler;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;
import reactor.util.context.Context;

/**
 * {@link AsyncioWebFilter} and {@link AsyncioHandlerFilterFunction} on a real Reactor Netty
 * server bound to a loopback port, with a Reactor Netty client (and a raw socket to disconnect).
 */
class AsyncioWebFilterTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String GROUP_LOOP = "asyncio4j-group-\\d+-loop-\\d";

    private static EventLoopGroup loops;
    private static DisposableServer filtered;
    private static DisposableServer functional;
    /** Things that happened on the server, by name; tests wait on them with a bound. */
    private static final ConcurrentHashMap<String, CompletableFuture<Object>> signals = new ConcurrentHashMap<>();

    private static CompletableFuture<Object> signal(String name) {
        return signals.computeIfAbsent(name, k -> new CompletableFuture<>());
    }

    private static Object await(String name) throws Exception {
        return signal(name).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    private static String id(ServerRequest req) {
        return req.queryParam("id").orElse("none");
    }

    /** Where the handler runs: thread, loop and task. */
    private static String where() {
        return "thread=" + Thread.currentThread().getName()
                + " loop=" + EventLoop.current().map(EventLoop::name).orElse("none")
                + " task=" + Task.current().map(Task::getName).orElse("none");
    }

    private static Mono<ServerResponse> ok(String body) {
        return ServerResponse.ok().bodyValue(body);
    }

    /** Sleeps an hour; when cancelled, cleans up asynchronously and records it under {@code name}. */
    private static Mono<Void> longWork(String name) {
        return Asyncio.sleep(Duration.ofHours(1))
                .onErrorResume(CancelledException.class, e -> Asyncio.sleep(Duration.ofMillis(1))
                        .then(Mono.fromRunnable(() -> signal(name).complete("cleaned up on " + where())))
                        .then(Mono.error(e)));
    }

    private static RouterFunction<ServerResponse> routes() {
        return RouterFunctions.route()
                .GET("/where", req -> ok(where()))
                .POST("/echo", req -> req.bodyToMono(String.class).flatMap(body -> ok(body + " read on " + where())))
                .GET("/group", req -> {
                    TaskGroup tg = AsyncioWebFilter.taskGroup(req.exchange());
                    tg.createTask(Asyncio.sleep(Duration.ofMillis(50))
                            .then(Mono.fromRunnable(() -> signal(id(req) + "-child").complete(where()))));
                    return ok("handler returned");
                })
                .GET("/disconnect", req -> {
                    AsyncioWebFilter.taskGroup(req.exchange()).createTask(longWork(id(req) + "-child-cleanup"));
                    return Mono.fromRunnable(() -> signal(id(req) + "-started").complete(where()))
                            .then(longWork(id(req) + "-handler-cleanup"))
                            .then(ok("never"));
                })
                .GET("/fail", req -> {
                    AsyncioWebFilter.taskGroup(req.exchange()).createTask(longWork(id(req) + "-child-cleanup"));
                    return Asyncio.sleep(Duration.ofMillis(5))
                            .then(Mono.error(new ResponseStatusException(HttpStatus.CONFLICT, "busy")));
                })
                .GET("/child-fails", req -> {
                    AsyncioWebFilter.taskGroup(req.exchange()).createTask(Asyncio.sleep(Duration.ofMillis(5))
                            .then(Mono.error(new IllegalStateException("child failed"))));
                    return longWork(id(req) + "-handler-cleanup").then(ok("never"));
                })
                .GET("/free", req -> {
                    Asyncio.createTask(Asyncio.sleep(Duration.ofMillis(50))
                            .then(Mono.fromRunnable(() -> signal(id(req) + "-free").complete(where()))));
                    return ok("returned");
                })
                .GET("/tenant", req -> Mono.deferContextual(ctx -> ok(ctx.getOrDefault("tenant", "none")
                        + " task=" + Task.current().isPresent())))
                .build();
    }

    /** Records how each exchange ended, under "{id}-exchange"; writes a tenant into the Reactor context. */
    private static final WebFilter OUTER = (exchange, chain) -> {
        String id = exchange.getRequest().getQueryParams().getFirst("id");
        return chain.filter(exchange)
                .contextWrite(Context.of("tenant", "acme"))
                .doOnSuccess(v -> signal(id + "-exchange").complete("completed"))
                .doOnError(e -> signal(id + "-exchange").complete(e))
                .doOnCancel(() -> signal(id + "-exchange").complete("cancelled"));
    };

    @BeforeAll
    static void start() {
        loops = EventLoopGroup.create(2);
        HttpHandler withFilter = WebHttpHandlerBuilder.webHandler(RouterFunctions.toWebHandler(routes()))
                .filter(OUTER, new AsyncioWebFilter(loops))
                .exceptionHandler(new ResponseStatusExceptionHandler())
                .build();
        filtered = HttpServer.create().host("127.0.0.1").port(0).handle(new ReactorHttpHandlerAdapter(withFilter)).bindNow();

        AsyncioHandlerFilterFunction perRoute = new AsyncioHandlerFilterFunction(loops);
        RouterFunction<ServerResponse> fn = RouterFunctions.route()
                .GET("/fn/where", req -> ok(where()))
                .POST("/fn/echo", req -> req.bodyToMono(String.class).flatMap(body -> ok(body + " read on " + where())))
                .GET("/fn/group", req -> {
                    AsyncioWebFilter.taskGroup(req.exchange()).createTask(Asyncio.sleep(Duration.ofMillis(50))
                            .then(Mono.fromRunnable(() -> signal(id(req) + "-fn-child").complete(where()))));
                    return ok("handler returned");
                })
                .filter(perRoute)
                .build()
                .and(RouterFunctions.route().GET("/fn/unfiltered", req -> {
                    try {
                        AsyncioWebFilter.taskGroup(req.exchange());
                        return ok("unexpected group");
                    } catch (IllegalStateException e) {
                        return ok(e.getMessage());
                    }
                }).build());
        HttpHandler functionalHandler = WebHttpHandlerBuilder.webHandler(RouterFunctions.toWebHandler(fn)).build();
        functional = HttpServer.create().host("127.0.0.1").port(0).handle(new ReactorHttpHandlerAdapter(functionalHandler)).bindNow();
    }

    @AfterAll
    static void stop() {
        filtered.disposeNow();
        functional.disposeNow();
        loops.close();
    }

    private static String get(DisposableServer server, String uri) {
        return HttpClient.create().baseUrl("http://127.0.0.1:" + server.port()).get().uri(uri)
                .responseSingle((res, body) -> body.asString().defaultIfEmpty("").map(b -> res.status().code() + " " + b))
                .block(WAIT);
    }

    private static String post(DisposableServer server, String uri, String body) {
        return HttpClient.create().baseUrl("http://127.0.0.1:" + server.port()).post().uri(uri)
                .send(reactor.netty.ByteBufFlux.fromString(Mono.just(body)))
                .responseSingle((res, b) -> b.asString().map(s -> res.status().code() + " " + s))
                .block(WAIT);
    }

    @Test
    @DisplayName("WebFilter: a handler without a request body runs on a group loop thread, inside its request's task")
    void handlerOnLoop() {
        assertThat(get(filtered, "/where?id=w1"))
                .matches("200 thread=(" + GROUP_LOOP + ") loop=\\1 task=Task-\\d+");
    }

    @Test
    @DisplayName("WebFilter: with a request body, the body's signals and the handler after them run on the loop, inside the task")
    void handlerWithBodyOnLoop() {
        assertThat(post(filtered, "/echo?id=e1", "hello"))
                .matches("200 hello read on thread=(" + GROUP_LOOP + ") loop=\\1 task=Task-\\d+");
    }

    @Test
    @DisplayName("WebFilter: the exchange completes only once every task of the request's TaskGroup is done")
    void exchangeWaitsForGroup() throws Exception {
        assertThat(get(filtered, "/group?id=g1")).isEqualTo("200 handler returned");
        assertThat(await("g1-exchange")).isEqualTo("completed");
        assertThat(signal("g1-child")).as("the child finished before the exchange completed").isDone();
        assertThat((String) await("g1-child")).matches("thread=(" + GROUP_LOOP + ") loop=\\1 task=Task-\\d+");
    }

    @Test
    @DisplayName("WebFilter: a client disconnect cancels the request's task and group; the handler's and the child's cleanup run")
    void disconnectCancels() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", filtered.port())) {
            OutputStream out = socket.getOutputStream();
            out.write("GET /disconnect?id=d1 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat((String) await("d1-started")).matches("thread=(" + GROUP_LOOP + ") loop=\\1 task=Task-\\d+");
        }
        assertThat((String) await("d1-handler-cleanup")).startsWith("cleaned up on thread=asyncio4j-group-");
        assertThat((String) await("d1-child-cleanup")).startsWith("cleaned up on thread=asyncio4j-group-");
        assertThat(await("d1-exchange")).isEqualTo("cancelled");
    }

    @Test
    @DisplayName("WebFilter: a handler failure cancels the group and fails the response with that failure itself (409 stays 409)")
    void handlerFailure() throws Exception {
        assertThat(get(filtered, "/fail?id=f1")).startsWith("409 ");
        assertThat((String) await("f1-child-cleanup")).startsWith("cleaned up on");
        assertThat(await("f1-exchange")).isInstanceOf(ResponseStatusException.class);
    }

    @Test
    @DisplayName("WebFilter: a child failure cancels the handler and fails the uncommitted response with the group's ExceptionGroup")
    void childFailure() throws Exception {
        assertThat(get(filtered, "/child-fails?id=c1")).startsWith("500 ");
        assertThat((String) await("c1-handler-cleanup")).startsWith("cleaned up on");
        assertThat(await("c1-exchange")).isInstanceOfSatisfying(ExceptionGroup.class,
                eg -> assertThat(eg.exceptions()).singleElement().satisfies(e -> assertThat(e).hasMessage("child failed")));
    }

    @Test
    @DisplayName("WebFilter: a task made with Asyncio.createTask in a handler is not tied to the request and outlives it")
    void freeTask() throws Exception {
        assertThat(get(filtered, "/free?id=t1")).isEqualTo("200 returned");
        assertThat((String) await("t1-free")).matches("thread=(" + GROUP_LOOP + ") loop=\\1 task=Task-\\d+");
    }

    @Test
    @DisplayName("WebFilter: the Reactor context of the filters before it is visible inside the task")
    void reactorContextPropagates() {
        assertThat(get(filtered, "/tenant?id=r1")).isEqualTo("200 acme task=true");
    }

    @Test
    @DisplayName("HandlerFilterFunction: handlers, with or without a body, run on a loop inside the request's task and group")
    void handlerFilterFunction() throws Exception {
        assertThat(get(functional, "/fn/where")).matches("200 thread=(" + GROUP_LOOP + ") loop=\\1 task=Task-\\d+");
        assertThat(post(functional, "/fn/echo", "ping")).matches("200 ping read on thread=(" + GROUP_LOOP + ") loop=\\1 task=Task-\\d+");
        assertThat(get(functional, "/fn/group?id=h1")).isEqualTo("200 handler returned");
        assertThat(signal("h1-fn-child")).as("the response waited for the group").isDone();
    }

    @Test
    @DisplayName("taskGroup(exchange) on a request that did not pass through the filter says to register it")
    void taskGroupWithoutFilter() {
        assertThat(get(functional, "/fn/unfiltered")).isEqualTo("200 this request has no TaskGroup: register "
                + "AsyncioWebFilter (a WebFilter) for the route, or filter the router function with AsyncioHandlerFilterFunction");
    }

    @Test
    @DisplayName("AsyncioWebFilter / AsyncioHandlerFilterFunction: null arguments are refused with exceptions naming them")
    void nulls() {
        assertThatThrownBy(() -> new AsyncioWebFilter(null)).isInstanceOf(NullPointerException.class).hasMessage("loops");
        assertThatThrownBy(() -> new AsyncioHandlerFilterFunction(null)).isInstanceOf(NullPointerException.class).hasMessage("loops");
        assertThatThrownBy(() -> AsyncioWebFilter.taskGroup(null)).isInstanceOf(NullPointerException.class).hasMessage("exchange");
        assertThatThrownBy(() -> new AsyncioWebFilter(loops).filter(null, ex -> Mono.empty()))
                .isInstanceOf(NullPointerException.class).hasMessage("exchange");
    }
}
