package io.github.asyncio4j;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import java.util.function.Supplier;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Operators;
import org.jspecify.annotations.Nullable;
import reactor.util.context.Context;

/**
 * The loop a synchronization primitive belongs to (CPython's {@code mixins._LoopBoundMixin}).
 *
 * <p>A primitive is created unbound. It binds to the loop of its first use on a loop thread (from
 * a task or a loop callback); from then on, use from another loop's thread fails with
 * {@link IllegalStateException}, and use from a plain thread is marshalled onto the loop. CPython
 * binds at the first wait only, because its loops share no memory; ours are threads, so a
 * primitive touched from two loops would be a data race, and binding at the first use catches it.
 *
 * <p>The binding is the only state of a primitive written from more than one thread: two loops may
 * race to be the first user, hence the compare-and-set.
 */
final class LoopBinding {

    private static final AtomicReferenceFieldUpdater<LoopBinding, EventLoop> LOOP =
            AtomicReferenceFieldUpdater.newUpdater(LoopBinding.class, EventLoop.class, "loop");

    private final Object owner;
    private volatile EventLoop loop;

    LoopBinding(Object owner) {
        this.owner = owner;
    }

    /** The bound loop, or {@code null} while unbound. */
    @Nullable
    EventLoop loop() {
        return loop;
    }

    /**
     * The loop a Mono of the primitive runs on when subscribed with {@code scope} (a task or a
     * cancel scope from the subscriber's Context): the subscribing task's loop, else the loop of the
     * calling thread, else the bound loop; {@code null} when there is none.
     */
    @Nullable
    EventLoop loopFor(@Nullable Object scope) {
        Task<?> task = CancelScope.taskOf(scope);
        if (task != null) {
            return task.loop;
        }
        EventLoop here = EventLoop.currentOrNull();
        return here != null ? here : loop;
    }

    /**
     * The loop a subscription of one of the primitive's Monos runs on, binding the primitive to it;
     * {@code null} after signalling the failure to {@code actual} (no loop at all, or another loop's).
     *
     * @param what the operation, for the message, such as {@code "AsyncLock.acquire()"}
     */
    @Nullable
    EventLoop enter(CoreSubscriber<?> actual, String what) {
        return enter(actual, null, what);
    }

    /**
     * As {@link #enter(CoreSubscriber, String)}, naming the operation {@code owner}'s simple class
     * name followed by {@code op} (such as {@code ".get()"}): the name is built only when the
     * failure is signalled, as the hot path (a queue's get() and put()) must not build a string per
     * subscription.
     */
    @Nullable
    EventLoop enter(CoreSubscriber<?> actual, @Nullable Object owner, String op) {
        return enter(actual, actual.currentContext(), owner, op);
    }

    /**
     * As {@link #enter(CoreSubscriber, Object, String)}, with {@code actual}'s Context already read
     * by the caller, who hands it on to the operator it makes rather than reading it again.
     */
    @Nullable
    EventLoop enter(CoreSubscriber<?> actual, Context context, @Nullable Object owner, String op) {
        EventLoop l = loopFor(context.getOrDefault(CancelScope.KEY, null));
        if (l == null) {
            String what = owner == null ? op : owner.getClass().getSimpleName() + op;
            Operators.error(actual, new IllegalStateException(Failures.noRunningLoop(what)));
            return null;
        }
        IllegalStateException wrong = bind(l);
        if (wrong != null) {
            Operators.error(actual, wrong);
            return null;
        }
        return l;
    }

    /**
     * Binds to {@code l} if unbound (any thread: two loops may race to be first).
     *
     * @return {@code null} when bound to {@code l} now, else the failure to signal
     */
    @Nullable
    IllegalStateException bind(EventLoop l) {
        EventLoop bound = loop;
        if (bound == l || (bound == null && LOOP.compareAndSet(this, null, l))) {
            return null;
        }
        return wrongLoop(loop, l);
    }

    private IllegalStateException wrongLoop(EventLoop bound, EventLoop used) {
        return new IllegalStateException(owner + " is bound to a different event loop (" + bound.name()
                + "), but was used from " + used.name() + ": a primitive serves the tasks of one loop only; "
                + "create one per loop");
    }

    /**
     * Whether the calling thread may run a synchronous operation of the primitive right here: on a
     * loop thread (binding an unbound primitive to that loop), or on a plain thread while no open
     * loop owns the primitive (before any loop used it, or after its loop closed). {@code false}
     * means: marshal it with {@link #call(Supplier)}. The check callers make before the hot path.
     *
     * @throws IllegalStateException when called from the thread of a loop other than the primitive's
     */
    boolean here() {
        EventLoop current = EventLoop.currentOrNull();
        if (current != null) {
            if (current != loop) {
                IllegalStateException wrong = bind(current);
                if (wrong != null) {
                    throw wrong;
                }
            }
            return true;
        }
        EventLoop bound = loop;
        return bound == null || bound.isClosed();
    }

    /**
     * Runs a synchronous operation of the primitive on its loop thread and returns its result: at
     * once where {@link #here()} allows; from a plain thread, on the loop, waiting for it (at once
     * if the loop closes meanwhile).
     *
     * @throws IllegalStateException when called from the thread of a loop other than the primitive's
     */
    <R> R call(Supplier<R> op) {
        if (here()) {
            return op.get();
        }
        EventLoop bound = loop;
        Object[] box = new Object[1];
        Boolean ran = bound.onLoopAndWait(() -> {
            box[0] = op.get();
            return Boolean.TRUE;
        }, Boolean.FALSE);
        if (!ran) {
            // The loop closed before it could run the operation: no loop thread is left to race with.
            return op.get();
        }
        @SuppressWarnings("unchecked")
        R r = (R) box[0];
        return r;
    }

    /** As {@link #call(Supplier)}, for an operation without a result. */
    void run(Runnable op) {
        if (here()) {
            op.run();
            return;
        }
        call(() -> {
            op.run();
            return null;
        });
    }

    /**
     * Runs {@code r} on {@code l}: at once on its thread, else queued. A loop that has closed
     * meanwhile runs nothing any more, so the clean-up it would have done has nobody left to serve.
     *
     * @return {@code false} if the loop was closed and {@code r} was not run
     */
    static boolean runOnLoop(EventLoop l, Runnable r) {
        if (l.inLoop()) {
            r.run();
            return true;
        }
        try {
            l.execute(r);
            return true;
        } catch (RejectedExecutionException closed) {
            return false;
        }
    }
}
