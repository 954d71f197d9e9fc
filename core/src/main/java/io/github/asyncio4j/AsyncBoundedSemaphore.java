package io.github.asyncio4j;

/**
 * asyncio's {@code BoundedSemaphore}: an {@link AsyncSemaphore} whose {@link #release()} refuses
 * to raise the count of free permits above the initial one, which catches a release without a
 * matching acquire.
 */
public final class AsyncBoundedSemaphore extends AsyncSemaphore {

    private final int bound;

    /**
     * Creates a bounded semaphore with {@code permits} free permits, which is also the most it may
     * ever have.
     *
     * @param permits the initial and highest number of free permits, zero or more
     * @throws IllegalArgumentException if {@code permits} is negative
     */
    public AsyncBoundedSemaphore(int permits) {
        super(permits);
        this.bound = permits;
    }

    /**
     * Gives a permit back, as {@link AsyncSemaphore#release()} does.
     *
     * @throws IllegalStateException {@code "BoundedSemaphore released too many times"} if every
     *     permit is already free; or when called from the thread of a loop other than the semaphore's
     */
    @Override
    public void release() {
        super.release();
    }

    @Override
    void releaseHere() {
        if (value >= bound) {
            throw new IllegalStateException("BoundedSemaphore released too many times: all " + bound
                    + " permit(s) are free already; release only what was acquired");
        }
        super.releaseHere();
    }
}
