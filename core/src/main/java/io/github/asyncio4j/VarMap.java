package io.github.asyncio4j;

import java.util.Arrays;

/**
 * An immutable map from {@link ContextVar} to value: one "context" of asyncio's {@code contextvars}.
 * Copying a context is sharing the reference; setting a variable makes a new map. Contexts hold
 * few variables, so a flat array beats a hash trie.
 */
final class VarMap {

    static final VarMap EMPTY = new VarMap(new Object[0]);
    static final Object MISSING = new Object();

    /** Contexts of threads that are not running a loop: a plain thread has its own context, as in Python. */
    private static final ThreadLocal<VarMap> THREAD = ThreadLocal.withInitial(() -> EMPTY);

    /** Keys at even indexes, values at odd ones. */
    private final Object[] entries;

    private VarMap(Object[] entries) {
        this.entries = entries;
    }

    int size() {
        return entries.length / 2;
    }

    Object key(int i) {
        return entries[2 * i];
    }

    Object value(int i) {
        return entries[2 * i + 1];
    }

    Object get(ContextVar<?> var) {
        Object[] e = entries;
        for (int i = 0; i < e.length; i += 2) {
            if (e[i] == var) {
                return e[i + 1];
            }
        }
        return MISSING;
    }

    VarMap with(ContextVar<?> var, Object value) {
        Object[] e = entries;
        for (int i = 0; i < e.length; i += 2) {
            if (e[i] == var) {
                Object[] copy = e.clone();
                copy[i + 1] = value;
                return new VarMap(copy);
            }
        }
        Object[] copy = Arrays.copyOf(e, e.length + 2);
        copy[e.length] = var;
        copy[e.length + 1] = value;
        return new VarMap(copy);
    }

    VarMap without(ContextVar<?> var) {
        Object[] e = entries;
        for (int i = 0; i < e.length; i += 2) {
            if (e[i] == var) {
                Object[] copy = new Object[e.length - 2];
                System.arraycopy(e, 0, copy, 0, i);
                System.arraycopy(e, i + 2, copy, i, e.length - i - 2);
                return copy.length == 0 ? EMPTY : new VarMap(copy);
            }
        }
        return this;
    }

    /** The context of the calling code: the running callback's on a loop thread, else the thread's own. */
    static VarMap current() {
        EventLoop loop = EventLoop.currentOrNull();
        return loop != null ? loop.currentVars : THREAD.get();
    }

    /**
     * The context to copy now (into a task, a callback, a done callback): {@link #current()}, plus
     * the calling thread's foreign thread locals when a carrier is installed ({@link ThreadLocalCarrier}).
     */
    static VarMap capture() {
        return ThreadLocalCarrier.capture(current());
    }

    static void setCurrent(VarMap vars) {
        EventLoop loop = EventLoop.currentOrNull();
        if (loop != null) {
            loop.setCurrentVars(vars);
        } else {
            THREAD.set(vars);
        }
    }

    /** Installs {@code vars} as a plain thread's context, returning the one it had (for {@code toThread}). */
    static VarMap swapThread(VarMap vars) {
        VarMap old = THREAD.get();
        THREAD.set(vars);
        return old;
    }
}
