package io.github.asyncio4j;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.Exceptions;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.NonBlocking;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.util.Logger;
import reactor.util.Loggers;
import org.jspecify.annotations.Nullable;
import reactor.util.concurrent.Queues;

/**
 * An asyncio event loop: one thread that runs callbacks, timers and the steps of its tasks.
 *
 * <p>Every state change of a task, future or primitive bound to a loop happens on the loop's
 * thread, so code running in its callbacks needs no locks. Other threads reach the loop through
 * {@link #callSoonThreadsafe(Runnable)} (one lock-free queue); every public method may be called
 * from any thread and marshals what it changes onto the loop.
 *
 * <p>One iteration (CPython's {@code _run_once}): take what other threads queued, move due timers
 * to the ready queue behind the callbacks already there, run exactly the callbacks that were ready
 * when the iteration began (so {@code sleep(ZERO)} is a fair yield), then sleep until the next
 * deadline or a wake-up. A callback that throws is reported to the exception handler and the loop
 * goes on.
 *
 * <p>A loop made with {@link Builder#virtualTime()} has a clock that stands still while callbacks
 * are ready and, the moment the loop is idle, jumps to the next timer's deadline (Trio's autojump
 * clock), so tests of hour-long timeouts run in milliseconds, deterministically. Its clock does not
 * drive foreign schedulers: keep time on the loop ({@code Asyncio.sleep}, or
 * {@code Mono.delay(d, loop)}) in virtual-time code.
 *
 * <p>The loop is also a Reactor {@link Scheduler}: {@code publishOn(loop)} and
 * {@code subscribeOn(loop)} move work onto its thread. Its thread is {@link NonBlocking}, as is
 * the caller's thread while {@link Asyncio#run} runs a loop on it, so {@code Mono.block()} inside
 * a task fails fast instead of freezing the loop.
 *
 * <p>Interrupting a loop's own thread closes the loop, as {@link #close()} does; interrupting the
 * thread that runs {@link Asyncio#run} cancels the main task (Java's Ctrl-C).
 */
public final class EventLoop implements Scheduler, AutoCloseable {

    private static final Logger LOG = Loggers.getLogger(EventLoop.class);
    private static final AtomicInteger LOOP_IDS = new AtomicInteger();
    private static final Duration DEFAULT_SLOW_CALLBACK = Duration.ofMillis(100);
    private static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(10);

    /** Loops that run on a thread they do not own: the callers of {@link Asyncio#run}. */
    private static final ThreadLocal<EventLoop> BORROWED = new ThreadLocal<>();
    private static final Set<Thread> BORROWED_THREADS = ConcurrentHashMap.newKeySet();

    static {
        Schedulers.registerNonBlockingThreadPredicate(BORROWED_THREADS::contains);
    }

    private static final int OPEN = 0;
    private static final int CLOSING = 1;
    private static final int CLOSED = 2;

    private final String name;
    private final boolean virtualTime;
    private final boolean debug;
    private final long slowCallbackNanos;
    private final boolean eagerTasks;
    private final long shutdownTimeoutNanos;
    private final BiConsumer<EventLoop, Throwable> exceptionHandler;
    private final LongSupplier ticker;
    private final Logger log;

    /**
     * The callbacks of the next iteration: {@link Runnable}s, and {@link Task}s whose first step
     * is due (a task is its own first step, so creating one costs no callback object).
     */
    private final ArrayDeque<Object> ready = new ArrayDeque<>(256);
    /** What other threads queued: as {@link #ready}. */
    private final Queue<Object> incoming = Queues.<Object>unboundedMultiproducer().get();
    private final TimerHeap timers = new TimerHeap();
    /** Work running on other threads that will call back (toThread); the virtual clock waits for it. */
    final AtomicInteger externalWork = new AtomicInteger();
    /** Failed futures nobody has looked at yet; reported when collected or, at the latest, at close. */
    final Set<Unretrieved> unretrieved = ConcurrentHashMap.newKeySet();
    /**
     * What other threads and loops wait for on pending futures of this loop, told at close
     * ({@link ForeignWaiter#loopClosed()}); made at the first. Loop thread only.
     */
    @Nullable
    private Set<ForeignWaiter> foreignWaiters;

    private volatile Thread thread;
    private volatile int state = OPEN;
    private volatile boolean sleeping;
    private volatile boolean closeRequested;
    /** Work-in-progress count of {@link #rejectLeftovers()}: one thread at a time drains a closed loop's queue. */
    private volatile int rejecting;
    private static final AtomicIntegerFieldUpdater<EventLoop> REJECTING =
            AtomicIntegerFieldUpdater.newUpdater(EventLoop.class, "rejecting");

    private long virtualNow;
    private final long epochMillisAtStart = System.currentTimeMillis();
    private final long clockAtStart;

    /** The task whose step runs now, or {@code null}. */
    Task<?> currentTask;
    /** The {@link ContextVar} context of the code that runs now (the running step's task's, or the callback's). */
    VarMap currentVars = VarMap.EMPTY;
    /** The context of the plain callback that runs now: what a step nested in it returns to. */
    VarMap callbackVars = VarMap.EMPTY;
    /** Not-done tasks, as an intrusive doubly linked list. */
    private Task<?> taskHead;
    private int taskCount;
    /**
     * The first {@link Error} that escaped a callback or ended a task under {@link Asyncio#run},
     * which rethrows it, as CPython lets BaseException out of the loop.
     */
    private Error fatal;
    /** The thread turning this loop was interrupted: Asyncio.run cancelled its main task, or the loop closed. */
    private boolean interrupted;
    /** Open task steps whose carried thread locals must be put back ({@link ThreadLocalCarrier}); null until needed. */
    ThreadLocalCarrier.Steps threadLocalSteps;

    // Counters for meters: written on the loop thread only, read racily by others (Kernel.LoopStats).
    long tasksCreated;
    long tasksCancelled;
    long tasksFailed;
    int readyDepth;

    private EventLoop(Builder b) {
        this.name = b.name != null ? b.name : "asyncio4j-loop-" + LOOP_IDS.incrementAndGet();
        this.virtualTime = b.virtualTime;
        this.debug = b.debug;
        this.slowCallbackNanos = b.slowCallbackDuration.toNanos();
        this.eagerTasks = b.eagerTasks;
        this.shutdownTimeoutNanos = b.shutdownTimeout.toNanos();
        this.exceptionHandler = b.exceptionHandler;
        this.ticker = b.ticker;
        this.log = b.logger != null ? b.logger : LOG;
        this.clockAtStart = virtualTime ? 0 : System.nanoTime();
    }

