package io.github.asyncio4j;

import io.github.asyncio4j.internal.Kernel;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import org.jspecify.annotations.Nullable;
import reactor.util.context.ContextView;

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

    @Override
    @Nullable
    public Task<?> taskOf(ContextView context) {
        return CancelScope.taskOf(context.getOrDefault(CancelScope.KEY, null));
    }

    @Override
    public void runAsStep(Task<?> task, Runnable step) {
        EventLoop loop = task.loop;
        if (!loop.inLoop()) {
            throw new IllegalStateException("a step of " + task + " must run on the thread of " + loop);
        }
        Task<?> previous = loop.enterStep(task);
        try {
            step.run();
        } finally {
            loop.exitStep(task, previous);
        }
    }

    @Override
    public boolean isLoopThread(Thread thread) {
        return EventLoop.isLoopThread(thread);
    }

    @Override
    public <T> CompletableFuture<T> toCompletableFuture(AsyncFuture<T> future) {
        return TaskCompletableFuture.of(future);
    }

    @Override
    public Kernel.LoopStats stats(EventLoop loop) {
        Objects.requireNonNull(loop, "loop");
        return new Kernel.LoopStats() {
            @Override
            public long tasksCreated() {
                return loop.tasksCreated;
            }

            @Override
            public long tasksCancelled() {
                return loop.tasksCancelled;
            }

            @Override
            public long tasksFailed() {
                return loop.tasksFailed;
            }

            @Override
            public int tasksActive() {
                return loop.taskCount();
            }

            @Override
            public int readyDepth() {
                return loop.readyDepth;
            }
        };
    }

    @Override
    public void threadContext(Kernel.@Nullable ThreadContext carrier) {
        ThreadLocalCarrier.carrier = carrier;
    }

    @Override
    @Nullable
    public Object contextVars() {
        VarMap vars = VarMap.current();
        return vars.size() == 0 ? null : vars;
    }

    @Override
    public void contextVars(@Nullable Object context) {
        VarMap.setCurrent(context == null ? VarMap.EMPTY : (VarMap) context);
    }
}
