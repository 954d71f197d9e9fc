package io.github.asyncio4j;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Predicate;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import reactor.core.publisher.Hooks;
import reactor.core.publisher.Operators;
import org.jspecify.annotations.Nullable;
import reactor.util.context.Context;

/**
 * The one JUnit extension every test class of every module runs under (issue 8, part 5): it fails
 * a test when an error or a value went somewhere nobody looks.
 *
 * <p>What it catches, from the moment it is first loaded until the JVM exits:
 * <ul>
 *   <li>anything that reaches Reactor's {@code Hooks.onErrorDropped} or {@code Hooks.onNextDropped}
 *       (an error or value no subscriber could receive is a bug of ours, never something to tolerate);</li>
 *   <li>anything a loop writes to its <em>default</em> error log: a report to the default exception
 *       handler (a callback that threw, a task exception never retrieved, a failure at shutdown), an
 *       exception handler that threw, a loop stopped by a fatal error.</li>
 * </ul>
 * After each test (and after each class, for its {@code @BeforeAll}/{@code @AfterAll} code) it
 * fails with every such signal, its stack trace and the test that was running when it arrived
 * (a loop left running by an earlier test can report into a later one: the loop's name says whose
 * it was).
 *
 * <p>A test that <em>expects</em> such signals says so in one of two ways:
 * <ul>
 *   <li>it gives its loop its own exception handler ({@code EventLoop.builder().exceptionHandler(...)})
 *       or its own logger: the reports are then the test's, which records and asserts on them
 *       (as {@code VirtualLoop}, {@code CombinatorLoop} and {@code RecordingExceptionHandler} do);</li>
 *   <li>it takes what it expected with {@link #takeDroppedErrors()}, {@link #takeDroppedValues()} or {@link #takeLogged(Predicate)} and
 *       asserts on it; what it does not take still fails it.</li>
 * </ul>
 * The extension owns Reactor's dropped hooks: a test must not reset them
 * ({@code Hooks.resetOnErrorDropped()}), and it checks after each test that they are still its own.
 *
 * <p>Registration is automatic: the core test jar lists it in
 * {@code META-INF/services/org.junit.jupiter.api.extension.Extension}, and each module's
 * {@code src/test/resources/junit-platform.properties} turns on
 * {@code junit.jupiter.extensions.autodetection.enabled}. Tests run one at a time in a JVM (the
 * build's surefire default), which is what lets one global record stand for "this test".
 */
public final class NoSilentErrors implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback, AfterAllCallback {

    /** One signal that went nowhere: what kind, what it was, and which test ran when it arrived. */
    public record Silent(String kind, String what, @Nullable Throwable error, @Nullable Object value, String during) {

        /** The error, or {@code null} for a dropped value. */
        @Override
        @Nullable
        public Throwable error() {
            return error;
        }

        /** The dropped value, or {@code null} for an error. */
        @Override
        @Nullable
        public Object value() {
            return value;
        }
    }

    private static final String DROPPED_ERROR = "dropped error (Hooks.onErrorDropped)";
    private static final String DROPPED_VALUE = "dropped value (Hooks.onNextDropped)";
    private static final String LOGGED = "logged by a loop's default exception handler";

    private static final ConcurrentLinkedQueue<Silent> SIGNALS = new ConcurrentLinkedQueue<>();
    private static final String BETWEEN = "between tests";
    private static final Throwable SENTINEL = new IllegalStateException("NoSilentErrors sentinel") {
        private static final long serialVersionUID = 1L;

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    };
    private static final Object SENTINEL_VALUE = new Object() {
        @Override
        public String toString() {
            return "NoSilentErrors sentinel value";
        }
    };

    /** What runs now: the class, then the test, innermost last (NoSilentErrorsTest runs tests inside a test). */
    private static final ConcurrentLinkedDeque<String> RUNNING = new ConcurrentLinkedDeque<>();
    private static volatile boolean sawSentinel;
    private static volatile boolean sawSentinelValue;
    private static volatile boolean installed;

    /** Instantiated by JUnit's service loading; the hooks are installed at the first callback. */
    public NoSilentErrors() {
        // Stateless: everything lives in the static record, shared by every test class.
    }

    /**
     * Whether the extension is watching the test that runs now: for a test that checks its module
     * is wired (autodetection enabled).
     *
     * @return {@code true} inside a test run under this extension
     */
    public static boolean isWatching() {
        return installed && RUNNING.size() >= 2;
    }

    /**
     * Takes the errors that reached {@code Hooks.onErrorDropped} so far in this test: the test
     * expected them and asserts on them.
     *
     * @return the dropped errors, oldest first; they no longer fail the test
     */
    public static List<Throwable> takeDroppedErrors() {
        List<Throwable> out = new ArrayList<>();
        for (Silent s : take(s -> s.kind.equals(DROPPED_ERROR))) {
            out.add(s.error);
        }
        return out;
    }

