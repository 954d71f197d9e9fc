package io.github.asyncio4j.samples.webflux.api;

import io.github.asyncio4j.samples.webflux.calls.CallRecord;
import io.github.asyncio4j.samples.webflux.calls.CallTracker;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/calls/{requestId}}: what happened to a request and its calls, and to the
 * downstream requests they made, from {@link CallTracker}. Send a request with your own
 * {@code X-Request-Id} (or read the one in its response), then ask here: after a timeout, a lost
 * race, a failed report part or a client disconnect, the calls that were cut short show
 * {@code CANCELLED}.
 */
@RestController
final class CallsController {

    private final CallTracker tracker;

    CallsController(CallTracker tracker) {
        this.tracker = tracker;
    }

    @GetMapping("/api/calls/{requestId}")
    List<CallRecord> calls(@PathVariable String requestId) {
        return tracker.calls(requestId);
    }
}