    // ------------------------------------------------------------------------------------------
    // Creation and identity
    // ------------------------------------------------------------------------------------------

    /**
     * Starts a loop on a new daemon thread with the given name.
     *
     * @param name the name of the loop and of its thread
     * @return the running loop
     * @throws NullPointerException if {@code name} is {@code null}
     */
    public static EventLoop start(String name) {
        return builder().name(name).start();
    }

    /**
     * A builder for a loop with options: name, virtual time, debug mode, exception handler, eager tasks.
     *
     * @return a new builder with the defaults (real time, not debug, lazy tasks, logging handler)
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The loop whose thread is the calling thread (asyncio's {@code get_running_loop()} without the error).
     *
     * @return the loop running on this thread, or empty
     */
    public static Optional<EventLoop> current() {
        return Optional.ofNullable(currentOrNull());
    }

    /**
     * The loop whose thread is the calling thread (asyncio's {@code get_running_loop()}).
     *
     * @return the loop running on this thread
     * @throws IllegalStateException {@code "no running event loop"} when the calling thread runs none
     */
    public static EventLoop running() {
        EventLoop loop = currentOrNull();
        if (loop == null) {
            throw new IllegalStateException("no running event loop");
        }
        return loop;
    }

    static EventLoop currentOrNull() {
        Thread t = Thread.currentThread();
        if (t instanceof LoopThread lt) {
            return lt.loop;
        }
        return BORROWED.get();
    }

    /** Whether the calling thread is this loop's thread. */
    boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    /**
     * The loop's name (also its thread's name when it has its own thread).
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * The loop's clock (asyncio's {@code loop.time()}): monotonic nanoseconds, virtual on a
     * virtual-time loop (starting at 0). Any thread.
     *
     * @return the current time of this loop's clock in nanoseconds
     */
    public long time() {
        return virtualTime ? virtualNow : System.nanoTime();
    }

    /**
     * Whether this loop runs on virtual time ({@link Builder#virtualTime()}).
     *
     * @return {@code true} for a virtual-time loop
     */
    public boolean isVirtualTime() {
        return virtualTime;
    }

    /**
     * Whether debug mode is on ({@link Builder#debug(boolean)}): slow callbacks are reported.
     *
     * @return {@code true} in debug mode
     */
    public boolean isDebug() {
        return debug;
    }

    /**
     * Whether the loop is running: its thread (or the thread of {@link Asyncio#run}) is turning it
     * and it is not closed.
     *
     * @return {@code true} while the loop runs
     */
    public boolean isRunning() {
        return thread != null && state != CLOSED;
    }

    /**
     * Whether {@link #close()} has finished: the loop rejects all new work.
     *
     * @return {@code true} once closed
     */
    public boolean isClosed() {
        return state == CLOSED;
    }

    // ------------------------------------------------------------------------------------------
    // Callbacks and timers
    // ------------------------------------------------------------------------------------------

    /**
     * Runs {@code cb} on the loop in a later iteration, after the callbacks already queued
     * (asyncio's {@code call_soon}): FIFO, each exactly once, in the {@link ContextVar} context of
     * the caller. Meant for the loop thread; from another thread it behaves as
     * {@link #callSoonThreadsafe(Runnable)}.
     *
     * @param cb the callback; an exception it throws goes to the exception handler
     * @return a handle whose {@code dispose()} makes the loop skip the callback
     * @throws NullPointerException if {@code cb} is {@code null}
     * @throws RejectedExecutionException {@code "event loop is closed"} after {@link #close()}
     */
    public Disposable callSoon(Runnable cb) {
        Objects.requireNonNull(cb, "cb");
        checkOpen();
        Handle h = new Handle(this, cb, VarMap.capture());
        if (inLoop()) {
            ready.add(h);
        } else {
            execute(h);
        }
        return h;
    }

    /**
     * Runs {@code cb} on the loop in a later iteration, from any thread, waking the loop if it
     * sleeps (asyncio's {@code call_soon_threadsafe}).
     *
     * @param cb the callback; an exception it throws goes to the exception handler
     * @return a handle whose {@code dispose()} makes the loop skip the callback
     * @throws NullPointerException if {@code cb} is {@code null}
     * @throws RejectedExecutionException {@code "event loop is closed"} after {@link #close()}
     */
    public Disposable callSoonThreadsafe(Runnable cb) {
        Objects.requireNonNull(cb, "cb");
        Handle h = new Handle(this, cb, VarMap.capture());
        execute(h);
        return h;
    }

    /**
     * Runs {@code cb} on the loop once {@code delay} has passed on the loop's clock (asyncio's
     * {@code call_later}); a zero or negative delay means "as soon as possible", after the
     * callbacks already queued. Any thread.
     *
     * @param delay how long to wait; negative is allowed and fires at once (in deadline order)
     * @param cb the callback
     * @return a handle whose {@code dispose()} cancels the timer (removing it from the heap at once)
     * @throws NullPointerException if {@code delay} or {@code cb} is {@code null}
     * @throws RejectedExecutionException {@code "event loop is closed"} after {@link #close()}
     */
    public Disposable callLater(Duration delay, Runnable cb) {
        Objects.requireNonNull(delay, "delay");
        Objects.requireNonNull(cb, "cb");
        return callAt(deadline(delay), cb);
    }

    /**
     * Runs {@code cb} on the loop when its clock reaches {@code whenNanos} (asyncio's {@code call_at};
     * compare with {@link #time()}). Any thread.
     *
     * @param whenNanos the deadline on this loop's clock
     * @param cb the callback
     * @return a handle whose {@code dispose()} cancels the timer
     * @throws NullPointerException if {@code cb} is {@code null}
     * @throws RejectedExecutionException {@code "event loop is closed"} after {@link #close()}
     */
    public Disposable callAt(long whenNanos, Runnable cb) {
        Objects.requireNonNull(cb, "cb");
        checkOpen();
        TimedHandle h = new TimedHandle(this, cb, VarMap.capture());
        h.when = whenNanos;
        if (inLoop()) {
            timers.add(h);
        } else {
            execute(() -> {
                if (!h.isDisposed()) {
                    timers.add(h);
                }
            });
        }
        return h;
    }

