package io.github.asyncio4j;

/**
 * asyncio's {@code QueueFull}: {@link AsyncQueue#putNowait(Object)} on a full queue.
 */
public class QueueFullException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened
     */
    public QueueFullException(String message) {
        super(message);
    }
}
