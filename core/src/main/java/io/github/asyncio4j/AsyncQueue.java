package io.github.asyncio4j;

import java.util.Objects;
import org.reactivestreams.Publisher;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;

/**
 * asyncio's {@code Queue} (with 3.13's {@code shutdown}): a first-in, first-out queue that passes
 * items between the tasks of one event loop, bounded or not. {@link AsyncPriorityQueue} and
 * {@link AsyncLifoQueue} keep the same rules with another order.
 *
 * <pre>{@code
 * AsyncQueue<String> queue = new AsyncQueue<>(100);
 * Task<Void> producer = Asyncio.createTask(queue.putAll(Flux.fromIterable(lines)).doFinally(s -> queue.shutdown()));
 * Mono<Long> consumed = queue.asFlux().count();   // completes once shut down and drained
 * }</pre>
 *
 * <p>{@link #put(Object)} waits while the queue is full ({@code maxsize > 0} items);
 * {@link #get()} waits while it is empty. Waiters are served in arrival order, and a newcomer never
 * barges past a waiter that was already woken: an item put while getters wait is promised to the
 * first of them, and a slot freed while putters wait to the first putter. (CPython lets a
 * {@code get()} that comes between the {@code put} and the waiter's wake-up take the item first,
 * sending the woken getter to the back of the line; here it waits its turn. {@link #getNowait()}
 * and {@link #putNowait(Object)} still take what is there, as in CPython; a woken waiter whose item
 * or slot they took keeps its place at the front of the line.)
 *
 * <p><b>Cancellation never loses an item</b>: a getter cancelled after it was woken passes the
 * wake-up to the next getter, and the item stays in the queue; one whose item was taken but could
 * not be delivered (its subscription cancelled before it requested) puts it back at the front. A
 * cancelled putter puts nothing, and passes a free slot on. Cancel from the loop thread, as asyncio
 * code does ({@code timeout(d, loop)}, a task's cancellation): a {@code cancel()} from another thread
 * can cross an item already on its way to {@code onNext}, which a Reactor operator then drops (to
 * {@code Hooks.onNextDropped}).
 *
 * <p><b>Unfinished tasks</b>: every successful put counts one; {@link #taskDone()} counts one
 * down; {@link #join()} waits for zero. {@code get()} alone does not count down.
 *
 * <p><b>Shutdown</b> (3.13): after {@link #shutdown()}, puts fail with
 * {@link QueueShutDownException} (blocked putters too), gets return what is left and then fail
 * with it (blocked getters too); {@code shutdown(true)} also discards the items left, counting each
 * as done.
 *
 * <p><b>Reactive Streams</b>: {@link #asFlux()} is a backpressured consumer and
 * {@link #putAll(Publisher)} a backpressured producer.
 *
 * <p><b>Threads</b>: the queue binds to the loop of its first use; using it from another loop
 * throws (or signals) {@link IllegalStateException}. The synchronous methods from a plain thread
 * run on the loop and wait for it (before any loop uses the queue, they run on the caller's thread,
 * so a queue can be filled before it is handed to a loop). {@link #size()}, {@link #isEmpty()},
 * {@link #isFull()} and {@link #toString()} may be called from any thread; off the loop they read
 * a snapshot.
 *
 * @param <T> the item type; items are never {@code null}
 */
public class AsyncQueue<T> {

    final LoopBinding binding = new LoopBinding(this);
    private final int maxsize;
    final QueueStorage<T> items;
    /** Getters waiting for an item, in arrival order; a woken one leaves the line at once (CPython's popleft). */
    final WaitList getters = new WaitList();
    /** Putters waiting for room, in arrival order. */
    final WaitList putters = new WaitList();
    /** Getters woken by a put, with an item promised, that have not run yet. */
    int getClaims;
    /** Putters woken by a get, with a slot promised, that have not run yet. */
    int putClaims;
    private int unfinished;
    private final AsyncEvent finished;
    boolean shutdown;
    private boolean shutdownImmediate;
    private final Mono<T> get = new MonoQueueGet<>(this);

