package io.github.asyncio4j;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * {@link FutureAwaiter}: the loop delivers a done future's value to a subscriber that has
 * requested it, while the subscriber's thread cancels. Either the delivery wins (value and
 * completion) or the cancel does (nothing): never half of it.
 */
@JCStressTest
@Outcome(id = "1, 1, 0", expect = ACCEPTABLE, desc = "delivered before the cancel")
@Outcome(id = "0, 0, 0", expect = ACCEPTABLE, desc = "cancelled before the delivery")
@Outcome(expect = FORBIDDEN, desc = "half a delivery, or a doubled one")
@State
public class AwaiterCancelRacesDelivery {

    /** Its own loop, bound to no thread: the cancel queues its cleanup there, never to run. */
    private final EventLoop loop = EventLoop.builder().build();
    private final CountingSubscriber<String> subscriber = new CountingSubscriber<>();
    private final FutureAwaiter<String> awaiter;

    public AwaiterCancelRacesDelivery() {
        AsyncFuture<String> future = new AsyncFuture<>(loop);
        future.complete(AsyncFuture.SUCCEEDED, "value");
        awaiter = new FutureAwaiter<>(future, subscriber, null, null, null);
        awaiter.request(1);
    }

    @Actor
    public void loopDelivers() {
        awaiter.run();
    }

    @Actor
    public void subscriberCancels() {
        awaiter.cancel();
    }

    @Arbiter
    public void signals(III_Result r) {
        r.r1 = subscriber.next.get();
        r.r2 = subscriber.complete.get();
        r.r3 = subscriber.error.get();
    }
}
