package io.github.asyncio4j.samples.webflux.downstream;

import io.github.asyncio4j.Asyncio;
import io.github.asyncio4j.samples.webflux.calls.Faults;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;

/**
 * Stand-ins for the remote services the API calls: profiles, orders, recommendations, quotes
 * (from replicas), sales, inventory, reviews and a small web site to crawl. They are plain HTTP
 * endpoints of this same application, reached over loopback, and they answer made-up but stable
 * data.
 *
 * <p>Each takes {@code delay} (how long to take, e.g. {@code 250ms}) and {@code fail} (an error
 * status to answer after that delay) query parameters, which the API sets from its own request's
 * fault parameters (see {@link Faults}). The delay is an {@code Asyncio.sleep} in the request's
 * task: when the caller gives up and closes the connection, the task is cancelled and the sleep
 * raises {@code CancelledException}, which the request tracking records.
 */
@RestController
@RequestMapping("/downstream")
final class DownstreamServices {

    @GetMapping("/profiles/{userId}")
    Mono<Profile> profile(@PathVariable String userId, @RequestParam(required = false) String delay,
                          @RequestParam(required = false) Integer fail) {
        return respond(delay, fail, () -> new Profile(userId, "User " + userId));
    }

    @GetMapping("/orders/{userId}")
    Mono<Orders> orders(@PathVariable String userId, @RequestParam(required = false) String delay,
                        @RequestParam(required = false) Integer fail) {
        return respond(delay, fail, () -> new Orders(userId, List.of(
                new Order(userId + "-3", new BigDecimal("42.50")),
                new Order(userId + "-2", new BigDecimal("7.99")),
                new Order(userId + "-1", new BigDecimal("120.00")))));
    }

    @GetMapping("/recommendations/{userId}")
    Mono<Recommendations> recommendations(@PathVariable String userId, @RequestParam(required = false) String delay,
                                          @RequestParam(required = false) Integer fail) {
        return respond(delay, fail, () -> new Recommendations(userId, List.of("espresso machine", "coffee grinder", "milk frother")));
    }

    @GetMapping("/quotes/{replica}/{symbol}")
    Mono<Quote> quote(@PathVariable String replica, @PathVariable String symbol,
                      @RequestParam(required = false) String delay, @RequestParam(required = false) Integer fail) {
        // The same price from every replica: they are copies of one service.
        BigDecimal price = BigDecimal.valueOf(1_000 + Math.floorMod(symbol.hashCode(), 90_000), 2);
        return respond(delay, fail, () -> new Quote(symbol, price, replica));
    }

    @GetMapping("/sales/{storeId}")
    Mono<Sales> sales(@PathVariable String storeId, @RequestParam(required = false) String delay,
                      @RequestParam(required = false) Integer fail) {
        return respond(delay, fail, () -> new Sales(storeId, new BigDecimal("18250.40"), 311));
    }

    @GetMapping("/inventory/{storeId}")
    Mono<Inventory> inventory(@PathVariable String storeId, @RequestParam(required = false) String delay,
                              @RequestParam(required = false) Integer fail) {
        return respond(delay, fail, () -> new Inventory(storeId, List.of("oat milk", "paper cups")));
    }

    @GetMapping("/reviews/{storeId}")
    Mono<Reviews> reviews(@PathVariable String storeId, @RequestParam(required = false) String delay,
                          @RequestParam(required = false) Integer fail) {
        return respond(delay, fail, () -> new Reviews(storeId, 4.6, 87));
    }

    /** A site of {@code size} pages: page n links back to n / 2 and on to 2n and 2n + 1 (a binary tree). */
    @GetMapping("/pages/{id}")
    Mono<Page> page(@PathVariable int id, @RequestParam int size, @RequestParam(required = false) String delay,
                    @RequestParam(required = false) Integer fail) {
        if (id < 1 || id > size) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "page " + id + " does not exist: the site has pages 1 to " + size);
        }
        return respond(delay, fail, () -> {
            List<Integer> links = new ArrayList<>();
            if (id > 1) {
                links.add(id / 2);
            }
            for (int child : new int[] {2 * id, 2 * id + 1}) {
                if (child <= size) {
                    links.add(child);
                }
            }
            return new Page(id, "Page " + id, links);
        });
    }

    /** Waits {@code delay} in the request's task, then answers {@code body}, or the {@code fail} status. */
    private static <T> Mono<T> respond(@Nullable String delay, @Nullable Integer fail, Supplier<T> body) {
        Duration latency = delay == null ? Duration.ZERO : Faults.parseDuration("delay", delay);
        if (fail != null && (fail < 400 || fail > 599)) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "fail=" + fail + " is not an error status: use 400 to 599");
        }
        Mono<T> answer = fail == null
                ? Mono.fromSupplier(body)
                : Mono.error(() -> new ResponseStatusException(HttpStatusCode.valueOf(fail), "failing on purpose (fail=" + fail + ")"));
        return Asyncio.sleep(latency).then(answer);
    }
}