    /** The deadline {@code delay} from now, saturating instead of overflowing for absurd delays. */
    long deadline(Duration delay) {
        return deadlineAfter(saturatedNanos(delay));
    }

    /** The deadline {@code nanos} from now on this loop's clock, saturating. */
    long deadlineAfter(long nanos) {
        long now = time();
        long when = now + nanos;
        if (nanos > 0 && when < now) {
            return Long.MAX_VALUE;
        }
        if (nanos < 0 && when > now) {
            return Long.MIN_VALUE;
        }
        return when;
    }

    static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException tooLong) {
            return d.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    // ------------------------------------------------------------------------------------------
    // Tasks and futures
    // ------------------------------------------------------------------------------------------

    /**
     * Wraps {@code body} in a task on this loop (asyncio's {@code loop.create_task}): the task
     * subscribes the cold {@code body} on the loop in the next iteration (or at once, up to its
     * first suspension, with {@link Builder#eagerTasks(boolean)}), and caches its outcome. Its name
     * is {@code "Task-N"}. Any thread; the task runs in a copy of the caller's {@link ContextVar}s.
     *
     * @param body the task's body, a cold {@code Mono}
     * @param <T> the value type
     * @return the task, a hot {@code Mono} that any number of subscribers may await
     * @throws NullPointerException if {@code body} is {@code null}
     * @throws RejectedExecutionException {@code "event loop is closed"} after {@link #close()}
     */
    public <T> Task<T> createTask(Mono<T> body) {
        return createTask(body, null);
    }

    /**
     * As {@link #createTask(Mono)}, with a name.
     *
     * @param body the task's body, a cold {@code Mono}
     * @param name the task's name; {@code null} gives the default {@code "Task-N"}
     * @param <T> the value type
     * @return the task
     * @throws NullPointerException if {@code body} is {@code null}
     * @throws RejectedExecutionException {@code "event loop is closed"} after {@link #close()}
     */
    public <T> Task<T> createTask(Mono<T> body, String name) {
        Objects.requireNonNull(body, "body");
        checkOpen();
        boolean onLoop = inLoop();
        Task<T> task = new Task<>(this, body, name, ThreadLocalCarrier.capture(onLoop ? currentVars : VarMap.current()),
                onLoop ? currentTask : null);
        if (onLoop) {
            registerTask(task);
            if (eagerTasks) {
                task.start();
            } else {
                ready.add(task);
            }
        } else {
            offer(task);
        }
        return task;
    }

    /**
     * Creates a pending future bound to this loop (asyncio's {@code loop.create_future()}).
     *
     * @param <T> the value type
     * @return a new pending future
     * @throws RejectedExecutionException {@code "event loop is closed"} after {@link #close()}
     */
    public <T> AsyncFuture<T> createFuture() {
        checkOpen();
        return new AsyncFuture<>(this);
    }

    /**
     * Runs {@code body} as a task on this loop from any thread and returns a
     * {@link CompletableFuture} of its outcome (asyncio's {@code run_coroutine_threadsafe}).
     * Cancelling the {@code CompletableFuture} cancels the task; a task cancelled inside the loop
     * cancels the {@code CompletableFuture}, as {@link #close()} does to the tasks it cancels. A
     * task that outlives {@code close()} (still running after the shutdown timeout) completes it
     * with {@code RejectedExecutionException("event loop is closed")}, never leaves it pending.
     *
     * @param body the task's body
     * @param <T> the value type
     * @return a future completed on the loop thread with the task's outcome
     * @throws NullPointerException if {@code body} is {@code null}
     * @throws RejectedExecutionException {@code "event loop is closed"} after {@link #close()}
     */
    public <T> CompletableFuture<T> submit(Mono<T> body) {
        return TaskCompletableFuture.of(createTask(body));
    }

    /**
     * A cold {@code Mono} that runs {@code body} as a new task on this loop for each subscription
     * and relays its outcome; cancelling the subscription cancels the task. Subscribed from a task
     * of another loop, the outcome is delivered on that task's loop (a task tree never leaves the
     * loop it started on); from a plain thread, on this loop's thread.
     *
     * @param body the task's body
     * @param <T> the value type
     * @return a cold Mono running {@code body} on this loop
     * @throws NullPointerException if {@code body} is {@code null}
     */
    public <T> Mono<T> spawn(Mono<T> body) {
        Objects.requireNonNull(body, "body");
        return Mono.defer(() -> createTask(body));
    }

    /**
     * The tasks of this loop that are not done yet (asyncio's {@code all_tasks()}). Any thread:
     * off the loop it waits for the loop to answer.
     *
     * @return a snapshot, in creation order
     */
    public Set<Task<?>> allTasks() {
        return onLoopAndWait(() -> {
            // The list is newest first (registration prepends): reverse it into creation order.
            ArrayDeque<Task<?>> newestLast = new ArrayDeque<>(taskCount);
            for (Task<?> t = taskHead; t != null; t = t.nextTask) {
                newestLast.addFirst(t);
            }
            return Collections.unmodifiableSet(new LinkedHashSet<>(newestLast));
        }, Set.of());
    }

    /**
     * A human-readable tree of the pending tasks: each task's name and state, what it awaits now,
     * and the tasks it created below it. Any thread.
     *
     * @return the dump, one task a line
     */
    public String dumpTasks() {
        return onLoopAndWait(() -> TaskDump.dump(this, taskHead), "");
    }

    // ------------------------------------------------------------------------------------------
    // Closing
    // ------------------------------------------------------------------------------------------

    /**
     * Closes the loop: cancels every task, lets them finish (at most the builder's
     * {@link Builder#shutdownTimeout(Duration) shutdown timeout}), reports failures nobody
     * retrieved, then stops the thread. Idempotent. Called from another thread it returns once the
     * loop's thread has ended; called on the loop's own thread (from a task) it returns at once and
     * the loop closes when the running callback returns. Afterwards {@code createTask},
     * {@code callSoon} and friends throw {@code RejectedExecutionException("event loop is closed")},
     * and a plain thread or a task of another loop still awaiting a future of this loop that stays
     * pending (one nobody set, a task still running after the shutdown timeout) gets that error
     * instead of waiting forever.
     * Same as {@link #dispose()}.
     */
    @Override
    public void close() {
        Thread t = thread;
        if (state != CLOSED) {
            closeRequested = true;
            wake();
            if (t == null) {
                finishClose();
                return;
            }
        }
        if (t instanceof LoopThread && !inLoop()) {
            // Wait for the thread itself, not only for the loop's last callback: once close()
            // returns, the loop's thread is gone (also for a second close() racing the first).
            try {
                t.join(TimeUnit.NANOSECONDS.toMillis(shutdownTimeoutNanos) + 5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (t.isAlive()) {
                warn("Event loop " + name + " did not stop in time after close()");
            }
        }
    }

    private void checkOpen() {
        if (state == CLOSED) {
            throw new RejectedExecutionException("event loop is closed");
        }
    }

    // ------------------------------------------------------------------------------------------
    // Scheduler
    // ------------------------------------------------------------------------------------------

    /**
     * {@link Scheduler}: runs {@code task} on the loop thread in a later iteration. Any thread.
     *
     * @throws RejectedExecutionException {@code "event loop is closed"} after {@link #close()}
     */
    @Override
    public Disposable schedule(Runnable task) {
        Objects.requireNonNull(task, "task");
        return callSoonThreadsafe(task);
    }

    /**
     * {@link Scheduler}: runs {@code task} on the loop thread after {@code delay} of loop time.
     *
     * @throws RejectedExecutionException {@code "event loop is closed"} after {@link #close()}
     */
    @Override
    public Disposable schedule(Runnable task, long delay, TimeUnit unit) {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(unit, "unit");
        return callLater(Duration.ofNanos(unit.toNanos(delay)), task);
    }

    /**
     * {@link Scheduler}: runs {@code task} on the loop thread every {@code period} of loop time,
     * first after {@code initialDelay}, until disposed.
     *
     * @throws RejectedExecutionException {@code "event loop is closed"} after {@link #close()}
     */
    @Override
    public Disposable schedulePeriodically(Runnable task, long initialDelay, long period, TimeUnit unit) {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(unit, "unit");
        if (period <= 0) {
            throw new IllegalArgumentException("period must be > 0, got " + period + " " + unit
                    + ": use schedule(task, delay, unit) for a one-shot");
        }
        PeriodicTask p = new PeriodicTask(this, task, unit.toNanos(period));
        p.arm(time() + unit.toNanos(Math.max(0, initialDelay)));
        return p;
    }

    /**
     * {@link Scheduler}: the loop's clock as epoch time: the wall-clock time the loop started plus
     * the loop time that has passed since (virtual on a virtual-time loop).
     */
    @Override
    public long now(TimeUnit unit) {
        long elapsed = time() - clockAtStart;
        return unit.convert(epochMillisAtStart, TimeUnit.MILLISECONDS) + unit.convert(elapsed, TimeUnit.NANOSECONDS);
    }

    /** {@link Scheduler}: a worker running on the loop; disposing it cancels what it scheduled. */
    @Override
    public Worker createWorker() {
        return new LoopWorker(this);
    }

    /** {@link Scheduler}: the same as {@link #close()}. */
    @Override
    public void dispose() {
        close();
    }

    /** {@link Scheduler}: the same as {@link #isClosed()}. */
    @Override
    public boolean isDisposed() {
        return isClosed();
    }

    /** {@link Scheduler}: does nothing; a loop runs from the moment it is built. */
    @Override
    public void start() {
        // A loop is started by its builder or by Asyncio.run: there is nothing to start here.
    }

    /** {@link Scheduler}: does nothing; a loop runs from the moment it is built. */
    @Override
    public void init() {
        // Same as start(): nothing to do.
    }

    @Override
    public String toString() {
        return "EventLoop[" + name + (virtualTime ? ", virtual time" : "")
                + (state == CLOSED ? ", closed" : closeRequested ? ", closing" : isRunning() ? ", running" : "") + "]";
    }

    // ------------------------------------------------------------------------------------------
    // Internals: the running loop
    // ------------------------------------------------------------------------------------------

    /** Queues {@code r} from any thread and wakes the loop. */
    void execute(Runnable r) {
        offer(r);
    }

    /** Queues a {@link Runnable} or a task's first step from any thread and wakes the loop. */
    private void offer(Object r) {
        if (state == CLOSED) {
            throw new RejectedExecutionException("event loop is closed");
        }
        incoming.offer(r);
        if (state == CLOSED) {
            // The loop closed between the check and the offer: its last drain may have missed r.
            // Both sides write (state, the queue) before they read the other: whoever comes second
            // sees the other's write, so r is rejected exactly once, here or by finishClose.
            rejectLeftovers();
            return;
        }
        wake();
    }

    /**
     * Work handed to the loop from another thread that must hear of it when the loop closes before
     * running it, because somebody waits for its outcome (a task created off the loop, a
     * {@code submit}'s future, a thread waiting in {@link #onLoopAndWait}).
     */
    interface Rejectable {
        /** The loop closed before running this; called once, on whichever thread drains it. */
        void rejected();
    }

    /**
     * Drains the queue of a closed loop, telling each {@link Rejectable} item it will never run.
     * Any thread; a work-in-progress counter keeps the single-consumer queue to one consumer at a
     * time, and the last thread to offer is the one that drains.
     */
    private void rejectLeftovers() {
        if (REJECTING.getAndIncrement(this) != 0) {
            return;
        }
        int missed = 1;
        do {
            Object r;
            while ((r = incoming.poll()) != null) {
                reject(r);
            }
            missed = REJECTING.addAndGet(this, -missed);
        } while (missed != 0);
    }

    /**
     * Appends {@code r} to the ready queue: it runs in the next iteration, after what is queued
     * already. Loop thread only. (Not named {@code schedule}: that is the thread-safe
     * {@link Scheduler} method, which an internal call must never pick by accident.)
     */
    void enqueue(Runnable r) {
        ready.add(r);
    }

    void addTimer(TimerHandle t) {
        timers.add(t);
    }

    boolean removeTimer(TimerHandle t) {
        return timers.remove(t);
    }

    /** Runs {@code r} on the loop: at once when called there, else queued. */
    void runOnLoop(Runnable r) {
        if (inLoop()) {
            r.run();
        } else {
            execute(r);
        }
    }

    /** Computes {@code s} on the loop thread, waiting for it from other threads; {@code whenClosed} once closed. */
    <R> R onLoopAndWait(Supplier<R> s, R whenClosed) {
        if (inLoop() || thread == null) {
            return s.get();
        }
        CompletableFuture<R> cf = new CompletableFuture<>();
        final class Call implements Runnable, Rejectable {
            @Override
            public void run() {
                try {
                    cf.complete(s.get());
                } catch (Throwable t) {
                    cf.completeExceptionally(t);
                }
            }

            @Override
            public void rejected() {
                cf.complete(whenClosed);
            }
        }
        try {
            execute(new Call());
        } catch (RejectedExecutionException closed) {
            return whenClosed;
        }
        try {
            return cf.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for event loop " + name, e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw Failures.propagate(e.getCause());
        }
    }

    private void wake() {
        if (sleeping) {
            Thread t = thread;
            if (t != null) {
                LockSupport.unpark(t);
            }
        }
    }

    void setCurrentVars(VarMap vars) {
        currentVars = vars;
        Task<?> t = currentTask;
        if (t != null) {
            t.vars = vars;
        }
    }

    /** Makes {@code task} the running task for a step; returns what to restore with {@link #exitStep}. */
    Task<?> enterStep(Task<?> task) {
        Task<?> previous = currentTask;
        currentTask = task;
        currentVars = task.vars;
        task.running++;
        if (ThreadLocalCarrier.carrier != null) {
            ThreadLocalCarrier.enterStep(this, task);
        }
        return previous;
    }

    void exitStep(Task<?> task, Task<?> previous) {
        if (threadLocalSteps != null) {
            ThreadLocalCarrier.exitStep(threadLocalSteps, task);
        }
        task.running--;
        if (task.running == 0) {
            task.stepEnded();
        }
        currentTask = previous;
        currentVars = previous != null ? previous.vars : callbackVars;
    }

    /**
     * Scopes cancelled during a step that found no await point, each after its task: the task's
     * {@code stepEnded} looks at its own again (steps of several tasks may nest: eager tasks).
     * Rare, so kept here rather than in every task; {@code null} until needed.
     */
    @Nullable private ArrayList<Object> scopesCancelledInStep;

    void scopeCancelledInStep(Task<?> task, CancelScope scope) {
        ArrayList<Object> l = scopesCancelledInStep;
        if (l == null) {
            l = new ArrayList<>(4);
            scopesCancelledInStep = l;
        }
        l.add(task);
        l.add(scope);
    }

    /** Takes the scopes of {@code task} noted by {@link #scopeCancelledInStep}, in order; {@code null} when none. */
    @Nullable
    List<CancelScope> takeScopesCancelledInStep(Task<?> task) {
        ArrayList<Object> l = scopesCancelledInStep;
        if (l == null || l.isEmpty()) {
            return null;
        }
        List<CancelScope> mine = null;
        int kept = 0;
        for (int i = 0; i < l.size(); i += 2) {
            Object t = l.get(i);
            CancelScope s = (CancelScope) l.get(i + 1);
            if (t == task) {
                if (mine == null) {
                    mine = new ArrayList<>(2);
                }
                mine.add(s);
            } else {
                l.set(kept++, t);
                l.set(kept++, s);
            }
        }
        l.subList(kept, l.size()).clear();
        return mine;
    }

    void registerTask(Task<?> t) {
        t.registered = true;
        Task<?> head = taskHead;
        t.nextTask = head;
        if (head != null) {
            head.prevTask = t;
        }
        taskHead = t;
        taskCount++;
        tasksCreated++;
    }

    void unregisterTask(Task<?> t) {
        if (!t.registered) {
            return;
        }
        t.registered = false;
        Task<?> prev = t.prevTask;
        Task<?> next = t.nextTask;
        if (prev != null) {
            prev.nextTask = next;
        } else {
            taskHead = next;
        }
        if (next != null) {
            next.prevTask = prev;
        }
        t.prevTask = null;
        t.nextTask = null;
        taskCount--;
        if (t.state == AsyncFuture.CANCELLED) {
            tasksCancelled++;
        } else if (t.state == AsyncFuture.FAILED) {
            tasksFailed++;
        }
    }

    int taskCount() {
        return taskCount;
    }

    boolean isEager() {
        return eagerTasks;
    }

    void taskEndedWithError(Task<?> task, Error e) {
        if (stopWith(e)) {
            task.markRetrieved();
        }
    }

    /**
     * An {@link Error} escaped a callback or ended a task: asyncio's {@code SystemExit} or
     * {@code KeyboardInterrupt}, which leave {@code run_forever}. Under {@link Asyncio#run} it stops
     * the loop and {@code run} rethrows it (after the shutdown has cancelled and awaited the other
     * tasks). A loop on its own thread has no caller to throw to, and the first Error of a run is
     * the one rethrown: returns {@code false} so the caller reports this one instead.
     */
    private boolean stopWith(Error e) {
        if (fatal != null || thread instanceof LoopThread) {
            return false;
        }
        fatal = e;
        return true;
    }

    /**
     * The loop's own warnings (slow callbacks, a shutdown that timed out). One method, so the
     * bridge's BlockHound integration can let the loop write its log on its thread.
     */
    void warn(String message) {
        log.warn(message);
    }

    /** Whether {@code t} turns a loop: a loop's own thread or a thread inside {@link Asyncio#run}. */
    static boolean isLoopThread(Thread t) {
        return t instanceof LoopThread || BORROWED_THREADS.contains(t);
    }

    /** Reports {@code t} to the exception handler (asyncio's {@code call_exception_handler}). */
    void reportException(String context, Throwable t) {
        if (exceptionHandler == null) {
            logError(context + " [" + name + "]", t);
            return;
        }
        try {
            exceptionHandler.accept(this, t);
        } catch (Throwable broken) {
            Exceptions.throwIfJvmFatal(broken);
            broken.addSuppressed(t);
            logError("Unhandled error in exception handler of " + name + " (while reporting: " + context + ")", broken);
        }
    }

    /**
     * Told of every error a loop writes to its default log (what reaches the default exception
     * handler, an exception handler that throws, a loop stopped by a fatal error), before it is
     * logged. Not API: the test suites install one to fail a test whose loop reported an error
     * nobody looked at (issue 8). A loop built with its own {@code logger} is not observed: its
     * owner reads that log.
     */
    @Nullable
    static volatile BiConsumer<String, Throwable> defaultLogObserver;

    /** The loop's own error log (the default exception handler): one method, for the same reason as {@link #warn}. */
    void logError(String message, Throwable t) {
        BiConsumer<String, Throwable> observer = defaultLogObserver;
        if (observer != null && log == LOG) {
            observer.accept(message, t);
        }
        log.error(message, t);
    }

    /** Binds this loop to the calling thread and turns it until the main task is done (Asyncio.run). */
    void runBorrowed(Task<?> main) {
        Thread me = Thread.currentThread();
        thread = me;
        BORROWED.set(this);
        BORROWED_THREADS.add(me);
        try {
            while (!main.isDone() && !closeRequested && fatal == null) {
                runOnce(Long.MAX_VALUE);
                if (Thread.interrupted()) {
                    // An interrupt is Java's Ctrl-C: as asyncio.run's SIGINT handler does, cancel the
                    // main task and let it end its own way (RUN-08); Asyncio.run sets the flag again
                    // when it returns. Left set, the flag would make every park() return at once.
                    interrupted = true;
                    main.cancel();
                }
            }
        } finally {
            BORROWED.remove();
            BORROWED_THREADS.remove(me);
        }
    }

    /** Re-binds to the calling thread for the shutdown phase of Asyncio.run. */
    void runBorrowedShutdown() {
        Thread me = Thread.currentThread();
        BORROWED.set(this);
        BORROWED_THREADS.add(me);
        try {
            shutdown(false);
        } finally {
            BORROWED.remove();
            BORROWED_THREADS.remove(me);
            finishClose();
        }
    }

    Error fatal() {
        return fatal;
    }

    /** Whether the thread turning this loop was interrupted while it did (Asyncio.run restores the flag). */
    boolean wasInterrupted() {
        return interrupted;
    }

    private void runOwnThread() {
        try {
            while (!closeRequested) {
                runOnce(Long.MAX_VALUE);
                if (Thread.interrupted()) {
                    // Interrupting a loop's own thread asks it to stop, as shutdownNow() asks a
                    // pool's threads: close, letting the tasks clean up. Left set, the flag would
                    // make every park() return at once.
                    interrupted = true;
                    closeRequested = true;
                }
            }
            shutdown(true);
        } catch (Throwable t) {
            logError("Event loop " + name + " stopped by a fatal error", t);
            throw t;
        } finally {
            finishClose();
        }
    }

    /**
     * Cancels every task and turns the loop until they are done (at most the shutdown timeout when
     * {@code bounded}); a task that ends with a failure other than the cancellation is reported.
     */
    private void shutdown(boolean bounded) {
        state = CLOSING;
        Error fatalBefore = fatal;
        long deadline = System.nanoTime() + shutdownTimeoutNanos;
        // A task created from another thread whose first step is still queued is a task too:
        // register it so that it is cancelled (its body never runs) and its done callbacks, such
        // as the CompletableFuture of submit(), hear of it.
        drainIncoming();
        for (Object r : ready) {
            if (r instanceof Task<?> task && !task.registered && task.state == AsyncFuture.PENDING) {
                registerTask(task);
            }
        }
        List<Task<?>> cancelled = cancelAllTasks();
        while (taskCount > 0) {
            long left = deadline - System.nanoTime();
            if (bounded && left <= 0) {
                warn("Event loop " + name + " closed with " + taskCount + " task(s) still running after "
                        + Duration.ofNanos(shutdownTimeoutNanos) + ":\n" + TaskDump.dump(this, taskHead));
                break;
            }
            runOnce(bounded ? left : Long.MAX_VALUE);
            if (Thread.interrupted()) {
                // Interrupted while the cancelled tasks clean up (asyncio's second Ctrl-C): stop waiting.
                interrupted = true;
                warn("Event loop " + name + " interrupted while closing, with " + taskCount
                        + " task(s) still running:\n" + TaskDump.dump(this, taskHead));
                break;
            }
            // An Error that stopped Asyncio.run still lets the other tasks clean up, as CPython's
            // runner cancels and awaits them after a KeyboardInterrupt; only a new one stops the shutdown.
            if (fatal != fatalBefore) {
                break;
            }
        }
        // The last tasks to finish have scheduled their done callbacks and awaiters (submit()'s
        // CompletableFuture, a plain thread blocked on a task): run them before the loop closes,
        // as CPython's runner turns the loop again after the tasks it cancelled are done.
        if (!ready.isEmpty()) {
            runOnce(0);
        }
        for (Task<?> t : cancelled) {
            if (t.state == AsyncFuture.FAILED && t.outcome != fatal) {
                t.markRetrieved();
                reportException("unhandled exception during event loop shutdown in " + t, (Throwable) t.outcome);
            }
        }
    }

    List<Task<?>> cancelAllTasks() {
        List<Task<?>> all = new ArrayList<>(taskCount);
        for (Task<?> t = taskHead; t != null; t = t.nextTask) {
            all.add(t);
        }
        for (Task<?> t : all) {
            t.cancel();
        }
        return all;
    }

    /** Reports what nobody retrieved, rejects what is still queued, and marks the loop closed. */
    private void finishClose() {
        if (state == CLOSED) {
            return;
        }
        for (Unretrieved u : new ArrayList<>(unretrieved)) {
            u.report();
        }
        state = CLOSED;
        // What the last turns left queued: a task that never started is cancelled instead of
        // started, a thread waiting for its work is told, and the done callbacks and wake-ups of
        // what finished are delivered, so nobody waits forever on a closed loop. From here on a
        // racing execute() rejects its own work (see there). Bounded: a callback that keeps
        // rescheduling itself does not hold the close.
        for (int pass = 0; pass < FINAL_PASSES && !(ready.isEmpty() && incoming.isEmpty()); pass++) {
            rejectLeftovers();
            for (int i = ready.size(); i > 0; i--) {
                Object r = ready.poll();
                if (!reject(r)) {
                    runCallback(r);
                }
            }
        }
        ready.clear();
        timers.clear();
        rejectForeignWaiters();
    }

    /**
     * A link of another thread or loop into the callback chain of a pending future of this loop
     * (an awaiter of a plain thread or of another loop's task, a {@code submit()}'s
     * {@code CompletableFuture}): should the loop close with it still linked, the future pending
     * (nobody set it, or its task still runs after the shutdown timeout) or its outcome not yet
     * delivered, it is told, so that nobody off the loop waits forever.
     */
    interface ForeignWaiter {
        /** The loop closed with this still linked: unlink, then deliver the outcome, or "event loop is closed". */
        void loopClosed();
    }

    /** Tracks what another thread or loop waits for on a pending future of this loop (loop thread). */
    void trackForeignWaiter(ForeignWaiter w) {
        if (state == CLOSED) {
            // Linked by code that ran while the loop closed (a subscriber told of the close that
            // subscribes again): nobody is left to tell it later.
            w.loopClosed();
            return;
        }
        Set<ForeignWaiter> s = foreignWaiters;
        if (s == null) {
            s = new LinkedHashSet<>();
            foreignWaiters = s;
        }
        s.add(w);
    }

    /** It heard of its future, or left (loop thread). */
    void untrackForeignWaiter(ForeignWaiter w) {
        Set<ForeignWaiter> s = foreignWaiters;
        if (s != null) {
            s.remove(w);
        }
    }

    /** Tells what other threads and loops still wait for on this closed loop (see {@link ForeignWaiter}). */
    private void rejectForeignWaiters() {
        Set<ForeignWaiter> s = foreignWaiters;
        foreignWaiters = null;
        if (s == null) {
            return;
        }
        for (ForeignWaiter w : s) {
            try {
                w.loopClosed();
            } catch (Throwable t) {
                Exceptions.throwIfJvmFatal(t);
                reportException("Exception while telling " + describe(w) + " that event loop " + name + " closed", t);
            }
        }
    }

    /** How many times {@link #finishClose()} empties the ready queue at most. */
    private static final int FINAL_PASSES = 100;

    /** Rejects {@code r} if it is a task's first step or a {@link Rejectable}; {@code false} for other work. */
    private boolean reject(Object r) {
        try {
            if (r instanceof Task<?> task) {
                task.rejectUnstarted();
                return true;
            }
            if (r instanceof Rejectable x) {
                x.rejected();
                return true;
            }
        } catch (Throwable t) {
            Exceptions.throwIfJvmFatal(t);
            reportException("Exception while rejecting " + describe(r) + " from closed event loop " + name, t);
            return true;
        }
        return false;
    }

    /** One iteration: take foreign work, sleep if idle, queue due timers, run what was ready. */
    void runOnce(long maxParkNanos) {
        drainIncoming();
        if (ready.isEmpty()) {
            idle(maxParkNanos);
        }
        TimerHandle t = timers.peek();
        if (t != null) {
            // The clock is read only when a timer may be due: on a real clock a read costs a
            // tenth of a task's life (an await chain takes two iterations per task).
            long now = time();
            while (t != null && t.when <= now) {
                timers.poll();
                ready.add(t);
                t = timers.peek();
            }
        }
        int n = ready.size();
        readyDepth = n;
        for (int i = 0; i < n; i++) {
            Object r = ready.poll();
            if (r == null) {
                break;
            }
            runCallback(r);
        }
    }

    private void idle(long maxParkNanos) {
        TimerHandle next = timers.peek();
        if (virtualTime) {
            if (next != null && externalWork.get() == 0) {
                if (next.when > virtualNow) {
                    virtualNow = next.when;
                }
                return;
            }
            park(maxParkNanos);
        } else {
            long wait = maxParkNanos;
            if (next != null) {
                wait = Math.min(wait, nanosUntil(next.when, System.nanoTime()));
            }
            if (wait > 0) {
                park(wait);
            }
        }
        drainIncoming();
    }

    /**
     * {@code deadline - now} without wrapping around: absurd delays saturate deadlines at
     * {@code Long.MIN_VALUE}/{@code MAX_VALUE}, and a wrapped difference would park a loop with a
     * long-overdue timer for centuries (or spin on one due in centuries).
     */
    static long nanosUntil(long deadline, long now) {
        long d = deadline - now;
        if (((deadline ^ now) & (deadline ^ d)) < 0) {
            return deadline < now ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return d;
    }

    private void park(long nanos) {
        sleeping = true;
        try {
            if (incoming.isEmpty() && !closeRequested) {
                if (nanos == Long.MAX_VALUE) {
                    LockSupport.park(this);
                } else {
                    LockSupport.parkNanos(this, nanos);
                }
            }
        } finally {
            sleeping = false;
        }
    }

    private void drainIncoming() {
        Object r;
        while ((r = incoming.poll()) != null) {
            ready.add(r);
        }
    }

    private void runCallback(Object r) {
        long start = debug ? ticker.getAsLong() : 0L;
        try {
            if (r instanceof Task<?> task) {
                task.start();
            } else {
                ((Runnable) r).run();
            }
        } catch (Throwable t) {
            Exceptions.throwIfJvmFatal(t);
            if (!(t instanceof Error e && stopWith(e))) {
                reportException("Exception in callback " + describe(r), t);
            }
        }
        if (debug) {
            long took = ticker.getAsLong() - start;
            if (took >= slowCallbackNanos) {
                warn(String.format(Locale.ROOT, "Executing %s took %.3f seconds", describe(r), took / 1e9));
            }
        }
    }

    private static String describe(Object r) {
        if (r instanceof Task<?> task) {
            return "<Task " + task.getName() + " step>";
        }
        if (r instanceof Waiter w && w.task != null) {
            return "<Task " + w.task.getName() + " step: " + w.describe() + ">";
        }
        if (r instanceof DoneLink l) {
            return "<" + l.describe() + ">";
        }
        return "<Handle " + r + ">";
    }

    // ------------------------------------------------------------------------------------------
    // The builder
    // ------------------------------------------------------------------------------------------

    /** Options for a new loop; {@link #start()} builds it on a thread of its own. */
    public static final class Builder {

        private String name;
        private boolean virtualTime;
        private boolean debug;
        private Duration slowCallbackDuration = DEFAULT_SLOW_CALLBACK;
        private Duration shutdownTimeout = DEFAULT_SHUTDOWN_TIMEOUT;
        private BiConsumer<EventLoop, Throwable> exceptionHandler;
        private boolean eagerTasks;
        private LongSupplier ticker = System::nanoTime;
        private Logger logger;

        private Builder() {
        }

        /**
         * The loop's name, also its thread's; default {@code "asyncio4j-loop-N"}.
         *
         * @param name the name
         * @return this builder
         * @throws NullPointerException if {@code name} is {@code null}
         */
        public Builder name(String name) {
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        /**
         * A virtual clock that jumps to the next timer whenever the loop is idle (Trio's autojump
         * clock): for tests and simulations.
         *
         * @return this builder
         */
        public Builder virtualTime() {
            this.virtualTime = true;
            return this;
        }

        /**
         * Debug mode (asyncio's {@code loop.set_debug}): callbacks and task steps that run for
         * {@link #slowCallbackDuration(Duration)} or longer are logged as warnings, with the task's name.
         *
         * @param debug whether to turn debug mode on
         * @return this builder
         */
        public Builder debug(boolean debug) {
            this.debug = debug;
            return this;
        }

        /**
         * How long a callback may run before debug mode reports it (asyncio's
         * {@code slow_callback_duration}); default 100 ms.
         *
         * @param duration the threshold, positive
         * @return this builder
         * @throws NullPointerException if {@code duration} is {@code null}
         * @throws IllegalArgumentException if it is zero or negative
         */
        public Builder slowCallbackDuration(Duration duration) {
            Objects.requireNonNull(duration, "duration");
            if (duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException("slowCallbackDuration must be positive, got " + duration);
            }
            this.slowCallbackDuration = duration;
            return this;
        }

        /**
         * How long {@link EventLoop#close()} lets cancelled tasks finish their cleanup; default 10 s.
         *
         * @param timeout the bound, zero or positive
         * @return this builder
         * @throws NullPointerException if {@code timeout} is {@code null}
         * @throws IllegalArgumentException if it is negative
         */
        public Builder shutdownTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative()) {
                throw new IllegalArgumentException("shutdownTimeout must not be negative, got " + timeout);
            }
            this.shutdownTimeout = timeout;
            return this;
        }

        /**
         * Who hears of errors nobody else can (asyncio's {@code set_exception_handler}): exceptions
         * escaping callbacks, task failures never retrieved, failures of tasks cancelled at
         * shutdown. Default: logged as errors through Reactor's {@code Loggers}.
         *
         * @param handler the handler; if it throws, that is logged too
         * @return this builder
         * @throws NullPointerException if {@code handler} is {@code null}
         */
        public Builder exceptionHandler(BiConsumer<EventLoop, Throwable> handler) {
            this.exceptionHandler = Objects.requireNonNull(handler, "handler");
            return this;
        }

        /**
         * Eager tasks (CPython 3.12's {@code eager_task_factory}): {@code createTask} on the loop
         * thread runs the body at once, up to its first suspension; a body that never suspends
         * gives an already-done task.
         *
         * @param eager whether tasks start eagerly
         * @return this builder
         */
        public Builder eagerTasks(boolean eager) {
            this.eagerTasks = eager;
            return this;
        }

        /** The clock debug mode times callbacks with (tests inject a fake one). */
        Builder ticker(LongSupplier ticker) {
            this.ticker = Objects.requireNonNull(ticker, "ticker");
            return this;
        }

        /** Where debug warnings and the default exception handler write (tests capture them). */
        Builder logger(Logger logger) {
            this.logger = Objects.requireNonNull(logger, "logger");
            return this;
        }

        /** A loop not bound to any thread yet: {@link Asyncio#run} turns it on the caller's thread. */
        EventLoop build() {
            return new EventLoop(this);
        }

        /**
         * Builds the loop and starts it on a new daemon thread, which is {@link NonBlocking}.
         *
         * @return the running loop
         */
        public EventLoop start() {
            EventLoop loop = build();
            LoopThread t = new LoopThread(loop);
            loop.thread = t;
            t.start();
            return loop;
        }
    }

    /** The thread of a loop that owns one: {@link NonBlocking}, so {@code block()} fails fast on it. */
    static final class LoopThread extends Thread implements NonBlocking {
        final EventLoop loop;
        /**
         * Set while {@link CancelledException#raisedBy} constructs a cancellation without a stack
         * trace on this thread: a plain field, as only this thread reads or writes it (a
         * ThreadLocal set, get and remove per cancellation cost a quarter of cancelling a task).
         */
        boolean stacklessCancellation;

        LoopThread(EventLoop loop) {
            super(loop.name);
            this.loop = loop;
            setDaemon(true);
        }

        @Override
        public void run() {
            loop.runOwnThread();
        }
    }

    /** A {@link Scheduler.Worker} on the loop: disposing it cancels everything it scheduled. */
    private static final class LoopWorker implements Worker {
        private final EventLoop loop;
        private final Disposable.Composite tasks = Disposables.composite();

        LoopWorker(EventLoop loop) {
            this.loop = loop;
        }

        @Override
        public Disposable schedule(Runnable task) {
            WorkerTask w = track(new WorkerTask(task));
            return w.scheduled(() -> loop.schedule(w));
        }

        @Override
        public Disposable schedule(Runnable task, long delay, TimeUnit unit) {
            WorkerTask w = track(new WorkerTask(task));
            return w.scheduled(() -> loop.schedule(w, delay, unit));
        }

        /** Joins the worker's set before it is scheduled, so it can never run before it is tracked. */
        private WorkerTask track(WorkerTask w) {
            if (!tasks.add(w)) {
                throw new RejectedExecutionException("worker is disposed");
            }
            return w;
        }

        @Override
        public Disposable schedulePeriodically(Runnable task, long initialDelay, long period, TimeUnit unit) {
            Disposable d = loop.schedulePeriodically(task, initialDelay, period, unit);
            if (!tasks.add(d)) {
                d.dispose();
                throw new RejectedExecutionException("worker is disposed");
            }
            return d;
        }

        @Override
        public void dispose() {
            tasks.dispose();
        }

        @Override
        public boolean isDisposed() {
            return tasks.isDisposed();
        }

        /** A one-shot task that leaves the worker's set once it has run or was disposed. */
        private final class WorkerTask implements Runnable, Disposable {
            private final Runnable task;
            private volatile Disposable handle;
            private volatile boolean disposed;

            WorkerTask(Runnable task) {
                this.task = Objects.requireNonNull(task, "task");
            }

            Disposable scheduled(Supplier<Disposable> schedule) {
                try {
                    handle = schedule.get();
                } catch (RejectedExecutionException closed) {
                    tasks.remove(this);
                    throw closed;
                }
                if (disposed) {
                    handle.dispose();
                }
                return this;
            }

            @Override
            public void run() {
                if (disposed) {
                    return;
                }
                disposed = true;
                try {
                    task.run();
                } finally {
                    tasks.remove(this);
                }
            }

            @Override
            public void dispose() {
                if (disposed) {
                    return;
                }
                disposed = true;
                Disposable h = handle;
                if (h != null) {
                    h.dispose();
                }
                tasks.remove(this);
            }

            @Override
            public boolean isDisposed() {
                return disposed;
            }
        }
    }
}
