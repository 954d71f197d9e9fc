package io.github.asyncio4j.bridge.spring;

import io.github.asyncio4j.Asyncio;
import io.github.asyncio4j.CancelledException;
import io.github.asyncio4j.ExceptionGroup;
import io.github.asyncio4j.Task;
import io.github.asyncio4j.TaskGroup;
import io.github.asyncio4j.bridge.EventLoopGroup;
import java.util.Objects;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * A Spring WebFlux {@link WebFilter} that runs each request as a task on a loop of an
 * {@link EventLoopGroup}, inside a request-scoped {@link TaskGroup}: structured concurrency for
 * HTTP handlers.
 *
 * <ul>
 *   <li>Every handler after this filter, with or without a request body, runs on a loop thread
 *       inside its request's task ({@link Task#current()} and {@code EventLoop.current()} answer),
 *       so it may await asyncio4j Monos directly, call {@link Asyncio#createTask} (such a task
 *       follows asyncio's rules and is not tied to the request), and tie work to the request with
 *       {@code AsyncioWebFilter.taskGroup(exchange).createTask(...)}. The request body is adopted
 *       by the task, so its buffers, and the decoding and handler code after them, arrive on the
 *       loop thread.</li>
 *   <li>The exchange completes only when the group is done: the handler and every task created in
 *       {@link #taskGroup(ServerWebExchange)}.</li>
 *   <li>A client disconnect (the server cancelling the exchange) cancels the request's task and
 *       its group at once, delivering {@link CancelledException} into the handler and each task,
 *       so their cleanup runs.</li>
 *   <li>A handler failure cancels the group (TaskGroup semantics); the response fails with that
 *       failure itself, so Spring maps it as usual (the children's failures are suppressed in it).
 *       A child failure cancels the handler and fails the response with the group's
 *       {@link ExceptionGroup} if it is not yet committed.</li>
 *   <li>The Reactor context of the filters before this one (a security context, a tenant) is
 *       visible inside the task.</li>
 * </ul>
 *
 * <p>Register it before the filters that should run on the loop (with the highest precedence to
 * cover them all). The caller owns the {@link EventLoopGroup} and closes it with the application.
 * Spring is an optional dependency of asyncio4j: this class needs {@code spring-web}. Form and
 * multipart data read through {@code exchange.getFormData()}/{@code getMultipartData()} are parsed
 * by Spring from the original request and arrive off the loop: read them inside the task with
 * {@code Bridge.adopt(...)}.
 */
public final class AsyncioWebFilter implements WebFilter {

    private final EventLoopGroup loops;

    /**
     * A filter that spreads requests over {@code loops}, round-robin.
     *
     * @param loops the loops to run requests on; owned by the caller
     * @throws NullPointerException if {@code loops} is {@code null}
     */
    public AsyncioWebFilter(EventLoopGroup loops) {
        this.loops = Objects.requireNonNull(loops, "loops");
    }

    /**
     * Runs the rest of the chain as the body of a request-scoped {@link TaskGroup}, in a new task
     * on the next loop of the group. An exchange already inside such a task (the filter registered
     * twice) goes straight on.
     *
     * @param exchange the exchange
     * @param chain the rest of the chain
     * @return the request's completion: when the handler and every task of its group are done
     * @throws NullPointerException if an argument is {@code null}
     */
    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        Objects.requireNonNull(exchange, "exchange");
        Objects.requireNonNull(chain, "chain");
        if (exchange.getAttribute(RequestScope.TASK_GROUP) != null) {
            return chain.filter(exchange);
        }
        return RequestScope.run(loops.next(), exchange, chain::filter);
    }

    /**
     * The request's {@link TaskGroup}: tasks created in it are cancelled when the client
     * disconnects or the handler fails, and the response waits for them.
     *
     * @param exchange an exchange that passed through {@link AsyncioWebFilter} (or {@link AsyncioHandlerFilterFunction})
     * @return the request's group
     * @throws NullPointerException if {@code exchange} is {@code null}
     * @throws IllegalStateException if the exchange did not pass through the filter
     */
    public static TaskGroup taskGroup(ServerWebExchange exchange) {
        Objects.requireNonNull(exchange, "exchange");
        TaskGroup group = exchange.getAttribute(RequestScope.TASK_GROUP);
        if (group == null) {
            throw new IllegalStateException("this request has no TaskGroup: register AsyncioWebFilter (a WebFilter) "
                    + "for the route, or filter the router function with AsyncioHandlerFilterFunction");
        }
        return group;
    }
}
