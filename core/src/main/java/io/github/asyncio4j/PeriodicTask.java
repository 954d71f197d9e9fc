package io.github.asyncio4j;

import reactor.core.Disposable;

/** {@link EventLoop#schedulePeriodically}: a timer that re-arms itself after each run until disposed. */
final class PeriodicTask extends TimerHandle implements Disposable {

    private final EventLoop loop;
    private final Runnable callback;
    private final long periodNanos;
    private volatile boolean disposed;

    PeriodicTask(EventLoop loop, Runnable callback, long periodNanos) {
        this.loop = loop;
        this.callback = callback;
        this.periodNanos = periodNanos;
    }

    void arm(long firstDeadline) {
        when = firstDeadline;
        loop.runOnLoop(() -> {
            if (!disposed) {
                loop.addTimer(this);
            }
        });
    }

    @Override
    public void run() {
        if (disposed) {
            return;
        }
        long deadline = when;
        try {
            callback.run();
        } finally {
            if (!disposed) {
                when = Math.max(deadline + periodNanos, loop.time());
                loop.addTimer(this);
            }
        }
    }

    @Override
    public void dispose() {
        if (disposed) {
            return;
        }
        disposed = true;
        loop.runOnLoop(() -> loop.removeTimer(this));
    }

    @Override
    public boolean isDisposed() {
        return disposed;
    }
}
