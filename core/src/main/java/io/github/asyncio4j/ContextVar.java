package io.github.asyncio4j;

import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * asyncio's {@code contextvars.ContextVar}: a value that follows tasks.
 *
 * <p>Each task runs in a copy of its creator's context, taken at {@code createTask}: a task sees
 * its own {@link #set}s, the tasks it creates afterwards inherit them, and its parent never sees
 * them. Loop callbacks ({@code callSoon}, done callbacks) run in the context of the code that
 * registered them; {@link Asyncio#toThread} carries the caller's context to the worker thread. A
 * plain thread (outside any loop) has a context of its own. The values also travel in the Reactor
 * {@code Context} of a task's body, each under the variable itself as key.
 *
 * <p>Threads: {@code get}/{@code set} act on the context of the code that runs now: on a loop
 * thread, the running task's or callback's; elsewhere, the thread's.
 *
 * @param <T> the value type
 */
public final class ContextVar<T> {

    private final String name;
    private final T defaultValue;
    private final boolean hasDefault;

    /**
     * A variable without a default: {@link #get()} fails until it is set.
     *
     * @param name its name, for messages
     * @throws NullPointerException if {@code name} is {@code null}
     */
    public ContextVar(String name) {
        this.name = Objects.requireNonNull(name, "name");
        this.defaultValue = null;
        this.hasDefault = false;
    }

    /**
     * A variable with a default, returned by {@link #get()} while it is unset.
     *
     * @param name its name, for messages
     * @param defaultValue the default
     * @throws NullPointerException if {@code name} or {@code defaultValue} is {@code null}
     */
    public ContextVar(String name, T defaultValue) {
        this.name = Objects.requireNonNull(name, "name");
        this.defaultValue = Objects.requireNonNull(defaultValue, "defaultValue");
        this.hasDefault = true;
    }

    /**
     * The variable's name.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * The value in the current context, else the default.
     *
     * @return the value
     * @throws NoSuchElementException if it is unset and has no default
     */
    @SuppressWarnings("unchecked")
    public T get() {
        Object v = VarMap.current().get(this);
        if (v != VarMap.MISSING) {
            return (T) v;
        }
        if (hasDefault) {
            return defaultValue;
        }
        throw new NoSuchElementException("ContextVar '" + name + "' has no value in this context: set() it first "
                + "(in this task or before creating it), create it with a default, or call get(fallback)");
    }

    /**
     * The value in the current context, else the default, else {@code fallback}.
     *
     * @param fallback what to return when the variable has no value and no default
     * @return the value
     */
    @SuppressWarnings("unchecked")
    public T get(T fallback) {
        Object v = VarMap.current().get(this);
        if (v != VarMap.MISSING) {
            return (T) v;
        }
        return hasDefault ? defaultValue : fallback;
    }

    /**
     * Sets the value in the current context.
     *
     * @param value the new value
     * @return a token with which {@link #reset(Token)} restores the previous value
     * @throws NullPointerException if {@code value} is {@code null}
     */
    public Token set(T value) {
        Objects.requireNonNull(value, "value");
        VarMap current = VarMap.current();
        Object previous = current.get(this);
        VarMap.setCurrent(current.with(this, value));
        return new Token(this, previous, owner());
    }

    /**
     * Restores the value the variable had before the {@link #set} that returned {@code token}.
     *
     * @param token the token of a {@link #set} of this variable, in this context
     * @throws NullPointerException if {@code token} is {@code null}
     * @throws IllegalArgumentException if the token belongs to another variable or another context
     * @throws IllegalStateException if the token was already used
     */
    public void reset(Token token) {
        Objects.requireNonNull(token, "token");
        if (token.var != this) {
            throw new IllegalArgumentException("this Token was created by ContextVar '" + token.var.name
                    + "', not by '" + name + "': reset it with the variable that set it");
        }
        if (token.owner != owner()) {
            throw new IllegalArgumentException("this Token of ContextVar '" + name
                    + "' was created in a different context (another task or thread): reset it where it was set");
        }
        if (token.used) {
            throw new IllegalStateException("this Token of ContextVar '" + name + "' has already been used once");
        }
        token.used = true;
        VarMap current = VarMap.current();
        VarMap.setCurrent(token.previous == VarMap.MISSING ? current.without(this) : current.with(this, token.previous));
    }

    /** Who owns the current context: the running task, else the thread. */
    private static Object owner() {
        EventLoop loop = EventLoop.currentOrNull();
        if (loop != null && loop.currentTask != null) {
            return loop.currentTask;
        }
        return Thread.currentThread();
    }

    @Override
    public String toString() {
        return "<ContextVar name='" + name + "'" + (hasDefault ? " default=" + defaultValue : "") + ">";
    }

    /** What {@link #set} returns: the means to undo it with {@link #reset(Token)}. */
    public static final class Token {
        private final ContextVar<?> var;
        private final Object previous;
        private final Object owner;
        private boolean used;

        private Token(ContextVar<?> var, Object previous, Object owner) {
            this.var = var;
            this.previous = previous;
            this.owner = owner;
        }

        /**
         * The variable this token belongs to.
         *
         * @return the variable
         */
        public ContextVar<?> var() {
            return var;
        }

        @Override
        public String toString() {
            return "<Token var=" + var + (used ? " used" : "") + ">";
        }
    }
}
