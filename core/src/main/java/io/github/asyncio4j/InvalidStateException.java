package io.github.asyncio4j;

/**
 * asyncio's {@code InvalidStateError}: an operation that the future's current state does not allow,
 * such as {@link AsyncFuture#result()} on a pending future or {@link AsyncFuture#setResult(Object)}
 * on a done one.
 */
public class InvalidStateException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what was wrong
     */
    public InvalidStateException(String message) {
        super(message);
    }
}
