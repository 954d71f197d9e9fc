package io.github.asyncio4j.bridge;

import io.github.asyncio4j.CancelledException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;
import reactor.util.Logger;
import reactor.util.Loggers;

/**
 * {@link Bridge#fromFuture}'s source, before adoption: a {@link CompletionStage} as a Mono whose
 * cancellation cancels the stage (when it is a {@link Future}). Signals on the thread that
 * completes the stage; {@link Bridge#fromFuture} moves them onto the loop.
 */
final class MonoFromFuture<T> extends Mono<T> {

    private static final Logger LOG = Loggers.getLogger(MonoFromFuture.class);

    private final CompletionStage<T> stage;

    MonoFromFuture(CompletionStage<T> stage) {
        this.stage = stage;
    }

    @Override
    public void subscribe(CoreSubscriber<? super T> actual) {
        StageSubscriber<T> s = new StageSubscriber<>(actual, stage);
        actual.onSubscribe(s);
        stage.whenComplete(s);
    }

    /** Waits for the stage; the scalar-with-demand bookkeeping is Reactor's {@code MonoSubscriber}. */
    static final class StageSubscriber<T> extends Operators.MonoSubscriber<T, T> implements BiConsumer<T, Throwable> {

        private final CompletionStage<T> stage;

        StageSubscriber(CoreSubscriber<? super T> actual, CompletionStage<T> stage) {
            super(actual);
            this.stage = stage;
        }

        @Override
        public void accept(@Nullable T value, @Nullable Throwable error) {
            if (isCancelled()) {
                // We cancelled the stage: its CancellationException is our own doing. Anything else
                // it ended with can no longer be delivered.
                if (error != null && !(unwrap(error) instanceof CancellationException)) {
                    Operators.onErrorDropped(unwrap(error), currentContext());
                } else if (value != null) {
                    Operators.onDiscard(value, currentContext());
                }
                return;
            }
            if (error != null) {
                actual.onError(translate(unwrap(error)));
            } else if (value == null) {
                actual.onComplete();
            } else {
                complete(value);
            }
        }

        @Override
        public void cancel() {
            super.cancel();
            if (stage instanceof Future<?> f) {
                // mayInterruptIfRunning is ignored by CompletableFuture; for other Futures, asyncio's
                // wrap_future does not interrupt a running call either.
                try {
                    f.cancel(false);
                } catch (UnsupportedOperationException notCancellable) {
                    // A minimal stage refuses cancel(): it runs to its end and accept() drops its outcome.
                    LOG.debug("Bridge.fromFuture: {} cannot be cancelled; its outcome will be dropped", stage);
                }
            }
        }

        /** A stage reports its failure wrapped when it comes from a dependent stage. */
        private static Throwable unwrap(Throwable e) {
            Throwable t = e;
            while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
                t = t.getCause();
            }
            return t;
        }

        /** A concurrent future's cancellation becomes asyncio's, as in {@code wrap_future} (FUT-21). */
        private static Throwable translate(Throwable e) {
            if (e instanceof CancellationException && !(e instanceof CancelledException)) {
                CancelledException ce = new CancelledException(e.getMessage());
                ce.initCause(e);
                return ce;
            }
            return e;
        }

        @Override
        @Nullable
        public Object scanUnsafe(Attr key) {
            if (key == Attr.PARENT) {
                return stage;
            }
            if (key == Attr.RUN_STYLE) {
                return Attr.RunStyle.ASYNC;
            }
            return super.scanUnsafe(key);
        }
    }
}
