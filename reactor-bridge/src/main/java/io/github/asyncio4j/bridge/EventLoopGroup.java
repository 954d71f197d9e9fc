package io.github.asyncio4j.bridge;

import io.github.asyncio4j.EventLoop;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;

/**
 * A fixed set of event loops, one thread each, to spread independent task trees over the cores
 * (as a server runs one asyncio loop per worker process). A task tree never leaves the loop it
 * started on: the tasks a task creates ({@code Asyncio.createTask}, a {@code TaskGroup}) run on
 * its loop, so everything one request or one job touches stays on one thread and needs no locks.
 *
 * <p>Pick a loop with {@link #next()} (round-robin) or {@link #forKey(Object)} (the same key always
 * gets the same loop: a session, a partition, an actor), or let {@link #spawn(Mono)} and
 * {@link #submit(Mono)} pick one. The loops are named {@code asyncio4j-group-N-loop-K}.
 *
 * <p>Threads: every method may be called from any thread. The group owns its loops:
 * {@link #close()} closes them all.
 */
public final class EventLoopGroup implements AutoCloseable {

    private static final AtomicInteger GROUP_IDS = new AtomicInteger();

    private final List<EventLoop> loops;
    private final AtomicInteger nextIndex = new AtomicInteger();
    private volatile boolean closed;

    private EventLoopGroup(List<EventLoop> loops) {
        this.loops = loops;
    }

    /**
     * A group of as many loops as the JVM has processors ({@link Runtime#availableProcessors()}).
     *
     * @return the group, its loops running
     */
    public static EventLoopGroup create() {
        return create(Runtime.getRuntime().availableProcessors());
    }

    /**
     * A group of {@code n} loops with the default options.
     *
     * @param n how many loops, at least 1
     * @return the group, its loops running
     * @throws IllegalArgumentException if {@code n} is less than 1
     */
    public static EventLoopGroup create(int n) {
        return create(n, EventLoop::builder);
    }

    /**
     * A group of {@code n} loops, each built from a fresh builder that {@code options} returns
     * (exception handler, debug mode, shutdown timeout, virtual time...). The group names each
     * loop {@code asyncio4j-group-N-loop-K}, replacing any name the builder has.
     *
     * @param n how many loops, at least 1
     * @param options makes the builder of each loop; called {@code n} times
     * @return the group, its loops running
     * @throws NullPointerException if {@code options} is {@code null} or returns {@code null}
     * @throws IllegalArgumentException if {@code n} is less than 1
     */
    public static EventLoopGroup create(int n, Supplier<EventLoop.Builder> options) {
        if (n < 1) {
            throw new IllegalArgumentException("n must be at least 1, got " + n + ": it is how many event loops the group runs");
        }
        Objects.requireNonNull(options, "options");
        int id = GROUP_IDS.incrementAndGet();
        List<EventLoop> loops = new ArrayList<>(n);
        try {
            for (int k = 0; k < n; k++) {
                EventLoop.Builder b = Objects.requireNonNull(options.get(),
                        "options returned null: it must return an EventLoop.Builder for each loop");
                loops.add(b.name("asyncio4j-group-" + id + "-loop-" + k).start());
            }
        } catch (RuntimeException | Error e) {
            loops.forEach(EventLoop::close);
            throw e;
        }
        return new EventLoopGroup(Collections.unmodifiableList(loops));
    }

    /**
     * The next loop, round-robin.
     *
     * @return a loop of this group
     * @throws java.util.concurrent.RejectedExecutionException once the group is closed
     */
    public EventLoop next() {
        checkOpen();
        return loops.get(Math.floorMod(nextIndex.getAndIncrement(), loops.size()));
    }

    /**
     * The loop for {@code key}: always the same one for equal keys (by {@code hashCode}), so work
     * on one key runs on one thread, in order, without locks.
     *
     * @param key the key
     * @return a loop of this group
     * @throws NullPointerException if {@code key} is {@code null}
     * @throws java.util.concurrent.RejectedExecutionException once the group is closed
     */
    public EventLoop forKey(Object key) {
        Objects.requireNonNull(key, "key");
        checkOpen();
        return loops.get(Math.floorMod(spread(key.hashCode()), loops.size()));
    }

    /** Mixes every bit of the hash code into the low ones (MurmurHash3's finalizer), so any keys spread. */
    private static int spread(int h) {
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        return h ^ (h >>> 16);
    }

    /**
     * A cold Mono that runs {@code body} as a new task on the {@link #next()} loop for each
     * subscription and relays its outcome ({@link EventLoop#spawn}): cancelling the subscription
     * cancels the task; subscribed from a task of another loop, the outcome is delivered on that
     * task's loop.
     *
     * @param body the task's body
     * @param <T> the value type
     * @return a cold Mono running {@code body} on one of the loops
     * @throws NullPointerException if {@code body} is {@code null}
     */
    public <T> Mono<T> spawn(Mono<T> body) {
        Objects.requireNonNull(body, "body");
        return Mono.defer(() -> next().spawn(body));
    }

    /**
     * Runs {@code body} as a task on the {@link #next()} loop and returns a
     * {@link CompletableFuture} of its outcome ({@link EventLoop#submit}): cancelling the future
     * cancels the task.
     *
     * @param body the task's body
     * @param <T> the value type
     * @return a future of the task's outcome
     * @throws NullPointerException if {@code body} is {@code null}
     * @throws java.util.concurrent.RejectedExecutionException once the group is closed
     */
    public <T> CompletableFuture<T> submit(Mono<T> body) {
        Objects.requireNonNull(body, "body");
        return next().submit(body);
    }

    /**
     * The loops, in index order.
     *
     * @return an unmodifiable list
     */
    public List<EventLoop> loops() {
        return loops;
    }

    /**
     * How many loops the group has.
     *
     * @return the number of loops
     */
    public int size() {
        return loops.size();
    }

    /**
     * Whether {@link #close()} was called.
     *
     * @return {@code true} once closing has begun
     */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Closes every loop ({@link EventLoop#close()}: cancels its tasks, lets them clean up, stops its
     * thread), all at once, and returns when they have all stopped. Idempotent. Called from a task
     * on one of the group's own loops it requests the close of every loop and returns at once
     * (waiting there would block that loop).
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        EventLoop here = EventLoop.current().orElse(null);
        boolean fromOwnLoop = here != null && loops.contains(here);
        List<Thread> closers = new ArrayList<>(loops.size());
        for (EventLoop loop : loops) {
            if (loop == here) {
                loop.close();
                continue;
            }
            Thread t = new Thread(loop::close, loop.name() + "-closer");
            t.setDaemon(true);
            t.start();
            closers.add(t);
        }
        if (fromOwnLoop) {
            return;
        }
        boolean interrupted = false;
        for (Thread t : closers) {
            while (true) {
                try {
                    t.join();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new java.util.concurrent.RejectedExecutionException("EventLoopGroup is closed");
        }
    }

    @Override
    public String toString() {
        return "EventLoopGroup[" + loops.size() + " loops" + (closed ? ", closed" : "") + "]";
    }
}
