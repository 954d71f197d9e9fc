package io.github.asyncio4j;

import reactor.core.Disposable;

/**
 * A {@code callSoon} callback (asyncio's {@code Handle}): runs once in the {@link ContextVar}
 * context of whoever registered it, unless disposed first.
 */
final class Handle implements Runnable, Disposable {

    private final EventLoop loop;
    private final Runnable callback;
    private final VarMap vars;
    private volatile boolean disposed;

    Handle(EventLoop loop, Runnable callback, VarMap vars) {
        this.loop = loop;
        this.callback = callback;
        this.vars = vars;
    }

    @Override
    public void run() {
        if (disposed) {
            return;
        }
        disposed = true;
        runIn(loop, vars, callback);
    }

    /** Runs {@code callback} on {@code loop} with {@code vars} as its ContextVar context. */
    static void runIn(EventLoop loop, VarMap vars, Runnable callback) {
        VarMap previous = loop.currentVars;
        VarMap previousCallback = loop.callbackVars;
        loop.currentVars = vars;
        loop.callbackVars = vars;
        Object threadLocals = ThreadLocalCarrier.open(vars);
        try {
            callback.run();
        } finally {
            ThreadLocalCarrier.close(threadLocals);
            loop.currentVars = previous;
            loop.callbackVars = previousCallback;
        }
    }

    @Override
    public void dispose() {
        disposed = true;
    }

    @Override
    public boolean isDisposed() {
        return disposed;
    }

    @Override
    public String toString() {
        return "Handle[" + callback + (disposed ? ", done or cancelled" : "") + "]";
    }
}
