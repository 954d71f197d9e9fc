package io.github.asyncio4j;

import java.util.concurrent.atomic.AtomicLongFieldUpdater;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.Exceptions;
import reactor.core.Scannable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Operators;
import org.jspecify.annotations.Nullable;
import reactor.util.context.Context;

/**
 * {@link AsyncQueue#asFlux()}: {@code while True: yield await queue.get()} with backpressure.
 * Each requested item is one get: taken at once while the queue has items nobody was promised,
 * else through a parked {@link MonoQueueGet} subscription. {@link QueueShutDownException} ends the
 * Flux normally: the queue is shut down and drained.
 */
final class FluxQueueDrain<T> extends Flux<T> {

    private final AsyncQueue<T> queue;

    FluxQueueDrain(AsyncQueue<T> queue) {
        this.queue = queue;
    }

    @Override
    public void subscribe(CoreSubscriber<? super T> actual) {
        Context context = actual.currentContext();
        EventLoop loop = queue.binding.enter(actual, context, queue, ".asFlux()");
        if (loop == null) {
            return;
        }
        actual.onSubscribe(new Drain<>(actual, context, loop, queue));
    }

    /** The subscription handed downstream, and the subscriber of the get in flight. */
    static final class Drain<T> implements InnerSubscription<T>, CoreSubscriber<T> {

        @SuppressWarnings("rawtypes")
        private static final AtomicLongFieldUpdater<Drain> REQUESTED =
                AtomicLongFieldUpdater.newUpdater(Drain.class, "requested");

        private final CoreSubscriber<? super T> actual;
        private final EventLoop loop;
        private final AsyncQueue<T> queue;
        /** The downstream's Context, read once: each parked get asks for it. */
        private final Context context;
        private volatile long requested;
        private volatile boolean cancelled;
        /** The parked get, while one is in flight. */
        @Nullable
        private volatile Subscription inflight;
        // Loop thread only:
        private boolean draining;
        private boolean done;
        @Nullable
        private T received;

        Drain(CoreSubscriber<? super T> actual, Context context, EventLoop loop, AsyncQueue<T> queue) {
            this.actual = actual;
            this.context = context;
            this.loop = loop;
            this.queue = queue;
        }

        @Override
        public void request(long n) {
            if (Operators.validate(n)) {
                Operators.addCap(REQUESTED, this, n);
                if (!LoopBinding.runOnLoop(loop, this::drain)) {
                    error(new java.util.concurrent.RejectedExecutionException("event loop is closed"));
                }
            }
        }

        @Override
        public void cancel() {
            if (cancelled) {
                return;
            }
            cancelled = true;
            // The get in flight races its item against this through its own compare-and-set: the
            // item is either delivered to onNext (and then put back, below) or never taken.
            Subscription s = inflight;
            if (s != null) {
                s.cancel();
            }
        }

        /** Serves the demand (loop thread): items at hand synchronously, then one parked get. */
        private void drain() {
            if (draining) {
                return;
            }
            draining = true;
            // Items emitted against a snapshot of the demand, settled with one atomic subtraction
            // per batch (when the snapshot is used up, before a get that may wait, at the end)
            // instead of one per item, as Reactor's own drain loops do.
            long r = requested;
            long e = 0;
            try {
                while (!done && !cancelled && inflight == null) {
                    if (e == r) {
                        r = e == 0 ? requested : Operators.produced(REQUESTED, this, e);
                        e = 0;
                        if (r == 0) {
                            break;
                        }
                    }
                    if (queue.hasFreeItem()) {
                        T item = queue.getNowaitHere();
                        e++;
                        actual.onNext(item);
                    } else if (queue.shutdown) {
                        done = true;
                        actual.onComplete();
                    } else {
                        if (e != 0) {
                            Operators.produced(REQUESTED, this, e);
                            e = 0;
                        }
                        // Its item, if it comes at once, is emitted and counted by onComplete.
                        queue.get().subscribe(this);
                        r = requested;
                    }
                }
            } catch (Throwable t) {
                Exceptions.throwIfJvmFatal(t);
                error(t);
            } finally {
                if (e != 0) {
                    Operators.produced(REQUESTED, this, e);
                }
                draining = false;
            }
        }

        private void error(Throwable t) {
            if (!done) {
                done = true;
                actual.onError(t);
            } else {
                Operators.onErrorDropped(t, actual.currentContext());
            }
        }

        // -- the get in flight (loop thread: a parked get delivers in a loop step) --

        @Override
        public Context currentContext() {
            return context;
        }

        @Override
        public void onSubscribe(Subscription s) {
            inflight = s;
            if (cancelled) {
                s.cancel();
                return;
            }
            s.request(1);
        }

        @Override
        public void onNext(T item) {
            received = item;
        }

        @Override
        public void onComplete() {
            T item = received;
            received = null;
            inflight = null;
            if (item == null) {
                return;
            }
            if (cancelled) {
                // Cancelled while the item was on its way to us: it goes back where it was.
                queue.putBackHere(item);
                return;
            }
            Operators.produced(REQUESTED, this, 1);
            actual.onNext(item);
            drain();
        }

        @Override
        public void onError(Throwable e) {
            inflight = null;
            if (cancelled) {
                if (!(e instanceof java.util.concurrent.CancellationException)) {
                    Operators.onErrorDropped(e, actual.currentContext());
                }
                return;
            }
            if (e instanceof QueueShutDownException) {
                if (!done) {
                    done = true;
                    actual.onComplete();
                }
                return;
            }
            error(e);
        }

        @Override
        public CoreSubscriber<? super T> actual() {
            return actual;
        }

        @Override
        @Nullable
        public Object scanUnsafe(Attr key) {
            if (key == Attr.PARENT) {
                return inflight;
            }
            if (key == Attr.REQUESTED_FROM_DOWNSTREAM) {
                return requested;
            }
            if (key == Attr.CANCELLED) {
                return cancelled;
            }
            if (key == Attr.TERMINATED) {
                return done;
            }
            if (key == Attr.RUN_ON) {
                return loop;
            }
            if (key == Attr.RUN_STYLE) {
                return Scannable.Attr.RunStyle.ASYNC;
            }
            return InnerSubscription.super.scanUnsafe(key);
        }

        @Override
        public String toString() {
            return queue.getClass().getSimpleName() + ".asFlux()";
        }
    }
}
