package io.github.asyncio4j.bridge.blockhound;

import io.github.asyncio4j.internal.Kernel;
import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;
import reactor.core.scheduler.NonBlocking;

/**
 * Teaches <a href="https://github.com/reactor/BlockHound">BlockHound</a> about event loops:
 * every loop thread (a loop's own thread, and the caller's thread while {@code Asyncio.run} turns a
 * loop on it) is non-blocking, so a blocking call there ({@code Thread.sleep}, a lock wait, file or
 * socket I/O, {@code Future.get}...) fails with BlockHound's {@code BlockingOperationError} instead
 * of silently freezing every task of the loop. The loop's own blocking is allowed: its idle wait
 * for the next timer or wake-up, and the writing of its own log (warnings, and errors nobody else
 * can report).
 *
 * <p>Loaded by {@code BlockHound.install()} through {@link java.util.ServiceLoader}: with
 * asyncio4j's bridge and BlockHound on the class path, installing BlockHound is all there is to do.
 * BlockHound is an optional dependency; nothing else in asyncio4j needs it.
 */
public final class AsyncioBlockHoundIntegration implements BlockHoundIntegration {

    /** Called by {@link java.util.ServiceLoader}. */
    public AsyncioBlockHoundIntegration() {
        // Stateless: everything happens in applyTo.
    }

    @Override
    public void applyTo(BlockHound.Builder builder) {
        Kernel.Access kernel = Kernel.access();
        builder.nonBlockingThreadPredicate(current -> current.or(kernel::isLoopThread));
        // BlockHound decides once per thread unless told otherwise; a thread that calls
        // Asyncio.run turns a loop only for that while, so any thread but a loop's (or Reactor's)
        // own non-blocking thread is asked again at each call.
        builder.addDynamicThreadPredicate(t -> !(t instanceof NonBlocking));
        // The loop parks while idle: that wait is what a loop does, not a blocking call of a task.
        builder.allowBlockingCallsInside("io.github.asyncio4j.EventLoop", "park");
        // The loop's own log: slow-callback and shutdown warnings, and errors reported to the
        // default exception handler, which must never turn into a BlockingOperationError themselves.
        // A user's exception handler is not covered: if it blocks, BlockHound says so.
        builder.allowBlockingCallsInside("io.github.asyncio4j.EventLoop", "warn");
        builder.allowBlockingCallsInside("io.github.asyncio4j.EventLoop", "logError");
    }
}
