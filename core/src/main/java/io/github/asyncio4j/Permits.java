package io.github.asyncio4j;

/**
 * What {@link MonoAcquire} needs of a primitive that hands out permits to a FIFO queue of waiters:
 * {@link AsyncLock} (one permit) and {@link AsyncSemaphore}. All of it runs on the loop thread.
 */
interface Permits {

    /** The loop the primitive is bound to. */
    LoopBinding binding();

    /** The waiting acquirers, in arrival order. */
    WaitList waiters();

    /** CPython's fast path: takes a permit if one is free and nobody queues before the caller. */
    boolean tryAcquireHere();

    /** Gives a permit back and wakes who it lets in. */
    void releaseHere();

    /** A woken waiter resumes holding the permit that was handed to it. */
    void resumedWithPermit();

    /**
     * A waiter leaves without the permit (cancelled, failed, or its subscriber left); it had been
     * woken already when {@code woken}. Whatever it was handed goes on to the next waiters, so no
     * wake-up is lost with it.
     */
    void leftWithoutPermit(boolean woken);

    /** "AsyncLock.acquire()" and the like, for dumps and messages. */
    String acquireName();
}
