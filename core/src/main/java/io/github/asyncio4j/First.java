package io.github.asyncio4j;

import java.util.ArrayList;
import java.util.List;
import reactor.core.CoreSubscriber;
import reactor.core.Scannable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;
import org.jspecify.annotations.Nullable;

/**
 * {@link Asyncio#first(List)}: a race in which the first success wins and the other racers are
 * cancelled (Reactor's {@code Mono.firstWithValue}, with asyncio's cancellation rules).
 *
 * <p>Built as {@link Gather} is: each subscription makes a {@link RaceFuture} over the racers
 * (plain Monos become tasks) and awaits it, so cancelling the awaiting task cancels every racer and
 * ends the race with {@link CancelledException} once they are done, instead of collecting their
 * cancellations as failures as {@code firstWithValue} would. A failure only loses its racer; when
 * every racer has failed, the race fails with an {@link ExceptionGroup} of their failures in the
 * order they happened (a racer cancelled by someone else counts as failed, with its
 * {@link CancelledException}). An {@link Error} ends the race at once, as itself.
 */
final class First<T> extends Mono<T> implements Scannable {

    private final Mono<?>[] aws;

    First(Mono<?>[] aws) {
        this.aws = aws;
    }

    @Override
    public void subscribe(CoreSubscriber<? super T> actual) {
        EventLoop loop;
        try {
            loop = EnsureFuture.commonLoop(aws, actual.currentContext(), "Asyncio.first");
        } catch (IllegalStateException | IllegalArgumentException e) {
            Operators.error(actual, e);
            return;
        }
        new RaceFuture<T>(loop).startAndAwait(aws, actual);
    }

    @Override
    @Nullable
    public Object scanUnsafe(Attr key) {
        if (key == Attr.RUN_STYLE) {
            return Attr.RunStyle.ASYNC;
        }
        if (key == Attr.NAME) {
            return "first";
        }
        return null;
    }

    /** The future of one race: the winner's value, or the failures of all. */
    static final class RaceFuture<T> extends ChildrenFuture<T> {

        private final List<Throwable> failures = new ArrayList<>();

        RaceFuture(EventLoop loop) {
            super(loop);
        }

        /** Makes the racers and listens to them (loop thread). */
        @Override
        void start(Mono<?>[] aws) {
            AsyncFuture<?>[] racers;
            try {
                racers = EnsureFuture.ensureAll(aws, loop).unique();
            } catch (RuntimeException e) {
                // Only a loop that is closing refuses new tasks; the subscriber hears of it.
                complete(FAILED, e);
                return;
            }
            listen(racers);
        }

        /** One racer ended (loop thread). */
        @Override
        void childDone(AsyncFuture<?> racer) {
            finished++;
            if (state != PENDING) {
                // A loser that ended with a failure after the race was decided: retrieved, not reported.
                if (racer.state == FAILED) {
                    racer.markRetrieved();
                }
                return;
            }
            if (racer.state == SUCCEEDED && !cancelRequested) {
                complete(SUCCEEDED, racer.outcome);
                cancelOthers(racer);
                return;
            }
            if (racer.state == FAILED) {
                racer.markRetrieved();
                Throwable error = (Throwable) racer.outcome;
                if (error instanceof Error fatal) {
                    complete(FAILED, fatal);
                    cancelOthers(racer);
                    return;
                }
                failures.add(error);
            } else if (racer.state == CANCELLED) {
                failures.add(racer.cancelledError());
            }
            if (finished == children.length) {
                if (cancelRequested) {
                    complete(FAILED, racer.state == CANCELLED ? racer.cancelledError() : new CancelledException());
                } else {
                    complete(FAILED, new ExceptionGroup("all racers of Asyncio.first failed", failures));
                }
            }
        }

        private void cancelOthers(AsyncFuture<?> winner) {
            for (AsyncFuture<?> r : children) {
                if (r != winner) {
                    r.cancel();
                }
            }
        }

        @Override
        String combinator() {
            return "first";
        }

        @Override
        public String toString() {
            AsyncFuture<?>[] rs = children;
            return "<RaceFuture " + stateName() + " racers=" + (rs == null ? 0 : rs.length)
                    + " failed=" + failures.size() + '>';
        }
    }
}
