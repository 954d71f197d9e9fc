package io.github.asyncio4j;

/**
 * asyncio's {@code BrokenBarrierError}: an {@link AsyncBarrier} was reset or aborted while a task waited on it, or is broken.
 */
public class BrokenBarrierException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened
     */
    public BrokenBarrierException(String message) {
        super(message);
    }
}