    /** Creates an unbounded queue, bound to no loop yet. */
    public AsyncQueue() {
        this(0);
    }

    /**
     * Creates a queue that holds at most {@code maxsize} items, bound to no loop yet.
     *
     * @param maxsize the capacity; zero or negative means unbounded, as in asyncio
     */
    public AsyncQueue(int maxsize) {
        this(maxsize, QueueStorage.fifo());
    }

    AsyncQueue(int maxsize, QueueStorage<T> items) {
        this.maxsize = maxsize;
        this.items = items;
        this.finished = new AsyncEvent(binding, getClass().getSimpleName() + ".join()");
        this.finished.value = true;
    }

    /**
     * Puts {@code item} (asyncio's {@code await queue.put(item)}): a cold Mono that, at
     * subscription, puts the item at once if there is room nobody waits for, else waits for room,
     * FIFO, and completes empty once the item is in the queue. Cancelled while waiting (by its task
     * or Reactor-style), it puts nothing.
     *
     * @param item the item
     * @return a cold Mono; it fails with {@link QueueShutDownException} once the queue is shut down
     *     (also while waiting), and with {@link IllegalStateException} when subscribed with no running
     *     loop or from another loop
     * @throws NullPointerException if {@code item} is {@code null}
     */
    public Mono<Void> put(T item) {
        Objects.requireNonNull(item, "item");
        return new MonoQueuePut<>(this, item);
    }

    /**
     * Takes the next item (asyncio's {@code await queue.get()}): a cold Mono that, at subscription,
     * takes an item at once if one is there that no woken getter was promised, else waits for one,
     * FIFO. Cancelled while waiting (by its task or Reactor-style), it takes nothing, and an item it
     * was promised goes to the next getter.
     *
     * @return a cold Mono of the item; it fails with {@link QueueShutDownException} once the queue is
     *     shut down and empty (also while waiting), and with {@link IllegalStateException} when
     *     subscribed with no running loop or from another loop
     */
    public Mono<T> get() {
        return get;
    }

    /**
     * Puts {@code item} now (asyncio's {@code put_nowait}), and wakes the first waiting getter.
     *
     * @param item the item
     * @throws NullPointerException if {@code item} is {@code null}
     * @throws QueueFullException if the queue is full
     * @throws QueueShutDownException if the queue is shut down
     * @throws IllegalStateException when called from the thread of a loop other than the queue's
     */
    public void putNowait(T item) {
        Objects.requireNonNull(item, "item");
        if (binding.here()) {
            putNowaitHere(item);
        } else {
            binding.run(() -> putNowaitHere(item));
        }
    }

    /**
     * Takes the next item now (asyncio's {@code get_nowait}), and wakes the first waiting putter.
     *
     * @return the item
     * @throws QueueEmptyException if the queue is empty
     * @throws QueueShutDownException if the queue is shut down and empty
     * @throws IllegalStateException when called from the thread of a loop other than the queue's
     */
    public T getNowait() {
        return binding.here() ? getNowaitHere() : binding.call(this::getNowaitHere);
    }

    /**
     * Says that an item taken from the queue has been processed (asyncio's {@code task_done()}):
     * counts one unfinished task down; at zero, {@link #join()} returns.
     *
     * @throws IllegalStateException {@code "task_done() called too many times"} when no task is
     *     unfinished; or when called from the thread of a loop other than the queue's
     */
    public void taskDone() {
        if (binding.here()) {
            taskDoneHere();
        } else {
            binding.run(this::taskDoneHere);
        }
    }

    /**
     * Waits until every item put has been processed (asyncio's {@code await queue.join()}): a cold
     * Mono completing empty once the count of unfinished tasks is zero, at once if it is.
     *
     * @return a cold Mono; it fails with {@link IllegalStateException} when subscribed with no
     *     running loop or from another loop
     */
    public Mono<Void> join() {
        return finished.await();
    }

    /**
     * The number of items in the queue (asyncio's {@code qsize()}).
     *
     * @return the number of items
     */
    public int size() {
        return items.size();
    }

