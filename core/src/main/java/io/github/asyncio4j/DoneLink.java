package io.github.asyncio4j;

/**
 * A node of a future's callback chain: a loop callback that {@link AsyncFuture#complete} schedules,
 * in registration order, when the future is done. Linking and unlinking never allocate and never
 * scan. A done callback or a combinator's callback on a child is just this; an await point (a
 * {@link Waiter}) is one too, and a timer is an await point ({@link TimerHandle}), so each object
 * carries only the links it may use: a node of a future's chain holds two fields, an awaiter six.
 */
abstract class DoneLink implements Runnable {

    DoneLink fPrev;
    DoneLink fNext;

    /** What this waits on, for {@link EventLoop#dumpTasks()} and debug messages. */
    abstract String describe();
}