    /**
     * Takes the values that reached {@code Hooks.onNextDropped} so far in this test: the test
     * expected them and asserts on them.
     *
     * @return the dropped values, oldest first; they no longer fail the test
     */
    public static List<Object> takeDroppedValues() {
        List<Object> out = new ArrayList<>();
        for (Silent s : take(s -> s.kind.equals(DROPPED_VALUE))) {
            out.add(s.value);
        }
        return out;
    }

    /**
     * Takes the errors loops wrote to their default log so far in this test whose message matches:
     * the test expected them and asserts on them.
     *
     * @param message which log messages to take
     * @return the matching reports, oldest first; they no longer fail the test
     */
    public static List<Silent> takeLogged(Predicate<String> message) {
        return take(s -> s.kind.equals(LOGGED) && message.test(s.what));
    }

    private static synchronized List<Silent> take(Predicate<Silent> which) {
        List<Silent> out = new ArrayList<>();
        for (Silent s : SIGNALS) {
            if (which.test(s) && SIGNALS.remove(s)) {
                out.add(s);
            }
        }
        return out;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        install();
        RUNNING.addLast(context.getDisplayName() + " (class setup or teardown)");
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        install();
        RUNNING.addLast(className(context) + " > " + context.getDisplayName());
    }

    @Override
    public void afterEach(ExtensionContext context) {
        String test = RUNNING.pollLast();
        check(test);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        String what = RUNNING.pollLast();
        check(what);
    }

    private static String during() {
        String now = RUNNING.peekLast();
        return now != null ? now : BETWEEN;
    }

    private static synchronized void install() {
        if (installed) {
            return;
        }
        installed = true;
        Hooks.onErrorDropped(NoSilentErrors::droppedError);
        Hooks.onNextDropped(NoSilentErrors::droppedValue);
        EventLoop.defaultLogObserver = NoSilentErrors::logged;
    }

    private static void droppedError(Throwable t) {
        if (t == SENTINEL) {
            sawSentinel = true;
            return;
        }
        SIGNALS.add(new Silent(DROPPED_ERROR, String.valueOf(t), t, null, during()));
    }

    private static void droppedValue(Object v) {
        if (v == SENTINEL_VALUE) {
            sawSentinelValue = true;
            return;
        }
        SIGNALS.add(new Silent(DROPPED_VALUE, String.valueOf(v), null, v, during()));
    }

    private static void logged(String message, Throwable t) {
        SIGNALS.add(new Silent(LOGGED, message, t, null, during()));
    }

    private static void check(String what) {
        List<String> problems = new ArrayList<>();
        if (!hooksStillOurs()) {
            problems.add("Reactor's dropped hooks were reset during " + what + ": NoSilentErrors owns them "
                    + "(they are installed again now). Do not call Hooks.onErrorDropped/resetOnErrorDropped in a "
                    + "test: take what you expected with NoSilentErrors.takeDroppedErrors()/takeDroppedValues() instead.");
        }
        List<Silent> silent = take(s -> true);
        if (problems.isEmpty() && silent.isEmpty()) {
            return;
        }
        StringWriter out = new StringWriter();
        PrintWriter w = new PrintWriter(out);
        w.println("Errors went where nobody looks, during " + what + ".");
        w.println("Fix the code or the test; a test that expects them gives its loop an exceptionHandler, or takes them "
                + "with NoSilentErrors.takeDroppedErrors()/takeDroppedValues()/takeLogged(...) and asserts on them.");
        for (String p : problems) {
            w.println("- " + p);
        }
        for (Silent s : silent) {
            w.println("- " + s.kind + " while running [" + s.during + "]: " + s.what);
            if (s.error != null) {
                s.error.printStackTrace(w);
            }
        }
        w.flush();
        throw new AssertionError(out.toString());
    }

    /** Drops a sentinel of each kind: if the hooks were reset, they miss it (and are installed again). */
    private static synchronized boolean hooksStillOurs() {
        sawSentinel = false;
        sawSentinelValue = false;
        Operators.onErrorDropped(SENTINEL, Context.empty());
        Operators.onNextDropped(SENTINEL_VALUE, Context.empty());
        boolean ours = sawSentinel && sawSentinelValue;
        if (!ours) {
            installed = false;
            Hooks.resetOnErrorDropped();
            Hooks.resetOnNextDropped();
            install();
        }
        return ours;
    }

    private static String className(ExtensionContext context) {
        Optional<Class<?>> c = context.getTestClass();
        return c.map(Class::getSimpleName).orElse("?");
    }
}
