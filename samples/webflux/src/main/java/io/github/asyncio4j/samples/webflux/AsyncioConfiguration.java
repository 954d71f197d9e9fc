package io.github.asyncio4j.samples.webflux;

import io.github.asyncio4j.EventLoop;
import io.github.asyncio4j.bridge.EventLoopGroup;
import io.github.asyncio4j.bridge.spring.AsyncioWebFilter;
import io.github.asyncio4j.samples.webflux.calls.CallTracker;
import io.github.asyncio4j.samples.webflux.calls.RequestTracking;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * All it takes to run WebFlux handlers as asyncio4j tasks: a group of event loops, and
 * {@link AsyncioWebFilter} in front of everything. From then on each request runs as a task on one
 * of the loops, inside a request-scoped {@code TaskGroup}, and a client disconnect cancels it.
 */
@Configuration(proxyBeanMethods = false)
class AsyncioConfiguration {

    /**
     * The event loops that run the requests: one thread each. Closed with the application: their
     * remaining tasks are cancelled and clean up.
     */
    @Bean(destroyMethod = "close")
    EventLoopGroup eventLoops(SampleProperties properties, LoopExceptionHandler exceptionHandler) {
        int n = properties.loops() > 0 ? properties.loops() : Runtime.getRuntime().availableProcessors();
        return EventLoopGroup.create(n, () -> EventLoop.builder().exceptionHandler(exceptionHandler));
    }

    /** First of all filters, so every filter after it and every handler runs in the request's task. */
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    AsyncioWebFilter asyncioWebFilter(EventLoopGroup eventLoops) {
        return new AsyncioWebFilter(eventLoops);
    }

    /** Inside the request's task: it sees a client disconnect as the task's {@code CancelledException}. */
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE + 1)
    RequestTracking requestTracking(CallTracker tracker) {
        return new RequestTracking(tracker);
    }
}
