package io.github.asyncio4j;

import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;
import org.jspecify.annotations.Nullable;

/**
 * {@link Asyncio#sleep(java.time.Duration, Object)}: a cold Mono that completes with its result
 * after a delay of loop time. A delay of zero or less is one bare yield: exactly one loop iteration
 * passes and no timer is made (asyncio's {@code sleep(0)}).
 */
final class MonoSleep<T> extends Mono<T> {

    private final long nanos;
    @Nullable
    private final T result;

    MonoSleep(long nanos, @Nullable T result) {
        this.nanos = nanos;
        this.result = result;
    }

    @Override
    public void subscribe(CoreSubscriber<? super T> actual) {
        Object scope = actual.currentContext().getOrDefault(CancelScope.KEY, null);
        Task<?> task = CancelScope.taskOf(scope);
        EventLoop loop = task != null ? task.loop : EventLoop.currentOrNull();
        if (loop == null) {
            Operators.error(actual, new IllegalStateException(Failures.noRunningLoop("Asyncio.sleep")));
            return;
        }
        Sleeper<T> s = new Sleeper<>(loop, actual, task, CancelScope.scopeOf(scope), nanos, result);
        actual.onSubscribe(s);
        if (loop.inLoop()) {
            s.arm();
        } else {
            loop.execute(s::arm);
        }
    }

    /** One sleep: the subscription, the timer and the await point in one object. */
    static final class Sleeper<T> extends TimerHandle implements InnerSubscription<T> {

        private static final int WAITING = 0;
        private static final int DONE = 1;
        private static final int CANCELLED = 2;

        @SuppressWarnings("rawtypes")
        private static final AtomicIntegerFieldUpdater<Sleeper> STATE =
                AtomicIntegerFieldUpdater.newUpdater(Sleeper.class, "state");

        private final EventLoop loop;
        private final CoreSubscriber<? super T> actual;
        /** A bare yield (sleep of zero or less): no timer. */
        private final boolean yield;
        @Nullable
        private final T result;
        private volatile int state;
        /** Set when the task cancelled this sleep: deliver a CancelledException with this message. */
        @Nullable
        private CancelledException cancelledBy;

        Sleeper(EventLoop loop, CoreSubscriber<? super T> actual, @Nullable Task<?> task,
                @Nullable CancelScope scope, long nanos, @Nullable T result) {
            this.loop = loop;
            this.actual = actual;
            this.task = task;
            this.scope = scope;
            this.yield = nanos <= 0;
            // Until armed, the timer's deadline field holds the delay: one long less per sleep.
            this.when = nanos;
            this.result = result;
        }

        void arm() {
            if (state != WAITING) {
                return;
            }
            if (yield) {
                loop.enqueue(this);
            } else {
                when = loop.deadlineAfter(when);
                loop.addTimer(this);
            }
            if (task != null) {
                task.addAwaitPoint(this);
            }
        }

        @Override
        public void run() {
            if (!STATE.compareAndSet(this, WAITING, DONE)) {
                return;
            }
            // Always consume a pending cancellation at this step (CPython's __step clears
            // _must_cancel): when this sleep was itself cancelled, its CancelledException (with the
            // first cancel's message) is the one delivered, and no second one follows.
            resumeTask(cancelledBy != null);
        }

        @Override
        void resumed(@Nullable CancelledException instead) {
            deliver(instead != null ? instead : cancelledBy);
        }

        private void deliver(@Nullable CancelledException error) {
            if (error != null) {
                actual.onError(error);
            } else if (result == null) {
                actual.onComplete();
            } else {
                actual.onNext(result);
                actual.onComplete();
            }
        }

        /** The task is cancelled: drop the timer and deliver the cancellation next iteration. */
        @Override
        boolean cancelFromTask(@Nullable String msg) {
            if (state != WAITING || cancelledBy != null || !armed()) {
                // sleep(0) is a bare yield (no future to cancel), and a fired timer's step is already
                // queued: either way the task delivers the cancellation at that step.
                return false;
            }
            loop.removeTimer(this);
            cancelledBy = CancelledException.raisedBy(loop, msg);
            loop.enqueue(this);
            return true;
        }

        @Override
        public void request(long n) {
            Operators.validate(n);
        }

        @Override
        public void cancel() {
            if (!STATE.compareAndSet(this, WAITING, CANCELLED)) {
                return;
            }
            loop.runOnLoop(() -> {
                loop.removeTimer(this);
                if (task != null) {
                    task.removeAwaitPoint(this);
                    if (cancelledBy != null) {
                        task.cancelLostBy(scope, cancelledBy.getMessage());
                    }
                }
            });
        }

        @Override
        public CoreSubscriber<? super T> actual() {
            return actual;
        }

        @Override
        String describe() {
            if (yield) {
                return "sleep(0)";
            }
            return armed() ? String.format(java.util.Locale.ROOT, "sleep until %.3f s of loop time", when / 1e9)
                    : "sleep(" + java.time.Duration.ofNanos(when) + "), not armed yet";
        }

        @Override
        @Nullable
        public Object scanUnsafe(Attr key) {
            if (key == Attr.CANCELLED) {
                return state == CANCELLED;
            }
            if (key == Attr.TERMINATED) {
                return state == DONE;
            }
            if (key == Attr.RUN_ON) {
                return loop;
            }
            if (key == Attr.RUN_STYLE) {
                return Attr.RunStyle.ASYNC;
            }
            return InnerSubscription.super.scanUnsafe(key);
        }
    }
}
