package io.github.asyncio4j;

import java.util.concurrent.CancellationException;

/**
 * asyncio's {@code CancelledError}: raised at a task's await point when the task is cancelled, and
 * by {@link AsyncFuture#result()}, {@link AsyncFuture#exception()} and by awaiting a cancelled
 * future.
 *
 * <p>It extends {@link CancellationException}, so code that handles cancellation the
 * {@code java.util.concurrent} way also handles it. The message is the one given to
 * {@link AsyncFuture#cancel(String)} ({@code null} when none was given), as asyncio's
 * {@code CancelledError.args} carry the cancel message.
 *
 * <p>A task body may catch it to clean up (even asynchronously) and rethrow it, or suppress it and
 * go on, exactly as a coroutine may catch {@code CancelledError}.
 *
 * <p>A cancellation is control flow, and a task may be cancelled in bulk, so those that asyncio4j
 * raises itself carry no stack trace (filling one in costs microseconds) unless their loop runs in
 * debug mode ({@link EventLoop.Builder#debug(boolean)}), where it shows who cancelled. The message
 * and the cause chain are kept either way.
 */
public class CancelledException extends CancellationException {

    private static final long serialVersionUID = 1L;

    /** Set while {@link #raisedBy} constructs a cancellation without a stack trace. */
    private static final ThreadLocal<Boolean> STACKLESS = new ThreadLocal<>();

    /**
     * Creates a cancellation carrying {@code message}.
     *
     * @param message the cancel message, or {@code null} when the cancel gave none
     */
    public CancelledException(String message) {
        super(message);
    }

    /** Creates a cancellation without a message ({@code task.cancel()} with no argument). */
    public CancelledException() {
        super();
    }

    /** A cancellation raised by {@code loop} itself: with a stack trace only in debug mode. */
    static CancelledException raisedBy(EventLoop loop, String message) {
        if (loop.isDebug()) {
            return new CancelledException(message);
        }
        if (Thread.currentThread() instanceof EventLoop.LoopThread lt) {
            // The common case, a loop cancelling on its own thread: a plain field of that thread.
            lt.stacklessCancellation = true;
            try {
                return new CancelledException(message);
            } finally {
                lt.stacklessCancellation = false;
            }
        }
        STACKLESS.set(Boolean.TRUE);
        try {
            return new CancelledException(message);
        } finally {
            STACKLESS.remove();
        }
    }

    @Override
    public Throwable fillInStackTrace() {
        // Called by Throwable's constructor, before this class's fields exist: hence the flag on the thread.
        boolean stackless = Thread.currentThread() instanceof EventLoop.LoopThread lt
                ? lt.stacklessCancellation : STACKLESS.get() != null;
        return stackless ? this : super.fillInStackTrace();
    }
}
