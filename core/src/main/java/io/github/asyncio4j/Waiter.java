package io.github.asyncio4j;

/**
 * A loop callback that waits for something as an await point of a task: an awaiter of a future, a
 * sleep, an adopted publisher.
 *
 * <p>It can sit in two intrusive lists at once, so linking and unlinking never allocate and never
 * scan: a future's callback chain ({@link DoneLink}: run in registration order when the future
 * completes) and a task's list of current await points (CPython's {@code _fut_waiter}, except that a
 * Reactor body may await several things at once, as {@code Mono.zip} does). A sleep is a
 * {@link TimerHandle}, a subclass, so a sleep is a single object.
 */
abstract class Waiter extends DoneLink {

    Waiter tPrev;
    Waiter tNext;

    /** The task this is an await point of, or {@code null}. */
    Task<?> task;
    /** The innermost cancel scope around this await point; {@code null} means the task itself. */
    CancelScope scope;

    /**
     * The task (or one of its scopes) is being cancelled: make a {@link CancelledException} with
     * {@code msg} reach the body through this await point, as CPython's task does by cancelling
     * the future it waits on.
     *
     * @return whether this await point took the cancellation; {@code false} when its outcome is
     *     already on its way, so the task must deliver the cancellation at the next step itself
     */
    boolean cancelFromTask(String msg) {
        return false;
    }

    /**
     * Resumes the awaiting task with this await point's outcome, as a step of that task (CPython's
     * {@code __step} once the future it awaits is done): leaves the task's await points, enters
     * the step, consumes a cancellation pending on the task or the scope, and calls
     * {@link #resumed}: with that cancellation when it replaces the outcome, with {@code null} when
     * the outcome goes through. A pending cancellation does not replace an outcome that is itself
     * a cancellation ({@code outcomeIsCancellation}): it is consumed with it, so the body never
     * sees a second {@link CancelledException}. Without a task, only {@code resumed(null)}. Loop
     * thread only.
     *
     * @param outcomeIsCancellation whether what this await point delivers is a cancellation
     */
    final void resumeTask(boolean outcomeIsCancellation) {
        Task<?> t = task;
        if (t == null) {
            resumed(null);
            return;
        }
        t.removeAwaitPoint(this);
        EventLoop loop = t.loop;
        Task<?> previous = loop.enterStep(t);
        try {
            CancelledException pending = t.takePendingCancel(scope);
            resumed(outcomeIsCancellation ? null : pending);
        } finally {
            loop.exitStep(t, previous);
        }
    }

    /**
     * Delivers this await point's outcome, or {@code instead}, a cancellation pending on the task
     * that replaces it; called by {@link #resumeTask} only, so a waiter that never resumes a task
     * this way need not override it.
     *
     * @param instead the cancellation to deliver instead of the outcome, or {@code null}
     */
    void resumed(CancelledException instead) {
        throw new UnsupportedOperationException(getClass().getName() + " does not resume a task step");
    }
}
