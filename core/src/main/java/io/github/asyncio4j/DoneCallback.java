package io.github.asyncio4j;

import java.util.function.Consumer;

/** A done callback of a future (asyncio's {@code add_done_callback}), run in its registrar's context. */
final class DoneCallback<T> extends DoneLink {

    final AsyncFuture<T> future;
    final Consumer<? super AsyncFuture<T>> callback;
    private final VarMap vars;

    DoneCallback(AsyncFuture<T> future, Consumer<? super AsyncFuture<T>> callback, VarMap vars) {
        this.future = future;
        this.callback = callback;
        this.vars = vars;
    }

    @Override
    public void run() {
        Handle.runIn(future.loop, vars, () -> callback.accept(future));
    }

    @Override
    String describe() {
        return "done callback " + callback + " of " + future;
    }
}
