package io.github.asyncio4j.samples.webflux;

import io.github.asyncio4j.EventLoop;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The event loops' exception handler (asyncio's {@code loop.set_exception_handler}): it hears of
 * what nobody else can, such as a task failure that no one ever retrieved or an exception escaping
 * a loop callback. It logs each one as an error and keeps the last few, so a health check or a
 * test can see them.
 */
@Component
public final class LoopExceptionHandler implements BiConsumer<EventLoop, Throwable> {

    private static final Logger log = LoggerFactory.getLogger(LoopExceptionHandler.class);
    private static final int KEPT = 100;

    private final ConcurrentLinkedDeque<Throwable> recent = new ConcurrentLinkedDeque<>();

    /**
     * Logs {@code error} and remembers it.
     *
     * @param loop the loop that reports it
     * @param error what went wrong
     * @throws NullPointerException if an argument is {@code null}
     */
    @Override
    public void accept(EventLoop loop, Throwable error) {
        Objects.requireNonNull(loop, "loop");
        Objects.requireNonNull(error, "error");
        log.error("Unhandled error on event loop {}", loop.name(), error);
        recent.addLast(error);
        while (recent.size() > KEPT) {
            recent.pollFirst();
        }
    }

    /**
     * The last errors reported (at most 100), oldest first.
     *
     * @return a snapshot
     */
    public List<Throwable> recent() {
        return List.copyOf(recent);
    }
}
