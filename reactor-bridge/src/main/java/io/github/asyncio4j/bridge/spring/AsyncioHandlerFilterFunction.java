package io.github.asyncio4j.bridge.spring;

import io.github.asyncio4j.TaskGroup;
import io.github.asyncio4j.bridge.EventLoopGroup;
import java.util.Objects;
import org.springframework.web.reactive.function.server.HandlerFilterFunction;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * {@link AsyncioWebFilter} for Spring WebFlux functional routes, per route:
 * {@code route(...).filter(new AsyncioHandlerFilterFunction(loops))}. The handler function runs on
 * a loop thread inside a task and a request-scoped {@link TaskGroup}
 * ({@code AsyncioWebFilter.taskGroup(request.exchange())}), with the request body adopted by the
 * task; a client disconnect cancels the task and the group, and the {@code ServerResponse} is
 * returned once the group is done. Unlike the {@code WebFilter}, the response is written after
 * that, outside the task. A request that already passed through {@link AsyncioWebFilter} goes
 * straight on. Needs {@code spring-webflux}.
 */
public final class AsyncioHandlerFilterFunction implements HandlerFilterFunction<ServerResponse, ServerResponse> {

    private final EventLoopGroup loops;

    /**
     * A filter function that spreads requests over {@code loops}, round-robin.
     *
     * @param loops the loops to run requests on; owned by the caller
     * @throws NullPointerException if {@code loops} is {@code null}
     */
    public AsyncioHandlerFilterFunction(EventLoopGroup loops) {
        this.loops = Objects.requireNonNull(loops, "loops");
    }

    /**
     * Runs {@code next} as the body of a request-scoped {@link TaskGroup}, in a new task on the
     * next loop of the group.
     *
     * @param request the request
     * @param next the handler function
     * @return the handler's response, once the group is done
     * @throws NullPointerException if an argument is {@code null}
     */
    @Override
    public Mono<ServerResponse> filter(ServerRequest request, HandlerFunction<ServerResponse> next) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(next, "next");
        if (request.exchange().getAttribute(RequestScope.TASK_GROUP) != null) {
            return next.handle(request);
        }
        return RequestScope.run(loops.next(), request.exchange(), onLoop -> next.handle(
                ServerRequest.from(request).body(onLoop.getRequest().getBody()).build()));
    }
}
