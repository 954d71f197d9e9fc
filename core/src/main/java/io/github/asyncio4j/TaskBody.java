package io.github.asyncio4j;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.Scannable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;
import reactor.util.annotation.Nullable;
import reactor.util.context.Context;

/**
 * The subscriber of a task's body, and the task's first step. Its Reactor {@link Context} carries
 * the task (under {@link CancelScope#KEY}) and the task's {@link ContextVar} values (each under the
 * variable itself), which is how every asyncio4j Mono subscribed in the body finds its task.
 * Signals may arrive on any thread; the task's state changes on the loop.
 */
final class TaskBody<T> implements CoreSubscriber<T>, Runnable, Scannable {

    @SuppressWarnings("rawtypes")
    private static final AtomicReferenceFieldUpdater<TaskBody, Subscription> UPSTREAM =
            AtomicReferenceFieldUpdater.newUpdater(TaskBody.class, Subscription.class, "upstream");

    final Task<T> task;
    private Mono<T> mono;
    private Context context = Context.empty();
    private volatile Subscription upstream;
    private T value;

    TaskBody(Task<T> task, Mono<T> mono) {
        this.task = task;
        this.mono = mono;
    }

    /** The first step of the task. */
    @Override
    public void run() {
        task.start();
    }

    void subscribeBody() {
        Mono<T> m = mono;
        mono = null;
        Context c = Context.of(CancelScope.KEY, task);
        VarMap vars = task.vars;
        for (int i = 0; i < vars.size(); i++) {
            c = c.put(vars.key(i), vars.value(i));
        }
        context = c;
        m.subscribe(this);
    }

    void cancelUpstream() {
        Operators.terminate(UPSTREAM, this);
    }

    @Override
    public Context currentContext() {
        return context;
    }

    @Override
    public void onSubscribe(Subscription s) {
        if (Operators.setOnce(UPSTREAM, this, s)) {
            s.request(Long.MAX_VALUE);
        }
    }

    @Override
    public void onNext(T t) {
        if (value == null) {
            value = t;
        } else {
            Operators.onNextDropped(t, context);
        }
    }

    @Override
    public void onError(Throwable t) {
        finish(null, t);
    }

    @Override
    public void onComplete() {
        T v = value;
        value = null;
        finish(v, null);
    }

    private void finish(@Nullable T v, @Nullable Throwable error) {
        EventLoop loop = task.loop;
        if (loop.inLoop()) {
            task.bodyFinished(v, error);
            return;
        }
        try {
            loop.execute(() -> task.bodyFinished(v, error));
        } catch (RejectedExecutionException closed) {
            // The loop closed (cancelling this task) before the body's late signal came back.
            if (error != null) {
                Operators.onErrorDropped(error, context);
            } else if (v != null) {
                Operators.onNextDropped(v, context);
            }
        }
    }

    @Override
    @Nullable
    public Object scanUnsafe(Attr key) {
        if (key == Attr.PARENT) {
            return upstream;
        }
        if (key == Attr.ACTUAL) {
            return task;
        }
        if (key == Attr.RUN_ON) {
            return task.loop;
        }
        if (key == Attr.NAME) {
            return task.getName();
        }
        if (key == Attr.RUN_STYLE) {
            return Attr.RunStyle.ASYNC;
        }
        return null;
    }

    @Override
    public String toString() {
        return "TaskBody[" + task.getName() + "]";
    }
}
