package io.github.asyncio4j.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.asyncio4j.Asyncio;
import io.github.asyncio4j.EventLoop;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Spring, Micrometer and BlockHound are optional dependencies of the bridge: {@link Bridge} and
 * {@link EventLoopGroup} work without them. Runs in the {@code without-optional-dependencies}
 * surefire execution, whose class path leaves them (and Netty) out.
 */
@Tag("minimal-classpath")
class WithoutOptionalDependenciesTest {

    @ParameterizedTest
    @ValueSource(strings = {"org.springframework.web.server.WebFilter", "io.micrometer.core.instrument.MeterRegistry",
        "io.micrometer.context.ContextRegistry", "reactor.blockhound.BlockHound", "reactor.netty.http.server.HttpServer"})
    @DisplayName("the optional dependencies are really absent from this class path")
    void absent(String className) {
        assertThatThrownBy(() -> Class.forName(className)).isInstanceOf(ClassNotFoundException.class);
    }

    @Test
    @DisplayName("Bridge.adopt, fromFuture, toFuture and mapConcurrent work without the optional dependencies")
    void bridgeWorks() {
        List<Object> r = Asyncio.run(() -> Bridge.adopt(Flux.range(1, 5).publishOn(Schedulers.parallel()))
                .transform(Bridge.mapConcurrent(i -> Asyncio.sleep(Duration.ofMillis(5 - i), i * 10), 2))
                .collectList()
                .zipWith(Bridge.fromFuture(CompletableFuture.supplyAsync(() -> "stage")),
                        (l, s) -> List.<Object>of(l, s)));
        assertThat(r).containsExactly(List.of(10, 20, 30, 40, 50), "stage");
    }

    @Test
    @DisplayName("EventLoopGroup works without the optional dependencies")
    void groupWorks() throws Exception {
        try (EventLoopGroup group = EventLoopGroup.create(2)) {
            EventLoop loop = group.forKey("k");
            assertThat(Bridge.toFuture(loop.createTask(Mono.just("v"))).get(10, TimeUnit.SECONDS)).isEqualTo("v");
            assertThat(group.spawn(Mono.fromCallable(() -> Thread.currentThread().getName())).block(Duration.ofSeconds(10)))
                    .startsWith("asyncio4j-group-");
        }
    }
}
