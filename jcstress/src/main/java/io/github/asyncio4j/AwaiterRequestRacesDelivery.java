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
 * {@link FutureAwaiter}: the loop delivers a done future's value while the subscriber's thread
 * requests it. Whoever comes second emits it: exactly one onNext and one onComplete, never none,
 * never two.
 */
@JCStressTest
@Outcome(id = "1, 1, 0", expect = ACCEPTABLE, desc = "the value and the completion, once")
@Outcome(expect = FORBIDDEN, desc = "a value lost or doubled")
@State
public class AwaiterRequestRacesDelivery {

    private static final EventLoop LOOP = EventLoop.builder().build();

    private final CountingSubscriber<String> subscriber = new CountingSubscriber<>();
    private final FutureAwaiter<String> awaiter;

    public AwaiterRequestRacesDelivery() {
        AsyncFuture<String> future = new AsyncFuture<>(LOOP);
        future.complete(AsyncFuture.SUCCEEDED, "value");
        awaiter = new FutureAwaiter<>(future, subscriber, null, null, null);
    }

    @Actor
    public void loopDelivers() {
        awaiter.run();
    }

    @Actor
    public void subscriberRequests() {
        awaiter.request(1);
    }

    @Arbiter
    public void signals(III_Result r) {
        r.r1 = subscriber.next.get();
        r.r2 = subscriber.complete.get();
        r.r3 = subscriber.error.get();
    }
}
