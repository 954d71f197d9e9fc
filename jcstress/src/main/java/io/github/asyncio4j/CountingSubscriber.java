package io.github.asyncio4j;

import java.util.concurrent.atomic.AtomicInteger;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;

/** Counts the signals it gets, from whatever thread. */
final class CountingSubscriber<T> implements CoreSubscriber<T> {

    final AtomicInteger next = new AtomicInteger();
    final AtomicInteger complete = new AtomicInteger();
    final AtomicInteger error = new AtomicInteger();

    @Override
    public void onSubscribe(Subscription s) {
        // The tests drive the subscription themselves.
    }

    @Override
    public void onNext(T t) {
        next.incrementAndGet();
    }

    @Override
    public void onError(Throwable t) {
        error.incrementAndGet();
    }

    @Override
    public void onComplete() {
        complete.incrementAndGet();
    }
}
