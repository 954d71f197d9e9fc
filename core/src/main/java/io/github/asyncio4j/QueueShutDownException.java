package io.github.asyncio4j;

/**
 * asyncio's {@code QueueShutDown}: a put on a queue that was shut down, or a get on a queue that was shut down and is empty (or shut down immediately).
 */
public class QueueShutDownException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened
     */
    public QueueShutDownException(String message) {
        super(message);
    }
}
