package io.github.asyncio4j;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import reactor.core.publisher.Mono;
import reactor.util.annotation.Nullable;
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
     * @param byArgument one future per argument, in argument order (duplicates repeat the same future)
     * @param unique each distinct future once, in order of first appearance
     * @param made for each of {@code unique}, whether it is a task made here from a plain Mono
     */
    record Futures(AsyncFuture<?>[] byArgument, AsyncFuture<?>[] unique, boolean[] made) {
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
     * distinct plain Mono as one new task.
     */
    static Futures ensureAll(Mono<?>[] aws, EventLoop loop) {
        AsyncFuture<?>[] byArgument = new AsyncFuture<?>[aws.length];
        AsyncFuture<?>[] unique = new AsyncFuture<?>[aws.length];
        boolean[] made = new boolean[aws.length];
        IdentityHashMap<Mono<?>, AsyncFuture<?>> seen = new IdentityHashMap<>(aws.length * 2);
        int n = 0;
        for (int i = 0; i < aws.length; i++) {
            Mono<?> aw = aws[i];
            AsyncFuture<?> f = seen.get(aw);
            if (f == null) {
                if (aw instanceof AsyncFuture<?> given) {
                    f = given;
                } else {
                    f = loop.createTask(aw);
                    made[n] = true;
                }
                seen.put(aw, f);
                unique[n++] = f;
            }
            byArgument[i] = f;
        }
        return new Futures(byArgument, java.util.Arrays.copyOf(unique, n), java.util.Arrays.copyOf(made, n));
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
