package io.github.asyncio4j.bridge.micrometer;

import io.github.asyncio4j.EventLoop;
import io.github.asyncio4j.internal.Kernel;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import reactor.core.Disposable;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Micrometer meters for one {@link EventLoop}, tagged {@code loop=<name>}:
 *
 * <ul>
 *   <li>{@code asyncio4j.loop.tasks.created}, {@code .cancelled}, {@code .failed} (function
 *       counters): tasks registered on the loop, and those that ended cancelled or with an
 *       exception;</li>
 *   <li>{@code asyncio4j.loop.tasks.active} (gauge): tasks not done yet;</li>
 *   <li>{@code asyncio4j.loop.ready} (gauge): callbacks ready when the latest iteration began
 *       (the depth of the ready queue);</li>
 *   <li>{@code asyncio4j.loop.lag} (timer): how long a callback made ready waits before it runs.
 *       A probe, every {@code lagProbeInterval} (default 1 s), queues a callback from another
 *       thread and records the wall-clock time until the loop runs it, as Node.js's event-loop
 *       delay monitor does; one probe at a time, so a stalled loop shows as one long lag.</li>
 * </ul>
 *
 * <p>The counters are plain fields the loop updates on its own thread and these meters read
 * racily: they cost the loop nothing. Bind with {@code new EventLoopMetrics(loop).bindTo(registry)}
 * (for a group, once per {@code group.loops()} element); {@link #close()} stops the probe.
 * Micrometer is an optional dependency of asyncio4j: this class needs {@code micrometer-core}.
 */
public final class EventLoopMetrics implements MeterBinder, AutoCloseable {

    private static final Duration DEFAULT_PROBE_INTERVAL = Duration.ofSeconds(1);

    private final EventLoop loop;
    private final Kernel.LoopStats stats;
    private final Tags tags;
    private final Duration probeInterval;
    private final Scheduler probeScheduler;
    private final LongSupplier clock;
    private final AtomicBoolean probeInFlight = new AtomicBoolean();
    private volatile Timer lag;
    private volatile Disposable probing;
    private volatile boolean closed;

    /**
     * Meters for {@code loop}, tagged with its name, probing the lag every second.
     *
     * @param loop the loop to measure
     * @throws NullPointerException if {@code loop} is {@code null}
     */
    public EventLoopMetrics(EventLoop loop) {
        this(loop, Tags.empty(), DEFAULT_PROBE_INTERVAL);
    }

    /**
     * Meters for {@code loop}, with extra tags and a lag probe interval.
     *
     * @param loop the loop to measure
     * @param tags tags added to every meter, besides {@code loop=<name>}
     * @param lagProbeInterval how often to probe the lag; positive
     * @throws NullPointerException if an argument is {@code null}
     * @throws IllegalArgumentException if {@code lagProbeInterval} is zero or negative
     */
    public EventLoopMetrics(EventLoop loop, Iterable<Tag> tags, Duration lagProbeInterval) {
        this(loop, tags, lagProbeInterval, Schedulers.parallel(), System::nanoTime);
    }

    /** As above, with the scheduler that drives the probe and the clock it reads (tests use virtual ones). */
    EventLoopMetrics(EventLoop loop, Iterable<Tag> tags, Duration lagProbeInterval, Scheduler probeScheduler, LongSupplier clock) {
        this.loop = Objects.requireNonNull(loop, "loop");
        Objects.requireNonNull(tags, "tags");
        Objects.requireNonNull(lagProbeInterval, "lagProbeInterval");
        if (lagProbeInterval.isZero() || lagProbeInterval.isNegative()) {
            throw new IllegalArgumentException("lagProbeInterval must be positive, got " + lagProbeInterval);
        }
        this.stats = Kernel.access().stats(loop);
        this.tags = Tags.of(tags).and("loop", loop.name());
        this.probeInterval = lagProbeInterval;
        this.probeScheduler = probeScheduler;
        this.clock = clock;
    }

    /**
     * Registers the meters in {@code registry} and starts the lag probe (once, however many
     * registries it is bound to).
     *
     * @param registry where to register
     * @throws NullPointerException if {@code registry} is {@code null}
     */
    @Override
    public void bindTo(MeterRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        Kernel.LoopStats s = stats;
        FunctionCounter.builder("asyncio4j.loop.tasks.created", s, Kernel.LoopStats::tasksCreated)
                .tags(tags).baseUnit("tasks").description("Tasks registered on the event loop").register(registry);
        FunctionCounter.builder("asyncio4j.loop.tasks.cancelled", s, Kernel.LoopStats::tasksCancelled)
                .tags(tags).baseUnit("tasks").description("Tasks that ended cancelled").register(registry);
        FunctionCounter.builder("asyncio4j.loop.tasks.failed", s, Kernel.LoopStats::tasksFailed)
                .tags(tags).baseUnit("tasks").description("Tasks that ended with an exception").register(registry);
        Gauge.builder("asyncio4j.loop.tasks.active", s, Kernel.LoopStats::tasksActive)
                .tags(tags).baseUnit("tasks").description("Tasks not done yet").strongReference(true).register(registry);
        Gauge.builder("asyncio4j.loop.ready", s, Kernel.LoopStats::readyDepth)
                .tags(tags).baseUnit("callbacks").description("Callbacks ready when the latest loop iteration began")
                .strongReference(true).register(registry);
        Timer t = Timer.builder("asyncio4j.loop.lag")
                .tags(tags).description("Time from a callback being ready to the loop running it (probed)")
                .register(registry);
        synchronized (this) {
            if (lag == null) {
                lag = t;
                if (!closed) {
                    long every = probeInterval.toNanos();
                    probing = probeScheduler.schedulePeriodically(this::probe, every, every, TimeUnit.NANOSECONDS);
                }
            }
        }
    }

    /** Queues one probe callback on the loop, unless one is still waiting there. */
    void probe() {
        Timer t = lag;
        if (t == null || closed || !probeInFlight.compareAndSet(false, true)) {
            return;
        }
        long queuedAt = clock.getAsLong();
        try {
            loop.callSoonThreadsafe(() -> {
                t.record(clock.getAsLong() - queuedAt, TimeUnit.NANOSECONDS);
                probeInFlight.set(false);
            });
        } catch (RejectedExecutionException loopClosed) {
            // The loop is closed: there is nothing left to probe.
            close();
        }
    }

    /** Stops the lag probe; the other meters keep reading the loop's counters. Idempotent. */
    @Override
    public synchronized void close() {
        closed = true;
        Disposable d = probing;
        if (d != null) {
            d.dispose();
        }
    }

    @Override
    public String toString() {
        return "EventLoopMetrics[" + loop.name() + (closed ? ", closed" : "") + "]";
    }
}
