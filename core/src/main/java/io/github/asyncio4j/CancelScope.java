package io.github.asyncio4j;

/**
 * A region of a task's body that can be cancelled on its own (Trio's cancel scope): the body of a
 * {@code timeout} or of a {@code TaskGroup}.
 *
 * <p>A task body subscribes its await points with a Reactor {@code Context} holding, under
 * {@link #KEY}, the innermost scope (the {@link Task} itself at the top). Cancelling a scope
 * cancels only the await points inside it, while the task's {@link Task#cancelling()} count moves
 * as CPython's does when a timeout or a task group calls {@code task.cancel()}. That is what keeps
 * a timeout from cancelling work that runs beside it in the same body (a {@code Mono.zip} branch),
 * which in CPython cannot happen because a coroutine awaits one thing at a time.
 */
abstract class CancelScope {

    /** Reactor Context key of the innermost scope: a {@link Task} or a {@link CancelScope}. */
    static final Object KEY = new Object() {
        @Override
        public String toString() {
            return "asyncio4j.scope";
        }
    };

    final Task<?> task;
    final CancelScope parent;

    /** A cancellation that found no await point to deliver to; the next one in the scope gets it. */
    boolean mustCancel;
    String mustCancelMessage;

    CancelScope(Task<?> task, CancelScope parent) {
        this.task = task;
        this.parent = parent;
    }

    /** The scope found under {@link #KEY} as a {@link CancelScope}, or {@code null} for a task or nothing. */
    static CancelScope scopeOf(Object o) {
        return o instanceof CancelScope s ? s : null;
    }

    /** The task owning the scope found under {@link #KEY}, or {@code null}. */
    static Task<?> taskOf(Object o) {
        if (o instanceof Task<?> t) {
            return t;
        }
        if (o instanceof CancelScope s) {
            return s.task;
        }
        return null;
    }

    /** Whether {@code inner} (a waiter's scope, {@code null} for the task level) lies inside this scope. */
    final boolean encloses(CancelScope inner) {
        for (CancelScope s = inner; s != null; s = s.parent) {
            if (s == this) {
                return true;
            }
        }
        return false;
    }

    /**
     * The scope was cancelled while its body waits on nothing of ours: on a foreign publisher.
     * The scope's owner stops that body Reactor-style.
     */
    abstract void cancelForeign(String msg);
}
