package io.github.asyncio4j;

import java.util.AbstractMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import java.util.function.BiConsumer;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.Scannable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;
import org.jspecify.annotations.Nullable;
import reactor.util.context.Context;

/**
 * The subscriber of a task's body, made by the task's first step, and the Reactor {@link Context}
 * of the body. That context holds the task (under {@link CancelScope#KEY}) and the task's
 * {@link ContextVar} values at its start (each under the variable itself), which is how every
 * asyncio4j Mono subscribed in the body finds its task. Being the context itself saves a task an
 * allocation and 24 bytes; {@link #put} and {@link #delete} return ordinary Reactor contexts.
 * Signals may arrive on any thread; the task's state changes on the loop.
 */
final class TaskBody<T> implements CoreSubscriber<T>, Scannable, Context {

    private static final Object MISSING = VarMap.MISSING;

    @SuppressWarnings("rawtypes")
    private static final AtomicReferenceFieldUpdater<TaskBody, Subscription> UPSTREAM =
            AtomicReferenceFieldUpdater.newUpdater(TaskBody.class, Subscription.class, "upstream");

    final Task<T> task;
    /** The ContextVar values the body's context shows: the task's at its start. */
    private VarMap contextVars = VarMap.EMPTY;
    private volatile Subscription upstream;
    private T value;

    TaskBody(Task<T> task) {
        this.task = task;
    }

    /** Subscribes to the body: the task's first step, which runs it in the task's context. */
    void subscribeBody(Mono<T> m) {
        contextVars = task.vars;
        m.subscribe(this);
    }

    void cancelUpstream() {
        Operators.terminate(UPSTREAM, this);
    }

    @Override
    public Context currentContext() {
        return this;
    }

    // ------------------------------------------------------------------------------------------
    // The body's Reactor Context: the task under CancelScope.KEY, then the ContextVar values
    // ------------------------------------------------------------------------------------------

    private Object lookup(Object key) {
        if (key == CancelScope.KEY) {
            return task;
        }
        return key instanceof ContextVar<?> var ? contextVars.get(var) : MISSING;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <V> V get(Object key) {
        Object v = lookup(key);
        if (v == MISSING) {
            throw new NoSuchElementException("Context does not contain key: " + key);
        }
        return (V) v;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <V> V getOrDefault(Object key, V defaultValue) {
        Object v = lookup(key);
        return v == MISSING ? defaultValue : (V) v;
    }

    @Override
    public boolean hasKey(Object key) {
        return lookup(key) != MISSING;
    }

    @Override
    public boolean isEmpty() {
        return false;
    }

    @Override
    public int size() {
        return 1 + contextVars.size();
    }

    @Override
    public Stream<Map.Entry<Object, Object>> stream() {
        VarMap vars = contextVars;
        return Stream.concat(Stream.of(new AbstractMap.SimpleImmutableEntry<>(CancelScope.KEY, task)),
                IntStream.range(0, vars.size()).mapToObj(i -> new AbstractMap.SimpleImmutableEntry<>(vars.key(i), vars.value(i))));
    }

    @Override
    public void forEach(BiConsumer<Object, Object> action) {
        action.accept(CancelScope.KEY, task);
        VarMap vars = contextVars;
        for (int i = 0; i < vars.size(); i++) {
            action.accept(vars.key(i), vars.value(i));
        }
    }

    @Override
    public Context put(Object key, Object value) {
        return copy().put(key, value);
    }

    @Override
    public Context delete(Object key) {
        return hasKey(key) ? copy().delete(key) : this;
    }

    /** The same entries in an ordinary Reactor context, to derive others from. */
    private Context copy() {
        Context c = Context.of(CancelScope.KEY, task);
        VarMap vars = contextVars;
        for (int i = 0; i < vars.size(); i++) {
            c = c.put(vars.key(i), vars.value(i));
        }
        return c;
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
            Operators.onNextDropped(t, this);
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
                Operators.onErrorDropped(error, this);
            } else if (v != null) {
                Operators.onNextDropped(v, this);
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
