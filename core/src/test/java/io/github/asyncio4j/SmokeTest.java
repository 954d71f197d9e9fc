package io.github.asyncio4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

class SmokeTest {
    @Test
    void seedZero() {
        List<String> log = new ArrayList<>();
        String r = Asyncio.run(() -> {
            EventLoop loop = EventLoop.running();
            Task<String> t1 = Asyncio.createTask(process(log, 1, 3));
            Task<String> t2 = Asyncio.createTask(process(log, 2, 1));
            log.add("running");
            return t1.flatMap(r1 -> t2.map(r2 -> r1 + "," + r2 + "@" + loop.time() / 1_000_000_000L));
        }, EventLoop.builder().virtualTime());
        assertThat(r).isEqualTo("Result for item 1,Result for item 2@3");
        assertThat(log).containsExactly("running", "start 1", "start 2", "finish 2", "finish 1");
    }

    static Mono<String> process(List<String> log, int id, int delay) {
        return Mono.defer(() -> {
            log.add("start " + id);
            return Asyncio.sleep(Duration.ofSeconds(delay)).then(Mono.fromCallable(() -> {
                log.add("finish " + id);
                return "Result for item " + id;
            }));
        });
    }
}
