package io.github.asyncio4j.bridge.context;

import io.github.asyncio4j.ContextVar;
import io.github.asyncio4j.internal.Kernel;
import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ThreadLocalAccessor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Makes thread locals follow tasks as {@link ContextVar}s do: MDC and every other thread local
 * registered with Micrometer's {@code context-propagation} ({@link ThreadLocalAccessor}s in a
 * {@link ContextRegistry}).
 *
 * <p>Once {@link #enable() enabled}, the values of the registered thread locals are captured
 * wherever asyncio4j copies a context — when a task is created (from its creator, also from
 * another thread), when a callback is registered ({@code callSoon}, {@code callLater},
 * {@code addDoneCallback}) — and are put on the loop thread around each step of the task and each
 * callback. So a value a task sets (say {@code MDC.put("request", id)}) is visible in its later
 * steps, in its loop callbacks and in the tasks it creates afterwards, and never in another task:
 * when a step ends, the task keeps what it has and the thread gets back what it had. A task's
 * changes never reach its parent, as with {@code ContextVar}.
 *
 * <p>Register the accessors before creating the tasks that should carry them, for example MDC:
 * {@code ContextRegistry.getInstance().registerThreadLocalAccessor(new Slf4jThreadLocalAccessor())},
 * then call {@link #enable()} once at start-up (as {@code Hooks.enableAutomaticContextPropagation()}).
 * {@link ContextVarsThreadLocalAccessor} (asyncio4j's own context) is left out: the loop carries it
 * already. It costs a capture per copied context and a swap per step while enabled; nothing while not.
 *
 * <p>Threads: {@code enable}/{@code disable} may be called from any thread, best while no loop
 * runs a step (a step already running when it changes is not affected).
 */
public final class ThreadLocalPropagation {

    private static volatile Carrier installed;

    private ThreadLocalPropagation() {
    }

    /**
     * Carries the thread locals of {@link ContextRegistry#getInstance()} with tasks and callbacks.
     */
    public static void enable() {
        enable(ContextRegistry.getInstance());
    }

    /**
     * Carries the thread locals of {@code registry} with tasks and callbacks, replacing any
     * registry enabled before.
     *
     * @param registry the registry whose {@link ThreadLocalAccessor}s to carry (read at each capture, so later registrations count)
     * @throws NullPointerException if {@code registry} is {@code null}
     */
    public static synchronized void enable(ContextRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        Carrier c = new Carrier(registry);
        installed = c;
        Kernel.access().threadContext(c);
    }

    /** Stops carrying thread locals; values already captured are no longer installed. */
    public static synchronized void disable() {
        installed = null;
        Kernel.access().threadContext(null);
    }

    /**
     * Whether thread locals are carried.
     *
     * @return {@code true} between {@link #enable()} and {@link #disable()}
     */
    public static boolean isEnabled() {
        return installed != null;
    }

    /** The kernel's carrier over a registry: a snapshot is a key-to-value map of the non-null values. */
    static final class Carrier implements Kernel.ThreadContext {

        private final ContextRegistry registry;

        Carrier(ContextRegistry registry) {
            this.registry = registry;
        }

        private static boolean carried(ThreadLocalAccessor<?> accessor) {
            return !ContextVarsThreadLocalAccessor.KEY.equals(accessor.key());
        }

        @Override
        @Nullable
        public Object capture() {
            Map<Object, Object> values = null;
            for (ThreadLocalAccessor<?> a : registry.getThreadLocalAccessors()) {
                if (carried(a)) {
                    Object v = a.getValue();
                    if (v != null) {
                        if (values == null) {
                            values = new HashMap<>();
                        }
                        values.put(a.key(), v);
                    }
                }
            }
            return values;
        }

        @Override
        @SuppressWarnings({"unchecked", "rawtypes"})
        public Object open(@Nullable Object snapshot) {
            Map<Object, Object> values = snapshot == null ? Map.of() : (Map<Object, Object>) snapshot;
            List<Object> previous = new ArrayList<>();
            for (ThreadLocalAccessor a : registry.getThreadLocalAccessors()) {
                if (!carried(a)) {
                    continue;
                }
                Object now = a.getValue();
                Object v = values.get(a.key());
                if (v != null) {
                    a.setValue(v);
                } else if (now != null) {
                    a.setValue();
                } else {
                    continue;
                }
                previous.add(a);
                previous.add(now);
            }
            return previous;
        }

        @Override
        @SuppressWarnings({"unchecked", "rawtypes"})
        public void close(Object scope) {
            List<Object> previous = (List<Object>) scope;
            for (int i = previous.size() - 2; i >= 0; i -= 2) {
                ThreadLocalAccessor a = (ThreadLocalAccessor) previous.get(i);
                Object v = previous.get(i + 1);
                if (v != null) {
                    a.restore(v);
                } else {
                    a.restore();
                }
            }
        }
    }
}
