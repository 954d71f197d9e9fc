package io.github.asyncio4j;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import reactor.util.Logger;
import org.jspecify.annotations.Nullable;

/**
 * A {@link Logger} that records what it is told, for {@code EventLoop.Builder.logger(Logger)}:
 * tests assert on the debug-mode warnings and the default exception handler's reports without
 * scraping a real logging backend. Thread-safe: the loop thread writes, the test thread reads.
 */
final class CapturingLogger implements Logger {

    /** One logged line. */
    record Entry(String level, String message, @Nullable Throwable error) {
    }

    private final List<Entry> entries = new CopyOnWriteArrayList<>();

    List<Entry> entries() {
        return List.copyOf(entries);
    }

    /** The messages logged at {@code level} ("TRACE", "DEBUG", "INFO", "WARN", "ERROR"), in order. */
    List<String> messages(String level) {
        return entries.stream().filter(e -> e.level.equals(level)).map(Entry::message).collect(Collectors.toList());
    }

    /** The entries logged at {@code level}, in order. */
    List<Entry> at(String level) {
        return entries.stream().filter(e -> e.level.equals(level)).collect(Collectors.toList());
    }

    private void log(String level, String message, @Nullable Throwable error) {
        entries.add(new Entry(level, message, error));
    }

    /** SLF4J-style "{}" substitution, enough for assertions. */
    private static String format(String format, Object... args) {
        StringBuilder sb = new StringBuilder();
        int from = 0;
        for (Object arg : args) {
            int at = format.indexOf("{}", from);
            if (at < 0) {
                break;
            }
            sb.append(format, from, at).append(arg);
            from = at + 2;
        }
        return sb.append(format.substring(from)).toString();
    }

    @Nullable
    private static Throwable lastThrowable(Object... args) {
        return args.length > 0 && args[args.length - 1] instanceof Throwable t ? t : null;
    }

    @Override
    public String getName() {
        return "capturing";
    }

    @Override
    public boolean isTraceEnabled() {
        return true;
    }

    @Override
    public void trace(String msg) {
        log("TRACE", msg, null);
    }

    @Override
    public void trace(String format, Object... arguments) {
        log("TRACE", format(format, arguments), lastThrowable(arguments));
    }

    @Override
    public void trace(String msg, Throwable t) {
        log("TRACE", msg, t);
    }

    @Override
    public boolean isDebugEnabled() {
        return true;
    }

    @Override
    public void debug(String msg) {
        log("DEBUG", msg, null);
    }

    @Override
    public void debug(String format, Object... arguments) {
        log("DEBUG", format(format, arguments), lastThrowable(arguments));
    }

    @Override
    public void debug(String msg, Throwable t) {
        log("DEBUG", msg, t);
    }

    @Override
    public boolean isInfoEnabled() {
        return true;
    }

    @Override
    public void info(String msg) {
        log("INFO", msg, null);
    }

    @Override
    public void info(String format, Object... arguments) {
        log("INFO", format(format, arguments), lastThrowable(arguments));
    }

    @Override
    public void info(String msg, Throwable t) {
        log("INFO", msg, t);
    }

    @Override
    public boolean isWarnEnabled() {
        return true;
    }

    @Override
    public void warn(String msg) {
        log("WARN", msg, null);
    }

    @Override
    public void warn(String format, Object... arguments) {
        log("WARN", format(format, arguments), lastThrowable(arguments));
    }

    @Override
    public void warn(String msg, Throwable t) {
        log("WARN", msg, t);
    }

    @Override
    public boolean isErrorEnabled() {
        return true;
    }

    @Override
    public void error(String msg) {
        log("ERROR", msg, null);
    }

    @Override
    public void error(String format, Object... arguments) {
        log("ERROR", format(format, arguments), lastThrowable(arguments));
    }

    @Override
    public void error(String msg, Throwable t) {
        log("ERROR", msg, t);
    }
}
