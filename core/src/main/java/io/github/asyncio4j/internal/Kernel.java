package io.github.asyncio4j.internal;

import io.github.asyncio4j.AsyncFuture;
import io.github.asyncio4j.EventLoop;
import io.github.asyncio4j.Task;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import org.jspecify.annotations.Nullable;
import reactor.util.context.ContextView;

/**
 * Not API: how asyncio4j's own modules (the reactor bridge) reach kernel machinery that is
 * package-private in {@code io.github.asyncio4j}, without widening the public surface (the JDK's
 * {@code SharedSecrets} pattern). The core registers its implementation the first time this class
 * is used; nothing else can.
 */
public final class Kernel {

    /** What the kernel offers its sibling modules. */
    public interface Access {

        /**
         * A foreign {@code Mono} adopted by the subscribing task: signals delivered on the task's
         * loop, and a cancellation point. See {@code io.github.asyncio4j.bridge.Bridge#adopt}.
         *
         * @param foreign the publisher to adopt
         * @param <T> the value type
         * @return the adopted Mono
         */
        <T> Mono<T> adoptMono(Publisher<T> foreign);

        /**
         * A foreign {@code Flux} adopted by the subscribing task.
         *
         * @param foreign the publisher to adopt
         * @param <T> the value type
         * @return the adopted Flux
         */
        <T> Flux<T> adoptFlux(Publisher<T> foreign);

        /**
         * The task a subscriber with this Reactor context belongs to: the task whose body (or
         * {@code timeout}/{@code TaskGroup} scope inside it) subscribed.
         *
         * @param context a subscriber's context
         * @return the task, or {@code null} when the subscriber is not inside a task
         */
        @Nullable
        Task<?> taskOf(ContextView context);

        /**
         * Runs {@code step} as a step of {@code task}: {@code Task.current()} and the task's
         * {@code ContextVar} context (and carried thread locals) are in place while it runs.
         *
         * @param task the task
         * @param step what to run
         * @throws IllegalStateException if the caller is not on the task's loop thread
         */
        void runAsStep(Task<?> task, Runnable step);

        /**
         * Whether {@code thread} turns an event loop: a loop's own thread, or a thread inside
         * {@code Asyncio.run}.
         *
         * @param thread the thread
         * @return {@code true} for a loop thread
         */
        boolean isLoopThread(Thread thread);

        /**
         * A {@link CompletableFuture} completed with {@code future}'s outcome; cancelling it
         * cancels {@code future}, and a cancelled {@code future} cancels it.
         *
         * @param future the future or task
         * @param <T> the value type
         * @return the linked {@code CompletableFuture}
         */
        <T> CompletableFuture<T> toCompletableFuture(AsyncFuture<T> future);

        /**
         * Counters of a loop, written by its thread and read racily here (for meters).
         *
         * @param loop the loop
         * @return a live view of its counters
         */
        LoopStats stats(EventLoop loop);

        /**
         * Installs (or, with {@code null}, removes) what carries foreign thread locals with
         * asyncio4j contexts: captured where a context is copied (a task created, a callback
         * registered), installed around each task step and callback.
         *
         * @param carrier the carrier, or {@code null} for none
         */
        void threadContext(@Nullable ThreadContext carrier);

        /**
         * The {@code ContextVar} context of the calling code (a task step's, a callback's or a
         * plain thread's), as an opaque value.
         *
         * @return the context, or {@code null} when it holds no variable
         */
        @Nullable
        Object contextVars();

        /**
         * Replaces the {@code ContextVar} context of the calling code.
         *
         * @param context a value returned by {@link #contextVars()}, or {@code null} for the empty context
         */
        void contextVars(@Nullable Object context);
    }

    /** A live, racy view of a loop's counters. */
    public interface LoopStats {

        /**
         * Tasks that have started or been registered on the loop since it was built.
         *
         * @return the count
         */
        long tasksCreated();

        /**
         * Tasks that ended cancelled.
         *
         * @return the count
         */
        long tasksCancelled();

        /**
         * Tasks that ended with an exception.
         *
         * @return the count
         */
        long tasksFailed();

        /**
         * Tasks not done yet.
         *
         * @return the count
         */
        int tasksActive();

        /**
         * How many callbacks were ready when the latest loop iteration began.
         *
         * @return the depth of the ready queue
         */
        int readyDepth();
    }

    /**
     * Foreign thread locals (MDC and others) carried with asyncio4j contexts. All three methods
     * are called on the thread whose thread locals they read or write.
     */
    public interface ThreadContext {

        /**
         * The calling thread's values, to keep with a context being copied.
         *
         * @return an opaque snapshot, or {@code null} when there is nothing to carry
         */
        @Nullable
        Object capture();

        /**
         * Makes {@code snapshot} the calling thread's values (clearing those it does not hold).
         *
         * @param snapshot a value from {@link #capture()}, or {@code null} for none
         * @return what {@link #close(Object)} needs to put the previous values back
         */
        Object open(@Nullable Object snapshot);

        /**
         * Puts back the values {@link #open(Object)} replaced.
         *
         * @param scope what {@code open} returned
         */
        void close(Object scope);
    }

    private static Access access;

    static {
        try {
            Class.forName("io.github.asyncio4j.KernelAccess", true, Kernel.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private Kernel() {
    }

    /**
     * Called once by the core itself while this class initializes.
     *
     * @param impl the core's implementation
     * @throws IllegalStateException if an implementation is already installed
     */
    public static synchronized void install(Access impl) {
        if (access != null) {
            throw new IllegalStateException("the asyncio4j kernel access is installed by asyncio4j-core only");
        }
        access = Objects.requireNonNull(impl, "impl");
    }

    /**
     * The kernel's access object.
     *
     * @return the installed implementation
     */
    public static Access access() {
        return access;
    }
}
