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
}
