package io.github.asyncio4j;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;
import org.jspecify.annotations.Nullable;

/**
 * A future over children, private to one subscription of a combinator ({@code gather}'s
 * gathering future, {@code first}'s race): it listens to each distinct child with one done
 * callback, and its {@link #cancel(String)} cancels the children instead of itself (CPython's
 * {@code _GatheringFuture.cancel}), so the awaiting task's cancellation reaches them through the
 * ordinary await-point path. Subclasses decide what each child's end means.
 */
abstract class ChildrenFuture<R> extends AsyncFuture<R> {

    /** Each distinct child once; {@code null} until {@link #listen}. */
    @Nullable
    AsyncFuture<?>[] children;
    /** How many children have ended. */
    int finished;
    /** Some child's cancel() returned true in {@link #cancel(String)} (CPython's {@code _cancel_requested}). */
    boolean cancelRequested;
    /** A cancel that arrived before {@link #listen}; applied there. */
    private boolean cancelBeforeStart;
    @Nullable
    private String cancelBeforeStartMessage;

    ChildrenFuture(EventLoop loop) {
        super(loop);
    }

    /** Makes the children from the awaitables and {@link #listen}s to them (loop thread). */
    abstract void start(Mono<?>[] aws);

    /** One child ended (loop thread). */
    abstract void childDone(AsyncFuture<?> child);

    /**
     * Starts this future over {@code aws} on its loop (queued there when called from another
     * thread) and awaits it for {@code actual}: the subscription of a combinator's Mono.
     */
    final void startAndAwait(Mono<?>[] aws, CoreSubscriber<? super R> actual) {
        if (loop.inLoop()) {
            start(aws);
        } else {
            try {
                loop.execute(() -> start(aws));
            } catch (RejectedExecutionException closed) {
                Operators.error(actual, closed);
                return;
            }
        }
        subscribe(actual);
    }

    /** What the done callbacks are, for dumps: "gather", "first". */
    abstract String combinator();

    /**
     * Listens to every child (loop thread). As CPython 3.12+, children done already are counted at
     * once, so a combinator over done futures is done at once and awaiting it takes no loop turn.
     */
    final void listen(AsyncFuture<?>[] unique) {
        children = unique;
        List<AsyncFuture<?>> doneAlready = null;
        for (AsyncFuture<?> f : unique) {
            if (f.isDone()) {
                if (doneAlready == null) {
                    doneAlready = new ArrayList<>();
                }
                doneAlready.add(f);
            } else {
                f.link(new ChildDone(this, f));
            }
        }
        if (doneAlready != null) {
            for (AsyncFuture<?> f : doneAlready) {
                childDone(f);
            }
        }
        if (cancelBeforeStart) {
            cancel(cancelBeforeStartMessage);
        }
    }

    /**
     * Cancels every child not done yet; the future itself ends once they have all finished.
     * {@code false} when none could be cancelled (bpo-26923: all done, the result kept).
     */
    @Override
    public boolean cancel(@Nullable String msg) {
        if (!loop.inLoop()) {
            if (state != PENDING) {
                return cancelDone();
            }
            loop.execute(() -> cancel(msg));
            return true;
        }
        if (state != PENDING) {
            return cancelDone();
        }
        AsyncFuture<?>[] cs = children;
        if (cs == null) {
            cancelBeforeStart = true;
            cancelBeforeStartMessage = msg;
            return true;
        }
        boolean any = false;
        for (AsyncFuture<?> c : cs) {
            if (c.cancel(msg)) {
                any = true;
            }
        }
        if (any) {
            cancelRequested = true;
        }
        return any;
    }

    /**
     * Private to one subscription: a failure reaches the subscriber when it still listens, and a
     * subscriber that cancelled wants nothing more, so there is nothing to report as never retrieved.
     */
    @Override
    void onDone() {
        markRetrieved();
    }

    /** The done callback put on each distinct child. */
    static final class ChildDone extends DoneLink {

        private final ChildrenFuture<?> outer;
        private final AsyncFuture<?> child;

        ChildDone(ChildrenFuture<?> outer, AsyncFuture<?> child) {
            this.outer = outer;
            this.child = child;
        }

        @Override
        public void run() {
            outer.childDone(child);
        }

        @Override
        String describe() {
            return outer.combinator() + " callback on " + child;
        }
    }
}
