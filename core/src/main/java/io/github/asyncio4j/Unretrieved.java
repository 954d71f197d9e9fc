package io.github.asyncio4j;

import java.lang.ref.Cleaner;

/**
 * A failed future whose exception nobody has retrieved yet (CPython's {@code _log_traceback}).
 * It is reported to the loop's exception handler as "exception was never retrieved" when the future
 * is garbage-collected unread, or at the latest when the loop closes. It holds no reference to the
 * future, so it does not keep it alive.
 */
final class Unretrieved implements Runnable {

    private static final Cleaner CLEANER = Cleaner.create(r -> {
        Thread t = new Thread(r, "asyncio4j-unretrieved-reporter");
        t.setDaemon(true);
        return t;
    });

    private final EventLoop loop;
    private final Throwable error;
    private final String what;
    private volatile boolean settled;
    private Cleaner.Cleanable cleanable;

    private Unretrieved(EventLoop loop, Throwable error, String what) {
        this.loop = loop;
        this.error = error;
        this.what = what;
    }

    static Unretrieved track(AsyncFuture<?> future, Throwable error) {
        Unretrieved u = new Unretrieved(future.loop(), error, future.kind() + " exception was never retrieved: "
                + future.failedDescription(error));
        future.loop().unretrieved.add(u);
        u.cleanable = CLEANER.register(future, u);
        return u;
    }

    /** The exception was retrieved: nothing to report. */
    void retrieved() {
        if (!settled) {
            settled = true;
            loop.unretrieved.remove(this);
            cleanable.clean();
        }
    }

    /** The future was collected unread (Cleaner thread). */
    @Override
    public void run() {
        if (settled) {
            return;
        }
        if (loop.isClosed()) {
            report();
            return;
        }
        try {
            loop.execute(this::report);
        } catch (java.util.concurrent.RejectedExecutionException closedMeanwhile) {
            report();
        }
    }

    /** Reports now, once. */
    void report() {
        if (settled) {
            return;
        }
        settled = true;
        loop.unretrieved.remove(this);
        loop.reportException(what, error);
    }
}
