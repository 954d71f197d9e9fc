package io.github.asyncio4j;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

/**
 * An exception handler for {@code EventLoop.Builder.exceptionHandler} that records what the loop
 * reports, so a test can assert that exactly the expected failures (usually none) reached it.
 */
final class RecordingExceptionHandler implements BiConsumer<EventLoop, Throwable> {

    /** One report: the loop that made it and the failure. */
    record Report(EventLoop loop, Throwable error, String thread) {
    }

    private final List<Report> reports = new CopyOnWriteArrayList<>();

    @Override
    public void accept(EventLoop loop, Throwable error) {
        reports.add(new Report(loop, error, Thread.currentThread().getName()));
    }

    List<Report> reports() {
        return List.copyOf(reports);
    }

    List<Throwable> errors() {
        return reports.stream().map(Report::error).toList();
    }
}