    /**
     * The capacity given at construction (asyncio's {@code maxsize}); zero or less means unbounded.
     *
     * @return the capacity
     */
    public int maxsize() {
        return maxsize;
    }

    /**
     * Whether the queue holds no item (asyncio's {@code empty()}).
     *
     * @return {@code true} if empty
     */
    public boolean isEmpty() {
        return items.size() == 0;
    }

    /**
     * Whether the queue holds {@link #maxsize()} items (asyncio's {@code full()}); never for an
     * unbounded queue.
     *
     * @return {@code true} if full
     */
    public boolean isFull() {
        return full();
    }

    /**
     * Shuts the queue down (asyncio 3.13's {@code shutdown()}), keeping the items in it; see
     * {@link #shutdown(boolean)}.
     *
     * @throws IllegalStateException when called from the thread of a loop other than the queue's
     */
    public void shutdown() {
        shutdown(false);
    }

    /**
     * Shuts the queue down (asyncio 3.13's {@code shutdown(immediate)}): from now on puts fail with
     * {@link QueueShutDownException}, and gets once the queue is empty; every blocked putter and
     * getter is woken to find out. With {@code immediate}, the items left are discarded and each
     * counts as a {@link #taskDone()}, which may release {@link #join()}. Idempotent.
     *
     * @param immediate whether to discard the items left
     * @throws IllegalStateException when called from the thread of a loop other than the queue's
     */
    public void shutdown(boolean immediate) {
        binding.run(() -> shutdownHere(immediate));
    }

    /**
     * The consumer side as a Flux: each item requested is one {@link #get()}, so the Flux pulls no
     * more than its subscriber asks for, and items it was not asked for stay in the queue. It
     * completes once the queue is shut down and drained. Cancelling the Flux cancels the get in
     * flight without losing its item. Subscribed from a task, the gets are that task's await
     * points: cancelling the task fails the Flux with {@link CancelledException}. Call
     * {@link #taskDone()} for each item processed if anyone {@link #join()}s.
     *
     * @return a cold Flux of the items, delivered on the loop thread
     */
    public Flux<T> asFlux() {
        return new FluxQueueDrain<>(this);
    }

    /**
     * The producer side: a cold Mono that subscribes {@code source} and {@link #put(Object)}s each
     * of its items in order. It asks the source for as many items as the queue has room for (at
     * least one; 256 at a time when unbounded) and for more only once those are in, so a fast
     * publisher is held back while the queue is full. It completes when the source completes
     * and the last item is in; it fails with the source's error (what was put stays put), or with
     * the error of a put ({@link QueueShutDownException}, {@link CancelledException} when the task
     * is cancelled), cancelling the source. Cancelling the Mono cancels the source and the put in
     * flight.
     *
     * @param source the items to put
     * @return a cold Mono completing once every item is in
     * @throws NullPointerException if {@code source} is {@code null}
     */
    public Mono<Void> putAll(Publisher<? extends T> source) {
        Objects.requireNonNull(source, "source");
        return new MonoQueuePutAll<>(this, source);
    }

    // ------------------------------------------------------------------------------------------
    // Loop thread
    // ------------------------------------------------------------------------------------------

    final boolean full() {
        return maxsize > 0 && items.size() >= maxsize;
    }

    /** Whether a newcomer's get() may take an item now: one is there that no woken getter was promised. */
    final boolean hasFreeItem() {
        return items.size() > getClaims;
    }

    /** Whether a newcomer's put() may put now: there is room that no woken putter was promised. */
    final boolean hasFreeSlot() {
        return maxsize <= 0 || items.size() + putClaims < maxsize;
    }

    final void putNowaitHere(T item) {
        if (shutdown) {
            throw shutDown();
        }
        if (full()) {
            throw new QueueFullException("queue is full (maxsize " + maxsize + "): put() waits for room, "
                    + "putNowait() does not");
        }
        items.put(item);
        unfinished++;
        finished.clearHere();
        wakeUpNextGetter();
    }

