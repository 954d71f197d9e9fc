package io.github.asyncio4j;

import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.Scannable;
import org.jspecify.annotations.Nullable;

/** A {@link Subscription} that asyncio4j hands to a subscriber, inspectable as reactor-core's own are. */
interface InnerSubscription<T> extends Subscription, Scannable {

    /** The subscriber this subscription serves. */
    CoreSubscriber<? super T> actual();

    @Override
    @Nullable
    default Object scanUnsafe(Attr key) {
        if (key == Attr.ACTUAL) {
            return actual();
        }
        return null;
    }
}
