package io.github.asyncio4j;

/**
 * asyncio's {@code QueueEmpty}: {@link AsyncQueue#getNowait()} on an empty queue.
 */
public class QueueEmptyException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened
     */
    public QueueEmptyException(String message) {
        super(message);
    }
}
