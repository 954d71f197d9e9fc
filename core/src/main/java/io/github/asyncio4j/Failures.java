package io.github.asyncio4j;

import java.util.concurrent.CompletionException;

/** How failures cross from the loop to callers that expect unchecked exceptions. */
final class Failures {

    private Failures() {
    }

    /**
     * The exception to throw for {@code t} where only unchecked ones may be thrown: a
     * {@link RuntimeException} as itself, a checked one wrapped in {@link CompletionException}.
     * An {@link Error} is thrown as itself from here.
     */
    static RuntimeException propagate(Throwable t) {
        if (t instanceof RuntimeException re) {
            return re;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new CompletionException(t);
    }

    static String noRunningLoop(String what) {
        return "no running event loop: " + what + " needs one. Run it inside a task: from Asyncio.run(...), "
                + "EventLoop.spawn(...)/submit(...)/createTask(...), or a request that passed through AsyncioWebFilter";
    }
}
