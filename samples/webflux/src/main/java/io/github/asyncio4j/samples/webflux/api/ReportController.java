package io.github.asyncio4j.samples.webflux.api;

import io.github.asyncio4j.Task;
import io.github.asyncio4j.TaskGroup;
import io.github.asyncio4j.samples.webflux.calls.DownstreamCalls;
import io.github.asyncio4j.samples.webflux.calls.DownstreamClient;
import io.github.asyncio4j.samples.webflux.downstream.Inventory;
import io.github.asyncio4j.samples.webflux.downstream.Reviews;
import io.github.asyncio4j.samples.webflux.downstream.Sales;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * {@code GET /api/reports/{storeId}}: a report built in a {@code TaskGroup}, asyncio's structured
 * concurrency. Its three parts are fetched at once as tasks of the group; the report is made
 * once the group is done, from every part, or not at all:
 *
 * <pre>{@code
 * async with asyncio.TaskGroup() as tg:
 *     sales = tg.create_task(get_sales(store))
 *     inventory = tg.create_task(get_inventory(store))
 *     reviews = tg.create_task(get_reviews(store))
 * return Report(store, sales.result(), inventory.result(), reviews.result())
 * }</pre>
 *
 * <ul>
 *   <li>A part fails: the group cancels the other parts (their HTTP exchanges are closed, their
 *       cleanup runs), waits for them, and raises an {@code ExceptionGroup} of the failures, which
 *       {@link ApiErrors} answers with 502 Bad Gateway naming each failed part. No half report,
 *       no call left running behind the response.</li>
 *   <li>The client disconnects: the group and every part are cancelled.</li>
 * </ul>
 *
 * <p>This group is the handler's own, so the handler decides what its failure means. Tasks made in
 * the request's group ({@code AsyncioWebFilter.taskGroup(exchange)}) are cancelled with the request
 * too, but a failure there fails the whole response.
 */
@RestController
final class ReportController {

    private final DownstreamClient downstream;

    ReportController(DownstreamClient downstream) {
        this.downstream = downstream;
    }

    @GetMapping("/api/reports/{storeId}")
    Mono<Report> report(@PathVariable String storeId, ServerWebExchange exchange) {
        DownstreamCalls calls = downstream.forRequest(exchange);
        return TaskGroup.run(tg -> Mono.just(new Parts(
                        tg.createTask(calls.get("sales", Sales.class, "/downstream/sales/{storeId}", storeId), "sales"),
                        tg.createTask(calls.get("inventory", Inventory.class, "/downstream/inventory/{storeId}", storeId), "inventory"),
                        tg.createTask(calls.get("reviews", Reviews.class, "/downstream/reviews/{storeId}", storeId), "reviews"))))
                // The group is done: every part succeeded, so result() has each value.
                .map(parts -> new Report(storeId, parts.sales().result(), parts.inventory().result(), parts.reviews().result()));
    }

    /** The group's tasks, read once the group is done. */
    private record Parts(Task<Sales> sales, Task<Inventory> inventory, Task<Reviews> reviews) {
    }
}
