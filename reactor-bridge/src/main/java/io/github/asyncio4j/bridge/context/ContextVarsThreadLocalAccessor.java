package io.github.asyncio4j.bridge.context;

import io.github.asyncio4j.ContextVar;
import io.github.asyncio4j.EventLoop;
import io.github.asyncio4j.internal.Kernel;
import io.micrometer.context.ThreadLocalAccessor;
import org.jspecify.annotations.Nullable;

/**
 * asyncio4j's {@link ContextVar} context as a Micrometer {@code context-propagation}
 * {@link ThreadLocalAccessor}, so tools that carry thread locals across threads carry it too:
 * {@code ContextSnapshot.captureAll().wrap(task)}, a {@code ContextExecutorService}, Reactor's
 * automatic context propagation ({@code Hooks.enableAutomaticContextPropagation()} with
 * {@code contextCapture()}), Micrometer Observation. Captured in a task, the task's
 * {@code ContextVar} values are then visible on the thread the work moves to.
 *
 * <p>Registered through {@link java.util.ServiceLoader}, so {@code ContextRegistry.getInstance()}
 * has it. On a loop thread the loop owns the context (each task and callback runs in its own), so
 * there this accessor only reads: setting or resetting it there does nothing.
 */
public final class ContextVarsThreadLocalAccessor implements ThreadLocalAccessor<Object> {

    /** The key this accessor is registered under. */
    public static final String KEY = "asyncio4j.contextvars";

    /** Called by {@link java.util.ServiceLoader}, or to register it in a registry of your own. */
    public ContextVarsThreadLocalAccessor() {
        // Stateless: the context lives in the kernel.
    }

    @Override
    public Object key() {
        return KEY;
    }

    /**
     * The {@code ContextVar} context of the calling code.
     *
     * @return the context, or {@code null} when no variable is set in it
     */
    @Override
    @Nullable
    public Object getValue() {
        return Kernel.access().contextVars();
    }

    /**
     * Makes {@code value} the calling thread's {@code ContextVar} context; ignored on a loop thread.
     *
     * @param value a value from {@link #getValue()}
     */
    @Override
    public void setValue(Object value) {
        if (EventLoop.current().isEmpty()) {
            Kernel.access().contextVars(value);
        }
    }

    /** Empties the calling thread's {@code ContextVar} context; ignored on a loop thread. */
    @Override
    public void setValue() {
        if (EventLoop.current().isEmpty()) {
            Kernel.access().contextVars(null);
        }
    }
}
