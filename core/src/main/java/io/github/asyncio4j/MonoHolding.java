package io.github.asyncio4j;

import java.util.Objects;
import java.util.function.Supplier;
import reactor.core.CoreSubscriber;
import reactor.core.Exceptions;
import reactor.core.publisher.Mono;
import org.jspecify.annotations.Nullable;
import reactor.util.context.Context;

/**
 * {@code withLock}/{@code withPermit}: asyncio's {@code async with primitive: body}. Acquires,
 * calls the body supplier once held, subscribes the body, and releases when the body ends in any
 * way, before its outcome flows on (the {@code __aexit__} runs before the value leaves the block).
 *
 * <p>Written as one operator rather than {@code acquire.then(body).doFinally(release)} because the
 * acquisition and a cancellation from another thread must be ordered: a lock acquired just as the
 * subscriber cancels is released here, where a {@code then} would silently drop it.
 */
final class MonoHolding<T> extends Mono<T> {

    private final Permits permits;
    @Nullable
    private final Object holdKey;
    private final Supplier<? extends Mono<T>> body;
    private final String what;

    /**
     * @param holdKey when not {@code null} (a lock), the body runs with a {@link Hold} under this key
     *     in its Context, through which a condition wait inside it can say it lost the lock
     */
    MonoHolding(Permits permits, @Nullable Object holdKey, Supplier<? extends Mono<T>> body, String what) {
        this.permits = permits;
        this.holdKey = holdKey;
        this.body = body;
        this.what = what;
    }

    @Override
    public void subscribe(CoreSubscriber<? super T> actual) {
        Context context = actual.currentContext();
        EventLoop loop = permits.binding().enter(actual, context, null, what);
        if (loop == null) {
            return;
        }
        new Holder<>(actual, loop, context, this).subscribeAndStart();
    }

    /**
     * The hold of one {@code withLock} body on its lock. A condition wait inside the body that is
     * cancelled Reactor-style cannot wait to re-acquire the lock; when it cannot re-take it at once
     * it marks the hold lost ({@link #lose()}), and {@code withLock} then does not release a lock it
     * no longer holds (which could be another task's). Loop thread only.
     */
    interface Hold {
        /** The body no longer holds the lock: do not release it at the end. */
        void lose();
    }

    /**
     * One {@code async with}: waits for the permit itself, as {@link MonoAcquire} does (in the
     * primitive's line of waiters, with the same hand-over rules), then runs the body and releases.
     * It is also the body's {@link Hold}.
     */
    static final class Holder<T> extends AwaitOp<T> implements Hold {

        private static final int NEW = 0;
        /** Waiting in line for the permit. */
        private static final int ACQUIRING = 1;
        private static final int HOLDING = 2;
        private static final int GONE = 3;

        private final MonoHolding<T> parent;
        private int phase = NEW;
        /** A condition wait in the body lost the lock for us. */
        private boolean lost;
        @Nullable
        private volatile Context bodyContext;

        Holder(CoreSubscriber<? super T> actual, EventLoop loop, Context context, MonoHolding<T> parent) {
            super(actual, loop, context);
            this.parent = parent;
        }

        @Override
        public Context currentContext() {
            Context c = bodyContext;
            return c != null ? c : downstreamContext();
        }

        @Override
        public void lose() {
            lost = true;
        }

        @Override
        void start() {
            Permits permits = parent.permits;
            if (permits.tryAcquireHere()) {
                enterBody();
                return;
            }
            phase = ACQUIRING;
            permits.waiters().addLast(this);
            awaitFuture();
        }

        @Override
        void resumed() {
            if (phase == ACQUIRING) {
                // Woken: the permit was handed to us, and nobody may take it past a waiter.
                Permits permits = parent.permits;
                permits.waiters().remove(this);
                permits.resumedWithPermit();
                enterBody();
                return;
            }
            @SuppressWarnings("unchecked")
            T v = (T) takeReceived();
            phase = GONE;
            RuntimeException releaseError = releaseNow();
            if (releaseError != null) {
                fail(releaseError);
            } else if (v == null) {
                complete();
            } else {
                succeed(v);
            }
        }

        private void enterBody() {
            phase = HOLDING;
            if (parent.holdKey != null) {
                bodyContext = downstreamContext().put(parent.holdKey, this);
            }
            Mono<T> b;
            try {
                b = Objects.requireNonNull(parent.body.get(), () -> parent.what
                        + " body returned null: the Supplier must return the Mono to run while holding");
            } catch (Throwable t) {
                Exceptions.throwIfJvmFatal(t);
                interrupted(t);
                return;
            }
            awaitMono(b);
        }

        @Override
        void interrupted(Throwable error) {
            if (phase == ACQUIRING) {
                leaveLine();
                fail(error);
                return;
            }
            if (phase != HOLDING) {
                phase = GONE;
                fail(error);
                return;
            }
            phase = GONE;
            RuntimeException releaseError = releaseNow();
            if (releaseError != null) {
                releaseError.addSuppressed(error);
                fail(releaseError);
            } else {
                fail(error);
            }
        }

        /** Leaves the line without the permit; whatever it was handed goes on to the next waiters. */
        private void leaveLine() {
            phase = GONE;
            Permits permits = parent.permits;
            permits.waiters().remove(this);
            permits.leftWithoutPermit(woken());
        }

        @Override
        void abandon() {
            int was = phase;
            if (was == ACQUIRING) {
                leaveLine();
                return;
            }
            phase = GONE;
            if (was == HOLDING) {
                RuntimeException releaseError = releaseNow();
                if (releaseError != null) {
                    loop.reportException("Exception releasing " + parent.what + " after its subscriber cancelled",
                            releaseError);
                }
            }
        }

        @Nullable
        private RuntimeException releaseNow() {
            if (lost) {
                return null;
            }
            try {
                parent.permits.releaseHere();
                return null;
            } catch (RuntimeException e) {
                return e;
            }
        }

        @Override
        String describe() {
            if (phase == ACQUIRING) {
                return parent.what + ", waiting in " + parent.permits.acquireName() + " of " + parent.permits;
            }
            return parent.what;
        }
    }
}
