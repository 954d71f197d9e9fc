package io.github.asyncio4j;

import java.util.Objects;
import java.util.function.Supplier;
import reactor.core.CoreSubscriber;
import reactor.core.Exceptions;
import reactor.core.publisher.Mono;
import reactor.util.annotation.Nullable;
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

    private final LoopBinding binding;
    private final Mono<Void> acquire;
    private final Runnable release;
    @Nullable
    private final Object holdKey;
    private final Supplier<? extends Mono<T>> body;
    private final String what;

    /**
     * @param holdKey when not {@code null} (a lock), the body runs with a {@link Hold} under this key
     *     in its Context, through which a condition wait inside it can say it lost the lock
     */
    MonoHolding(LoopBinding binding, Mono<Void> acquire, Runnable release, @Nullable Object holdKey,
                Supplier<? extends Mono<T>> body, String what) {
        this.binding = binding;
        this.acquire = acquire;
        this.release = release;
        this.holdKey = holdKey;
        this.body = body;
        this.what = what;
    }

    @Override
    public void subscribe(CoreSubscriber<? super T> actual) {
        EventLoop loop = binding.enter(actual, what);
        if (loop == null) {
            return;
        }
        new Holder<>(actual, loop, this).subscribeAndStart();
    }

    /**
     * The hold of one {@code withLock} body on its lock. A condition wait inside the body that is
     * cancelled Reactor-style cannot wait to re-acquire the lock; when it cannot re-take it at once
     * it marks the hold {@link #lost}, and {@code withLock} then does not release a lock it no
     * longer holds (which could be another task's). Loop thread only.
     */
    static final class Hold {
        boolean lost;
    }

    static final class Holder<T> extends AwaitOp<T> {

        private static final int NEW = 0;
        private static final int ACQUIRING = 1;
        private static final int HOLDING = 2;
        private static final int GONE = 3;

        private final MonoHolding<T> parent;
        private int phase = NEW;
        @Nullable
        private Hold hold;
        @Nullable
        private volatile Context bodyContext;

        Holder(CoreSubscriber<? super T> actual, EventLoop loop, MonoHolding<T> parent) {
            super(actual, loop);
            this.parent = parent;
        }

        @Override
        public Context currentContext() {
            Context c = bodyContext;
            return c != null ? c : actual.currentContext();
        }

        @Override
        void start() {
            phase = ACQUIRING;
            awaitMono(parent.acquire);
        }

        @Override
        void resumed() {
            if (phase == ACQUIRING) {
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
                Hold h = new Hold();
                hold = h;
                bodyContext = actual.currentContext().put(parent.holdKey, h);
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

        @Override
        void abandon() {
            int was = phase;
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
            Hold h = hold;
            if (h != null && h.lost) {
                return null;
            }
            try {
                parent.release.run();
                return null;
            } catch (RuntimeException e) {
                return e;
            }
        }

        @Override
        String describe() {
            return parent.what;
        }
    }
}
