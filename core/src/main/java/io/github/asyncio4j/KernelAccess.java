package io.github.asyncio4j;

import io.github.asyncio4j.internal.Kernel;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The core's side of {@link Kernel.Access}: installed when {@link Kernel} initializes. */
final class KernelAccess implements Kernel.Access {

    static {
        Kernel.install(new KernelAccess());
    }

    private KernelAccess() {
    }

    @Override
    public <T> Mono<T> adoptMono(Publisher<T> foreign) {
        return Adopt.mono(foreign);
    }

    @Override
    public <T> Flux<T> adoptFlux(Publisher<T> foreign) {
        return Adopt.flux(foreign);
    }
}
