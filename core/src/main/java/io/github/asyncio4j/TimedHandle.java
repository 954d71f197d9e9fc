package io.github.asyncio4j;

import reactor.core.Disposable;

/**
 * A {@code callLater}/{@code callAt} callback (asyncio's {@code TimerHandle}). Disposing it on the
 * loop thread removes it from the timer heap at once; from another thread the removal is queued.
 */
final class TimedHandle extends TimerHandle implements Disposable {

    private final EventLoop loop;
    private final Runnable callback;
    private final VarMap vars;
    private volatile boolean disposed;

    TimedHandle(EventLoop loop, Runnable callback, VarMap vars) {
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
        Handle.runIn(loop, vars, callback);
    }

    @Override
    public void dispose() {
        if (disposed) {
            return;
        }
        disposed = true;
        if (loop.inLoop()) {
            loop.removeTimer(this);
        } else if (!loop.isClosed()) {
            loop.execute(() -> loop.removeTimer(this));
        }
    }

    @Override
    public boolean isDisposed() {
        return disposed;
    }

    @Override
    public String toString() {
        return "TimerHandle[when=" + when + ", " + callback + (disposed ? ", done or cancelled" : "") + "]";
    }
}
