package io.github.asyncio4j.internal;

import java.util.Objects;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

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
