package io.github.asyncio4j.bridge.spring;

import io.github.asyncio4j.EventLoop;
import io.github.asyncio4j.ExceptionGroup;
import io.github.asyncio4j.TaskGroup;
import io.github.asyncio4j.bridge.Bridge;
import java.util.concurrent.CancellationException;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;

/**
 * One request run as a task: shared by {@link AsyncioWebFilter} and
 * {@link AsyncioHandlerFilterFunction}. The task runs a {@link TaskGroup} whose body is the
 * handler, adopted, so the handler's own signals and the request body reach it on the loop; the
 * Reactor context of the server's subscriber travels into the task (Spring Security's and the
 * like); cancelling the server's subscription (a client disconnect) cancels the task.
 */
final class RequestScope {

    /** The exchange attribute holding the request's {@link TaskGroup}. */
    static final String TASK_GROUP = AsyncioWebFilter.class.getName() + ".TASK_GROUP";

    /** The handler's own failure, so it can be told apart from the group's children's. */
    @Nullable
    private Throwable handlerFailure;

    private RequestScope() {
    }

    /**
     * Runs {@code handler} on {@code loop} as the body of the request's task group.
     *
     * @param handler called on the loop thread, inside the task, with the exchange whose request
     *     body is adopted by the task
     */
    static <T> Mono<T> run(EventLoop loop, ServerWebExchange exchange, Function<ServerWebExchange, ? extends Mono<T>> handler) {
        RequestScope scope = new RequestScope();
        return Mono.deferContextual(server -> loop.spawn(TaskGroup.<T>run(tg -> {
                    exchange.getAttributes().put(TASK_GROUP, tg);
                    ServerWebExchange onLoop = exchange.mutate().request(new LoopRequest(exchange.getRequest())).build();
                    return Bridge.adopt(Mono.defer(() -> handler.apply(onLoop))).doOnError(e -> scope.handlerFailure = e);
                })
                // The task's own entries (its scope) win over the server's.
                .contextWrite(task -> Context.of(server).putAll(task.readOnly()))
                .onErrorMap(ExceptionGroup.class, scope::unwrap)));
    }

    /**
     * A handler failure fails the group; the response then fails with that failure itself (so
     * Spring maps a {@code ResponseStatusException} as usual), carrying the children's failures as
     * suppressed. A group failed by its children keeps its {@link ExceptionGroup}.
     */
    private Throwable unwrap(ExceptionGroup group) {
        Throwable own = handlerFailure;
        if (own == null || own instanceof CancellationException || !group.exceptions().contains(own)) {
            return group;
        }
        for (Throwable t : group.exceptions()) {
            if (t != own) {
                own.addSuppressed(t);
            }
        }
        return own;
    }

    /** The request whose body the task adopts: its buffers arrive on the loop thread, in steps of the task. */
    private static final class LoopRequest extends ServerHttpRequestDecorator {

        LoopRequest(ServerHttpRequest delegate) {
            super(delegate);
        }

        @Override
        public Flux<DataBuffer> getBody() {
            return Bridge.adopt(getDelegate().getBody());
        }
    }
}
