package io.github.asyncio4j;

import java.util.ArrayList;
import java.util.List;
import reactor.core.CoreSubscriber;
import reactor.core.Scannable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;
import org.jspecify.annotations.Nullable;

/**
 * asyncio's {@code gather}: {@link Asyncio#gather(List)} and {@link Asyncio#gatherSettled(List)}.
 *
 * <p>A port of CPython's design: each subscription makes a {@link GatheringFuture} (CPython's
 * {@code _GatheringFuture}) over the children and awaits it, so cancelling the awaiting task
 * cancels the gathering future, whose {@code cancel} cancels the children (GATHER-08, GATHER-09).
 * Completion is counted with one callback per child: no scan of the whole set per completion, so
 * a gather of 100,000 children is linear. Reactor's {@code Mono.zip} is not used: it completes
 * empty when a source is empty, cancels the siblings on an error and drops later errors.
 */
final class Gather {

    private Gather() {
    }

    /** The cold Mono of one gather over {@code aws} (already copied and null-checked). */
    static <R> Mono<List<R>> gather(Mono<?>[] aws, boolean settled) {
        return new MonoGather<>(aws, settled);
    }

    /** A cold Mono: each subscription gathers the arguments anew (plain Monos run again as new tasks). */
    static final class MonoGather<R> extends Mono<List<R>> implements Scannable {

        private final Mono<?>[] aws;
        private final boolean settled;

        MonoGather(Mono<?>[] aws, boolean settled) {
            this.aws = aws;
            this.settled = settled;
        }

        @Override
        public void subscribe(CoreSubscriber<? super List<R>> actual) {
            String what = settled ? "Asyncio.gatherSettled" : "Asyncio.gather";
            EventLoop loop;
            try {
                loop = EnsureFuture.commonLoop(aws, actual.currentContext(), what);
            } catch (IllegalStateException | IllegalArgumentException e) {
                Operators.error(actual, e);
                return;
            }
            if (aws.length == 0) {
                // GATHER-03: an already completed gather of nothing (it still needed a loop).
                actual.onSubscribe(Operators.scalarSubscription(actual, new ArrayList<>(0)));
                return;
            }
            new GatheringFuture<R>(loop, settled).startAndAwait(aws, actual);
        }

        @Override
        @Nullable
        public Object scanUnsafe(Attr key) {
            if (key == Attr.RUN_STYLE) {
                return Attr.RunStyle.ASYNC;
            }
            if (key == Attr.NAME) {
                return settled ? "gatherSettled" : "gather";
            }
            return null;
        }
    }

    /**
     * CPython's {@code _GatheringFuture}: completes with the children's results in argument order,
     * or fails with the first child failure at once (not cancelling the siblings). Its
     * {@link #cancel(String)} cancels the children instead of itself; once they are done it fails
     * with a {@link CancelledException}, also in settled mode (bpo-32684), while
     * {@link #isCancelled()} stays {@code false}, as in CPython.
     */
    static final class GatheringFuture<R> extends ChildrenFuture<List<R>> {

        private final boolean settled;
        /** One per argument, in argument order; duplicates repeat the same future. */
        private AsyncFuture<?>[] byArgument;

        GatheringFuture(EventLoop loop, boolean settled) {
            super(loop);
            this.settled = settled;
        }

        /** Makes the children and listens to them (loop thread). */
        @Override
        void start(Mono<?>[] aws) {
            EnsureFuture.Futures fs;
            try {
                fs = EnsureFuture.ensureAll(aws, loop);
            } catch (RuntimeException e) {
                // Only a loop that is closing refuses new tasks; the subscriber hears of it.
                if (state == PENDING) {
                    complete(FAILED, e);
                } else {
                    loop.reportException("Asyncio.gather could not start its children", e);
                }
                return;
            }
            byArgument = fs.byArgument();
            listen(fs.unique());
        }

        /** CPython's {@code _done_callback} (loop thread). */
        @Override
        void childDone(AsyncFuture<?> child) {
            finished++;
            if (state != PENDING) {
                // GATHER-05: the gather has ended; a later failure is retrieved here, so it is not
                // reported as never retrieved, and a later value is dropped.
                if (child.state == FAILED) {
                    child.markRetrieved();
                }
                return;
            }
            if (!settled) {
                if (child.state == CANCELLED) {
                    // GATHER-06: a cancelled child fails the gather with its CancelledException,
                    // as data: the gather itself is not cancelled and the siblings go on.
                    complete(FAILED, child.cancelledError());
                    return;
                }
                if (child.state == FAILED) {
                    child.markRetrieved();
                    complete(FAILED, child.outcome);
                    return;
                }
            }
            if (finished == children.length) {
                List<R> results = results();
                if (cancelRequested) {
                    // bpo-32684: a cancelled gather raises CancelledException, even when settled.
                    complete(FAILED, child.state == CANCELLED ? child.cancelledError() : new CancelledException());
                } else {
                    complete(SUCCEEDED, results);
                }
            }
        }

        @SuppressWarnings("unchecked")
        private List<R> results() {
            List<Object> out = new ArrayList<>(children.length);
            for (AsyncFuture<?> c : byArgument) {
                if (!settled) {
                    out.add(c.outcome);
                    continue;
                }
                switch (c.state) {
                    case SUCCEEDED:
                        out.add(new Outcome.Success<>(c.outcome));
                        break;
                    case FAILED:
                        c.markRetrieved();
                        out.add(new Outcome.Failure<>((Throwable) c.outcome));
                        break;
                    default:
                        out.add(new Outcome.Failure<>(c.cancelledError()));
                }
            }
            return (List<R>) out;
        }

        @Override
        String combinator() {
            return "gather";
        }

        @Override
        public String toString() {
            AsyncFuture<?>[] u = children;
            return "<GatheringFuture " + stateName() + " children=" + (u == null ? 0 : u.length)
                    + " finished=" + finished + '>';
        }
    }
}
