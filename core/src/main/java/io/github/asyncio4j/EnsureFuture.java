package io.github.asyncio4j;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import reactor.core.publisher.Mono;
import org.jspecify.annotations.Nullable;
import reactor.util.context.ContextView;

/**
 * asyncio's {@code ensure_future} and the loop choice of the combinators that take many awaitables
 * ({@code gather}, {@code as_completed}, {@code first}): a future or task is used as it is, a plain
 * cold {@link Mono} becomes a new task; the same instance passed twice is one future, as the same
 * coroutine passed twice is wrapped once in asyncio.
 */
final class EnsureFuture {

    private EnsureFuture() {
    }

    /**
     * The futures made for a list of awaitables.
     *
     * <p>{@link #byArgument}: one future per argument, in argument order (duplicates repeat the
     * same future); {@link #unique}: each distinct future once, in order of first appearance (the
     * same array when there is no duplicate); {@link #made}: for each of {@code unique}, whether it
     * is a task made here from a plain Mono.
     */
    static final class Futures {
        private final AsyncFuture<?>[] byArgument;
        private final AsyncFuture<?>[] unique;
        /** {@code null} when no argument was a plain Mono: then nothing was made here. */
        @Nullable private final boolean[] made;

        Futures(AsyncFuture<?>[] byArgument, AsyncFuture<?>[] unique, @Nullable boolean[] made) {
            this.byArgument = byArgument;
            this.unique = unique;
            this.made = made;
        }

        AsyncFuture<?>[] byArgument() {
            return byArgument;
        }

        AsyncFuture<?>[] unique() {
            return unique;
        }

        /** A fresh array the caller may change. */
        boolean[] made() {
            return made != null ? made : new boolean[unique.length];
        }
    }

    /**
     * The loop of the code that subscribes with {@code ctx}: that of the task found in the Reactor
     * context, else the loop running on the calling thread.
     */
    @Nullable
    static EventLoop subscriberLoop(ContextView ctx) {
        Task<?> t = CancelScope.taskOf(ctx.getOrDefault(CancelScope.KEY, null));
        return t != null ? t.loop : EventLoop.currentOrNull();
    }

    /** As {@link #subscriberLoop}, or the no-running-loop {@link IllegalStateException}. */
    static EventLoop requireSubscriberLoop(ContextView ctx, String what) {
        EventLoop loop = subscriberLoop(ctx);
        if (loop == null) {
            throw new IllegalStateException(Failures.noRunningLoop(what));
        }
        return loop;
    }

    /**
     * The one loop all of {@code aws} run on, chosen as CPython's {@code gather} does: the first
     * argument decides (a future: its loop; a plain Mono: the subscriber's running loop), and every
     * future must belong to it. Checked before any task is made, so a bad argument leaves nothing
     * running behind.
     *
     * @throws IllegalStateException if a plain Mono (or nothing at all) needs a running loop and there is none
     * @throws IllegalArgumentException if futures of different loops are mixed
     */
    static EventLoop commonLoop(Mono<?>[] aws, ContextView ctx, String what) {
        EventLoop loop = null;
        for (Mono<?> aw : aws) {
            EventLoop own = aw instanceof AsyncFuture<?> f ? f.loop : null;
            if (loop == null) {
                loop = own != null ? own : requireSubscriberLoop(ctx, what);
            } else if (own != null && own != loop) {
                throw new IllegalArgumentException(what + ": " + aw + " belongs to " + own
                        + ", but the other awaitables to " + loop + "; combine futures of one loop only");
            }
        }
        return loop != null ? loop : requireSubscriberLoop(ctx, what);
    }

    /**
     * Makes a future of every argument, on {@code loop} (loop thread): futures as they are, each
     * distinct plain Mono as one new task, in argument order.
     *
     * <p>Two passes. The first makes the tasks (with eager tasks a body runs inside
     * {@code createTask}, and may gather too); only plain Monos need a map to find a repeated
     * instance, and only from the second one on. The second, which runs no foreign code, finds the
     * repeated futures by a mark on each future ({@link AsyncFuture#ensureMarked()}), cleared before
     * it returns: no hashing of every future.
     */
    static Futures ensureAll(Mono<?>[] aws, EventLoop loop) {
        int len = aws.length;
        AsyncFuture<?>[] byArgument = new AsyncFuture<?>[len];
        Mono<?> firstPlain = null;
        Task<?> firstMade = null;
        IdentityHashMap<Mono<?>, Task<?>> plain = null;
        for (int i = 0; i < len; i++) {
            Mono<?> aw = aws[i];
            if (aw instanceof AsyncFuture<?> given) {
                byArgument[i] = given;
                continue;
            }
            Task<?> t;
            if (firstPlain == null) {
                t = loop.createTask(aw);
                firstPlain = aw;
                firstMade = t;
            } else {
                if (plain == null) {
                    plain = new IdentityHashMap<>();
                    plain.put(firstPlain, firstMade);
                }
                t = plain.get(aw);
                if (t == null) {
                    t = loop.createTask(aw);
                    plain.put(aw, t);
                }
            }
            byArgument[i] = t;
        }
        AsyncFuture<?>[] unique = byArgument;
        boolean[] made = firstPlain != null ? new boolean[len] : null;
        int n = 0;
        try {
            for (int i = 0; i < len; i++) {
                AsyncFuture<?> f = byArgument[i];
                if (f.ensureMarked()) {
                    if (unique == byArgument) {
                        // The first repeat: the n == i futures before it are distinct.
                        unique = java.util.Arrays.copyOf(byArgument, len);
                    }
                    continue;
                }
                f.ensureMark(true);
                unique[n] = f;
                if (made != null) {
                    made[n] = !(aws[i] instanceof AsyncFuture<?>);
                }
                n++;
            }
        } finally {
            for (int j = 0; j < n; j++) {
                unique[j].ensureMark(false);
            }
        }
        if (unique != byArgument) {
            unique = java.util.Arrays.copyOf(unique, n);
        }
        return new Futures(byArgument, unique, made == null || n == len ? made : java.util.Arrays.copyOf(made, n));
    }

    /**
     * Copies {@code aws} into an array, checking that neither the list nor any element is null, so
     * a bad argument fails at the call, before anything runs (bpo-46672).
     */
    static Mono<?>[] copyArguments(List<? extends Mono<?>> aws, String name) {
        Objects.requireNonNull(aws, name);
        Mono<?>[] copy = aws.toArray(new Mono<?>[0]);
        checkElements(copy, name);
        return copy;
    }

    /** Checks that no element of {@code aws} is null, naming the first bad index. */
    static void checkElements(Object[] aws, String name) {
        for (int i = 0; i < aws.length; i++) {
            if (aws[i] == null) {
                throw new NullPointerException(name + "[" + i + "] is null: pass a Mono, task or future at every position");
            }
        }
    }
}
