package io.github.asyncio4j;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.I_Result;

/**
 * A future completed on its loop thread, read from another thread: a reader that sees it done sees
 * its value ({@code outcome} is written before the volatile {@code state} that publishes it).
 */
@JCStressTest
@Outcome(id = "0", expect = ACCEPTABLE, desc = "not done yet")
@Outcome(id = "42", expect = ACCEPTABLE, desc = "done, with its value")
@Outcome(id = "-1", expect = FORBIDDEN, desc = "done, but the value is not visible")
@State
public class FutureResultVisibility {

    /** A loop bound to no thread: the first actor plays its thread. */
    private static final EventLoop LOOP = EventLoop.builder().build();

    private final AsyncFuture<Integer> future = new AsyncFuture<>(LOOP);

    @Actor
    public void loopThread() {
        future.complete(AsyncFuture.SUCCEEDED, 42);
    }

    @Actor
    public void otherThread(I_Result r) {
        if (future.isDone()) {
            Integer v = future.result();
            r.r1 = v == null ? -1 : v;
        } else {
            r.r1 = 0;
        }
    }
}
