package io.github.asyncio4j;

import io.github.asyncio4j.internal.Kernel;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Carries foreign thread locals (MDC and the like) with asyncio4j contexts, once the bridge has
 * installed a {@link Kernel.ThreadContext}: the values travel inside the {@link VarMap} (under a
 * hidden key) wherever the kernel copies a context, so a task sees those of its creator, a
 * callback those of whoever registered it; they are put on the thread around each task step and
 * each callback, and taken back from it when a step ends, so a task keeps what it set and no other
 * task ever sees it. Without a carrier, each hook costs one volatile read.
 */
final class ThreadLocalCarrier {

    /** The installed carrier, or {@code null}. */
    static volatile Kernel.ThreadContext carrier;

    /** Where a context keeps the thread-local values captured with it. */
    static final ContextVar<Object> VALUES = new ContextVar<>("asyncio4j.threadLocals");

    private ThreadLocalCarrier() {
    }

    /** {@code vars} plus the calling thread's values: what a context copied now carries. */
    static VarMap capture(VarMap vars) {
        Kernel.ThreadContext c = carrier;
        if (c == null) {
            return vars;
        }
        Object values = c.capture();
        return values == null ? vars.without(VALUES) : vars.with(VALUES, values);
    }

    /** Puts the values kept in {@code vars} on the thread; returns what {@link #close} needs, {@code null} without a carrier. */
    @Nullable
    static Object open(VarMap vars) {
        Kernel.ThreadContext c = carrier;
        if (c == null) {
            return null;
        }
        return new Scope(c, c.open(valuesOf(vars)));
    }

    static void close(@Nullable Object scope) {
        if (scope != null) {
            Scope s = (Scope) scope;
            s.carrier.close(s.token);
        }
    }

    @Nullable
    private static Object valuesOf(VarMap vars) {
        Object v = vars.get(VALUES);
        return v == VarMap.MISSING ? null : v;
    }

    /** A task step begins on {@code loop}: install the task's values, remembering the thread's. */
    static void enterStep(EventLoop loop, Task<?> task) {
        Kernel.ThreadContext c = carrier;
        if (c == null) {
            return;
        }
        Steps steps = loop.threadLocalSteps;
        if (steps == null) {
            steps = new Steps();
            loop.threadLocalSteps = steps;
        }
        steps.push(task, new Scope(c, c.open(valuesOf(task.vars))));
    }

    /** The step of {@code task} ends: the task keeps the values it has now, the thread gets its own back. */
    static void exitStep(Steps steps, Task<?> task) {
        // Steps nest strictly (enter/exit in try/finally); a mismatch only means the carrier was
        // installed while this step ran, so it has nothing to put back.
        if (steps.depth == 0 || steps.tasks[steps.depth - 1] != task) {
            return;
        }
        Scope s = steps.pop();
        Object values = s.carrier.capture();
        task.vars = values == null ? task.vars.without(VALUES) : task.vars.with(VALUES, values);
        s.carrier.close(s.token);
    }

    /** What one {@code open} replaced, and by which carrier. */
    private static final class Scope {
        final Kernel.ThreadContext carrier;
        final Object token;

        Scope(Kernel.ThreadContext carrier, Object token) {
            this.carrier = carrier;
            this.token = token;
        }
    }

    /** The open steps of one loop thread, innermost last (loop thread only). */
    static final class Steps {
        private Task<?>[] tasks = new Task<?>[4];
        private Scope[] scopes = new Scope[4];
        int depth;

        void push(Task<?> task, Scope scope) {
            if (depth == tasks.length) {
                tasks = Arrays.copyOf(tasks, depth * 2);
                scopes = Arrays.copyOf(scopes, depth * 2);
            }
            tasks[depth] = task;
            scopes[depth] = scope;
            depth++;
        }

        Scope pop() {
            depth--;
            Scope s = scopes[depth];
            tasks[depth] = null;
            scopes[depth] = null;
            return s;
        }
    }
}