    final T getNowaitHere() {
        if (items.size() == 0) {
            if (shutdown) {
                throw shutDown();
            }
            throw new QueueEmptyException("queue is empty: get() waits for an item, getNowait() does not");
        }
        T item = items.take();
        wakeUpNextPutter();
        return item;
    }

    final QueueShutDownException shutDown() {
        return new QueueShutDownException(getClass().getSimpleName() + " is shut down"
                + (items.size() == 0 ? "" : ": no more puts"));
    }

    private void taskDoneHere() {
        if (unfinished <= 0) {
            throw new IllegalStateException("task_done() called too many times: call taskDone() once per item "
                    + "taken, after processing it");
        }
        unfinished--;
        if (unfinished == 0) {
            finished.setHere();
        }
    }

    private void shutdownHere(boolean immediate) {
        shutdown = true;
        if (immediate) {
            shutdownImmediate = true;
            while (items.size() > 0) {
                items.take();
                if (unfinished > 0) {
                    unfinished--;
                }
            }
            if (unfinished == 0) {
                finished.setHere();
            }
        }
        // Every blocked getter and putter must wake up to find out (QueueShutDown, or the items left).
        AwaitOp<?> w;
        while ((w = getters.pollFirst()) != null) {
            w.wake();
        }
        while ((w = putters.pollFirst()) != null) {
            w.wake();
        }
    }

    /**
     * Wakes the first waiting getter, promising it an item, if an item nobody was promised is there
     * (CPython's {@code _wakeup_next(self._getters)}: waiters already done are dropped on the way).
     */
    final void wakeUpNextGetter() {
        if (!hasFreeItem()) {
            return;
        }
        AwaitOp<?> w;
        while ((w = getters.pollFirst()) != null) {
            if (w.wake()) {
                ((QueueWaiter<?>) w).promised = true;
                getClaims++;
                return;
            }
        }
    }

    /** Wakes the first waiting putter, promising it a slot, if one nobody was promised is free. */
    final void wakeUpNextPutter() {
        if (!hasFreeSlot()) {
            return;
        }
        AwaitOp<?> w;
        while ((w = putters.pollFirst()) != null) {
            if (w.wake()) {
                ((QueueWaiter<?>) w).promised = true;
                putClaims++;
                return;
            }
        }
    }

    /**
     * An item taken for a getter whose subscriber left before receiving it: back to the front of
     * the queue, still unfinished. After {@code shutdown(true)} it is discarded as the others were.
     */
    final void putBackHere(T item) {
        if (shutdownImmediate) {
            if (unfinished > 0) {
                unfinished--;
                if (unfinished == 0) {
                    finished.setHere();
                }
            }
            return;
        }
        items.putBack(item);
        wakeUpNextGetter();
    }

    /** A getter or putter of this queue: whether its wake-up promised it an item or a slot. */
    abstract static class QueueWaiter<R> extends AwaitOp<R> {

        boolean promised;

        QueueWaiter(CoreSubscriber<? super R> actual, EventLoop loop, Context context) {
            super(actual, loop, context);
        }
    }

    /**
     * The queue's state in the format of asyncio's {@code str(queue)}:
     * {@code AsyncQueue@1b2c3d[maxsize=10 _queue=[1, 2] _getters[1] _putters[1] tasks=2 shutdown]}.
     * The items are listed only on the loop thread (or before any loop uses the queue).
     */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(getClass().getSimpleName()).append('@')
                .append(Integer.toHexString(System.identityHashCode(this))).append("[maxsize=").append(maxsize);
        EventLoop l = binding.loop();
        if (items.size() > 0) {
            if (l == null || l.inLoop()) {
                sb.append(" _queue=").append(items.snapshot());
            } else {
                sb.append(" qsize=").append(items.size());
            }
        }
        if (!getters.isEmpty()) {
            sb.append(" _getters[").append(getters.size()).append(']');
        }
        if (!putters.isEmpty()) {
            sb.append(" _putters[").append(putters.size()).append(']');
        }
        if (unfinished != 0) {
            sb.append(" tasks=").append(unfinished);
        }
        if (shutdown) {
            sb.append(" shutdown");
        }
        return sb.append(']').toString();
    }
}
