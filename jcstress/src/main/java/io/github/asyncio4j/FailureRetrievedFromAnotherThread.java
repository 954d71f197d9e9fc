package io.github.asyncio4j;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.ZZ_Result;

/**
 * A future fails on its loop thread with nobody awaiting it, while another thread reads its
 * exception: once read, it must not be reported as "never retrieved"; unread, it must be (the race
 * kernel fix 4f85454 closed: the mark is set before the state is published).
 */
@JCStressTest
@Outcome(id = "true, false", expect = ACCEPTABLE, desc = "read after the failure: nothing left to report")
@Outcome(id = "false, true", expect = ACCEPTABLE, desc = "not seen done: the failure is still to be reported")
@Outcome(id = "true, true", expect = FORBIDDEN, desc = "read, yet it would be reported as never retrieved")
@Outcome(id = "false, false", expect = FORBIDDEN, desc = "never read, yet nothing would report it")
@State
public class FailureRetrievedFromAnotherThread {

    private static final IllegalStateException ERROR = new IllegalStateException("boom");

    private final EventLoop loop = EventLoop.builder().build();
    private final AsyncFuture<Integer> future = new AsyncFuture<>(loop);

    @Actor
    public void loopThread() {
        future.complete(AsyncFuture.FAILED, ERROR);
    }

    @Actor
    public void otherThread(ZZ_Result r) {
        if (future.isDone()) {
            r.r1 = future.exception() == ERROR;
        }
    }

    @Arbiter
    public void reported(ZZ_Result r) {
        r.r2 = !loop.unretrieved.isEmpty();
    }
}
