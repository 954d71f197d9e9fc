package io.github.asyncio4j.samples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.asyncio4j.EventLoop;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What a sample prints, for its test: pass it as the sample's {@code out}, run the sample on
 * {@link #virtualLoop()}, then assert on {@link #lines()} (the exact output) or {@link #stamped()}
 * (each line with the loop time it was printed at).
 *
 * <p>Register it with {@code @RegisterExtension final Transcript out = new Transcript();}: after
 * each test it checks that nothing reached the loop's exception handler, failing the test
 * otherwise ({@code NoSilentErrors}, which every test runs under, watches {@code Hooks.onErrorDropped}).
 */
final class Transcript implements Consumer<String>, AfterEachCallback {

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final List<String> stamped = new CopyOnWriteArrayList<>();
    private final List<Throwable> loopErrors = new CopyOnWriteArrayList<>();

    /** A virtual-time loop whose exception handler records into this transcript. */
    EventLoop.Builder virtualLoop() {
        return EventLoop.builder().virtualTime().exceptionHandler((loop, error) -> loopErrors.add(error));
    }

    /**
     * Records {@code line}, stamped with the loop time in seconds ({@code "3.000s"}) when printed on
     * a loop thread, or {@code "off loop"} when printed elsewhere (after {@code Asyncio.run} returned).
     */
    @Override
    public void accept(String line) {
        lines.add(line);
        String when = EventLoop.current()
                .map(loop -> String.format(Locale.ROOT, "%.3fs", loop.time() / 1e9))
                .orElse("off loop");
        stamped.add(when + " | " + line);
    }

    /** The lines, in the order printed. */
    List<String> lines() {
        return List.copyOf(lines);
    }

    /** The lines as {@code "1.000s | line"}, in the order printed. */
    List<String> stamped() {
        return List.copyOf(stamped);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        assertThat(loopErrors).as("errors reported to the loop's exception handler").isEmpty();
    }
}
