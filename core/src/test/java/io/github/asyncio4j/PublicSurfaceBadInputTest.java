package io.github.asyncio4j;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.asyncio4j.internal.Kernel;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Executable;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import org.reactivestreams.Publisher;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.Scannable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;
import reactor.util.context.Context;
import reactor.util.context.ContextView;

/**
 * Bad input over the whole public surface of core (issue 8, part 4), found by reflection so that
 * no public method is forgotten:
 * <ul>
 *   <li>{@code null}: every reference parameter of every public method and constructor, unless
 *       documented as accepting {@code null} ({@code @Nullable}, or {@link #NULL_ACCEPTED} with the
 *       reason), must be a {@code NullPointerException} naming the parameter;</li>
 *   <li>wrong thread: every method called from a thread that is not the loop's, on objects bound
 *       to a running loop, and closed loop: the same on objects of a loop that has closed: each
 *       returns, or throws one of the documented kinds of exception with a message; a returned
 *       Mono or Flux, subscribed there, does the same; nothing hangs, nothing else is thrown;</li>
 *   <li>negative, zero, enormous and reused inputs: {@link #rows()}, one table row per case,
 *       each with the exception and the words of its message that say what to do;</li>
 *   <li>the loop keeps working afterwards; the surface is {@code public-surface.txt}: a new public
 *       method fails {@link #surfaceIsKnown()} until it is looked at and added there.</li>
 * </ul>
 * The kernel's behaviour IDs have their own tests; this class is about robustness, not semantics.
 */
@org.junit.jupiter.api.Timeout(value = 120, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
class PublicSurfaceBadInputTest {

    private static EventLoop loop;

    /** Parameters that accept {@code null} by their documentation, though not annotated: signature#parameter, and why. */
    static final Map<String, String> NULL_ACCEPTED = Map.ofEntries(
            Map.entry("Asyncio.createTask(Mono,String)#name", "null gives the default name Task-N"),
            Map.entry("EventLoop.createTask(Mono,String)#name", "null gives the default name Task-N"),
            Map.entry("Asyncio.sleep(Duration,Object)#result", "null completes empty"),
            Map.entry("Asyncio.timeout(Duration,Function)#delay", "null: no deadline (asyncio's timeout(None))"),
            Map.entry("Asyncio.waitFor(Mono,Duration)#timeout", "null: wait forever"),
            Map.entry("AsyncFuture.setResult(Object)#value", "null completes the awaiters empty"),
            Map.entry("Task.setResult(Object)#value", "unsupported whatever the value"),
            Map.entry("AsyncFuture.subscribe(CoreSubscriber)#actual", "Reactive Streams 1.9: a NullPointerException, message free"),
            Map.entry("AsyncFuture.scanUnsafe(Attr)#key", "Scannable: an unknown key answers null"),
            Map.entry("Outcome.Failure.equals(Object)#o", "equals(null) is false"),
            Map.entry("Outcome.Success.equals(Object)#o", "equals(null) is false"),
            Map.entry("WaitResult.equals(Object)#o", "equals(null) is false"),
            Map.entry("ExceptionGroup.Split.equals(Object)#o", "equals(null) is false"),
            Map.entry("Outcome.Success.<init>(Object)#value", "a task that completed empty has the value null"),
            Map.entry("ContextVar.<init>(String,Object)#defaultValue", "null is a default like any other"),
            Map.entry("ContextVar.get(Object)#fallback", "the fallback may be null"),
            Map.entry("ContextVar.set(Object)#value", "a variable may hold null"),
            Map.entry("AsyncQueue.put(Object)#item", "CPython queues hold None too"),
            Map.entry("AsyncQueue.putNowait(Object)#item", "CPython queues hold None too"),
            Map.entry("Kernel.Access.threadContext(ThreadContext)#carrier", "null removes the carrier"),
            Map.entry("Kernel.Access.contextVars(Object)#context", "null is the empty context"),
            Map.entry("Kernel.install(Access)#impl", "installed once by core: any second call is refused first"),
            Map.entry("CancelledException.<init>(String)#message", "a message is optional, as for any exception"),
            Map.entry("InvalidStateException.<init>(String)#message", "a message is optional, as for any exception"),
            Map.entry("BrokenBarrierException.<init>(String)#message", "a message is optional, as for any exception"),
            Map.entry("QueueEmptyException.<init>(String)#message", "a message is optional, as for any exception"),
            Map.entry("QueueFullException.<init>(String)#message", "a message is optional, as for any exception"),
            Map.entry("QueueShutDownException.<init>(String)#message", "a message is optional, as for any exception"),
            Map.entry("ExceptionGroup.Split.<init>(ExceptionGroup,ExceptionGroup)#match", "null: nothing matched (CPython's None)"),
            Map.entry("ExceptionGroup.Split.<init>(ExceptionGroup,ExceptionGroup)#rest", "null: nothing left (CPython's None)"),
            Map.entry("ReturnWhen.valueOf(String)#name", "the JDK's enum valueOf: NullPointerException 'Name is null'"),
            Map.entry("Task.setException(Throwable)#error", "unsupported whatever the error: UnsupportedOperationException first"),
            // Not API (the bridge's door into the kernel): its caller never passes null.
            Map.entry("Kernel.Access.isLoopThread(Thread)#thread", "internal: a raw NullPointerException"),
            Map.entry("Kernel.Access.toCompletableFuture(AsyncFuture)#future", "internal: a raw NullPointerException"),
            Map.entry("Kernel.Access.runAsStep(Task,Runnable)#step", "internal: the thread is checked first"));

    /** Arguments for the methods whose parameter types say too little (a list of what, an opaque context). */
    private static final Map<String, Supplier<Object[]>> ARGUMENTS = Map.of(
            "ExceptionGroup.<init>(String,List)", () -> new Object[] {"eg", List.of(new IllegalStateException("member"))},
            "Kernel.Access.contextVars(Object)", () -> new Object[] {Kernel.access().contextVars()});

    private static Object[] arguments(Executable e, Map<Class<?>, Supplier<Object>> samples, int nullAt) {
        Supplier<Object[]> fixed = ARGUMENTS.get(PublicSurface.signature(e));
        if (fixed == null) {
            return PublicSurface.arguments(e, samples, nullAt);
        }
        Object[] args = fixed.get();
        if (nullAt >= 0) {
            args[nullAt] = null;
        }
        return args;
    }

    /** What a call may legitimately throw on bad state (wrong thread, closed loop, no running loop): with a message. */
    private static final List<Class<? extends Throwable>> DOCUMENTED = List.of(RejectedExecutionException.class,
            IllegalStateException.class, IllegalArgumentException.class, UnsupportedOperationException.class,
            CancellationException.class, NoSuchElementException.class, TimeoutException.class);

    @BeforeAll
    static void startLoop() {
        loop = EventLoop.start("bad-input");
    }

    @AfterAll
    static void closeLoop() {
        loop.close();
    }

    // ------------------------------------------------------------------------------------------
    // Samples and receivers
    // ------------------------------------------------------------------------------------------

    private static Map<Class<?>, Supplier<Object>> samples(EventLoop l) {
        Map<Class<?>, Supplier<Object>> s = new LinkedHashMap<>();
        s.put(Duration.class, () -> Duration.ofMillis(1));
        s.put(long.class, () -> 1L);
        s.put(Long.class, () -> 1L);
        s.put(int.class, () -> 1);
        s.put(boolean.class, () -> false);
        s.put(String.class, () -> "x");
        s.put(Object.class, () -> "x");
        s.put(Throwable.class, () -> new IllegalStateException("sample"));
        s.put(Runnable.class, () -> (Runnable) () -> { });
        s.put(Mono.class, () -> Mono.just("x"));
        s.put(Mono[].class, () -> new Mono<?>[] {Mono.just("x")});
        s.put(Flux.class, () -> Flux.just("x"));
        s.put(Publisher.class, () -> Mono.just("x"));
        s.put(Supplier.class, () -> (Supplier<Mono<String>>) () -> Mono.just("x"));
        s.put(Function.class, () -> (Function<Object, Mono<String>>) x -> Mono.just("x"));
        s.put(Consumer.class, () -> (Consumer<Object>) x -> { });
        s.put(BiConsumer.class, () -> (BiConsumer<Object, Object>) (a, b) -> { });
        s.put(Predicate.class, () -> (Predicate<Object>) x -> true);
        s.put(BooleanSupplier.class, () -> (BooleanSupplier) () -> true);
        s.put(java.util.concurrent.Callable.class, () -> (java.util.concurrent.Callable<String>) () -> "x");
        s.put(Comparator.class, () -> Comparator.naturalOrder());
        s.put(TimeUnit.class, () -> SECONDS);
        s.put(ReturnWhen.class, () -> ReturnWhen.ALL_COMPLETED);
        s.put(Scannable.Attr.class, () -> Scannable.Attr.NAME);
        s.put(ContextView.class, Context::empty);
        s.put(Thread.class, Thread::currentThread);
        s.put(EventLoop.class, () -> l);
        s.put(EventLoop.Builder.class, EventLoop::builder);
        s.put(AsyncLock.class, AsyncLock::new);
        s.put(ExceptionGroup.class, () -> new ExceptionGroup("sample", List.of(new IllegalStateException("member"))));
        s.put(ContextVar.Token.class, () -> new ContextVar<String>("sample").set("x"));
        s.put(Kernel.Access.class, Kernel::access);
        s.put(Kernel.ThreadContext.class, () -> null);
        s.put(Subscription.class, Operators::emptySubscription);
        s.put(CoreSubscriber.class, () -> Operators.emptySubscriber());
        Supplier<Object> doneTask = () -> {
            try {
                Task<String> t = l.createTask(Mono.just("x"));
                l.submit(t).get(10, SECONDS);
                return t;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
        s.put(AsyncFuture.class, doneTask);
        s.put(Task.class, doneTask);
        s.put(List.class, () -> List.of(doneTask.get()));
        s.put(java.util.Collection.class, () -> List.of(doneTask.get()));
        s.put(Set.class, () -> Set.of(doneTask.get()));
        return s;
    }

    /** A fresh object of each public class with instance methods, bound to {@code l} where it binds to a loop. */
    private static Map<Class<?>, Supplier<Object>> receivers(EventLoop l) {
        Map<Class<?>, Supplier<Object>> r = new LinkedHashMap<>();
        r.put(EventLoop.class, () -> l);
        r.put(EventLoop.Builder.class, EventLoop::builder);
        r.put(AsyncFuture.class, l::createFuture);
        r.put(Task.class, () -> l.createTask(Asyncio.sleep(Duration.ofHours(1))));
        r.put(TaskGroup.class, () -> PublicSurfaceBadInputTest.<TaskGroup>inTask(l, body -> TaskGroup.run(body)));
        r.put(Timeout.class, () -> PublicSurfaceBadInputTest.<Timeout>inTask(l, body -> Asyncio.timeout(Duration.ofHours(1), body)));
        r.put(ContextVar.class, () -> new ContextVar<String>("v"));
        r.put(ContextVar.Token.class, () -> new ContextVar<String>("v").set("x"));
        r.put(ExceptionGroup.class, () -> new ExceptionGroup("eg", List.of(new IllegalStateException("member"))));
        r.put(ExceptionGroup.Split.class, () -> new ExceptionGroup("eg", List.of(new IllegalStateException("m"))).split(e -> true));
        r.put(Outcome.class, () -> new Outcome.Success<>("x"));
        r.put(Outcome.Success.class, () -> new Outcome.Success<>("x"));
        r.put(Outcome.Failure.class, () -> new Outcome.Failure<>(new IllegalStateException("f")));
        r.put(WaitResult.class, () -> new WaitResult<>(Set.of(), Set.of()));
        r.put(ReturnWhen.class, () -> ReturnWhen.FIRST_COMPLETED);
        r.put(AsyncLock.class, () -> bound(l, new AsyncLock(), x -> x.acquire().then(Mono.fromRunnable(x::release))));
        r.put(AsyncEvent.class, () -> bound(l, new AsyncEvent(), x -> Mono.fromRunnable(x::set).then(x.await())));
        r.put(AsyncCondition.class, () -> bound(l, new AsyncCondition(), x -> x.withLock(() -> Mono.fromRunnable(x::signalAll))));
        r.put(AsyncSemaphore.class, () -> bound(l, new AsyncSemaphore(1), x -> x.withPermit(Mono::empty)));
        r.put(AsyncBoundedSemaphore.class, () -> bound(l, new AsyncBoundedSemaphore(1), x -> x.withPermit(Mono::empty)));
        r.put(AsyncBarrier.class, () -> bound(l, new AsyncBarrier(1), x -> x.await().then()));
        r.put(AsyncQueue.class, () -> bound(l, new AsyncQueue<Object>(1), x -> x.put("a").then(x.get()).then()));
        r.put(AsyncPriorityQueue.class, () -> bound(l, new AsyncPriorityQueue<Object>(1), x -> x.put("a").then(x.get()).then()));
        r.put(AsyncLifoQueue.class, () -> bound(l, new AsyncLifoQueue<Object>(1), x -> x.put("a").then(x.get()).then()));
        r.put(Kernel.Access.class, Kernel::access);
        r.put(Kernel.LoopStats.class, () -> Kernel.access().stats(l));
        r.put(CancelledException.class, () -> new CancelledException("c"));
        r.put(InvalidStateException.class, () -> new InvalidStateException("i"));
        r.put(BrokenBarrierException.class, () -> new BrokenBarrierException("b"));
        r.put(QueueEmptyException.class, () -> new QueueEmptyException("e"));
        r.put(QueueFullException.class, () -> new QueueFullException("f"));
        r.put(QueueShutDownException.class, () -> new QueueShutDownException("s"));
        return r;
    }

    /** A TaskGroup or Timeout handed to a body that waits for an hour in a task of {@code l}. */
    private static <X> X inTask(EventLoop l, Function<Function<X, Mono<Object>>, Mono<Object>> enter) {
        CompletableFuture<X> got = new CompletableFuture<>();
        // The sweeps reschedule the Timeout or cancel the group: the task's outcome is of no interest.
        l.createTask(enter.apply(x -> {
            got.complete(x);
            return Asyncio.sleep(Duration.ofHours(1)).then(Mono.empty());
        }).onErrorResume(e -> Mono.empty()));
        try {
            return got.get(10, SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Uses a primitive once in a task of {@code l}, which binds it to that loop. */
    private static <X> X bound(EventLoop l, X primitive, Function<X, Mono<?>> use) {
        try {
            l.submit(use.apply(primitive).then()).get(10, SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return primitive;
    }

    private static List<Executable> surface() {
        List<Executable> all = new ArrayList<>();
        for (Class<?> c : PublicSurface.publicTypes(EventLoop.class, "io.github.asyncio4j")) {
            all.addAll(PublicSurface.publicMembers(c));
        }
        return all;
    }

    /** Interfaces the kernel calls and other modules implement (the bridge's carrier): nothing of core's to call. */
    private static boolean implementedElsewhere(Executable e) {
        return e.getDeclaringClass() == Kernel.ThreadContext.class;
    }

    // ------------------------------------------------------------------------------------------
    // The sweeps
    // ------------------------------------------------------------------------------------------

    @Test
    @DisplayName("the public surface is the one in public-surface.txt: a new public method needs its bad-input look first")
    void surfaceIsKnown() throws IOException {
        Set<String> now = surface().stream().map(PublicSurface::signature).collect(Collectors.toCollection(TreeSet::new));
        Set<String> known;
        try (InputStream in = PublicSurfaceBadInputTest.class.getResourceAsStream("/public-surface.txt")) {
            assertThat(in).as("core/src/test/resources/public-surface.txt").isNotNull();
            known = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::trim)
                    .filter(x -> !x.isEmpty() && !x.startsWith("#")).collect(Collectors.toCollection(TreeSet::new));
        }
        Set<String> added = new TreeSet<>(now);
        added.removeAll(known);
        Set<String> removed = new TreeSet<>(known);
        removed.removeAll(now);
        assertThat(added).as("new public methods: check their null, numeric, thread, closed-loop and reuse behaviour "
                + "(add rows to PublicSurfaceBadInputTest.rows() where the sweeps do not cover it), then list them in "
                + "public-surface.txt").isEmpty();
        assertThat(removed).as("public methods gone (an API.md name must never go): update public-surface.txt").isEmpty();
    }

    @Test
    @DisplayName("null: every reference parameter of the public surface is a NullPointerException naming it, unless documented as nullable")
    void nullsAreRejectedByName() throws Exception {
        Map<Class<?>, Supplier<Object>> samples = samples(loop);
        Map<Class<?>, Supplier<Object>> receivers = receivers(loop);
        List<String> wrong = new ArrayList<>();
        int checked = 0;
        for (Executable e : surface()) {
            Parameter[] ps = e.getParameters();
            for (int i = 0; i < ps.length; i++) {
                Parameter p = ps[i];
                String key = PublicSurface.signature(e) + "#" + p.getName();
                if (p.getType().isPrimitive() || PublicSurface.isNullable(p) || NULL_ACCEPTED.containsKey(key)
                        || implementedElsewhere(e)) {
                    continue;
                }
                Object receiver = receiver(e, receivers);
                PublicSurface.Call call = PublicSurface.invoke(e, receiver, arguments(e, samples, i));
                checked++;
                if (!(call.error() instanceof NullPointerException npe) || npe.getMessage() == null
                        || !npe.getMessage().contains(p.getName())) {
                    wrong.add(key + " -> " + (call.error() != null ? call.error() : "returned " + call.value()));
                }
            }
        }
        retrieveWhatTheSweepFailed();
        assertThat(wrong).as("parameters that do not reject null by name (%d checked)", checked).isEmpty();
        assertThat(loop.submit(Mono.just("still working")).get(10, SECONDS)).isEqualTo("still working");
    }

    @Test
    @DisplayName("wrong thread: every public method called off the loop thread returns or throws a documented exception; the loop goes on")
    void wrongThread() throws Exception {
        List<String> wrong = sweep(loop, Set.of("EventLoop.close()", "EventLoop.dispose()", "Kernel.install(Access)"));
        retrieveWhatTheSweepFailed();
        assertThat(wrong).as("calls from another thread").isEmpty();
        assertThat(loop.submit(Mono.just("still working")).get(10, SECONDS)).isEqualTo("still working");
    }

    @Test
    @DisplayName("closed loop: every public method of objects bound to a closed loop returns or throws a documented exception")
    void closedLoop() {
        EventLoop closing = EventLoop.start("bad-input-closed");
        Map<Class<?>, Supplier<Object>> receivers = receivers(closing);
        Map<Class<?>, Object> made = new LinkedHashMap<>();
        receivers.forEach((c, s) -> made.put(c, s.get()));
        closing.close();
        Map<Class<?>, Supplier<Object>> stale = new LinkedHashMap<>();
        made.forEach((c, o) -> stale.put(c, () -> o));
        List<String> wrong = sweep(closing, stale, Set.of("Kernel.install(Access)"));
        assertThat(wrong).as("calls on a closed loop's objects").isEmpty();
    }

    private static List<String> sweep(EventLoop l, Set<String> skip) {
        return sweep(l, receivers(l), skip);
    }

    /** Calls every public member with samples from a thread that is not {@code l}'s, and checks what comes out. */
    private static List<String> sweep(EventLoop l, Map<Class<?>, Supplier<Object>> receivers, Set<String> skip) {
        Map<Class<?>, Supplier<Object>> samples = samples(loop);
        List<String> wrong = new ArrayList<>();
        for (Executable e : surface()) {
            String sig = PublicSurface.signature(e);
            if (skip.contains(sig) || implementedElsewhere(e)) {
                continue;
            }
            Object receiver = receiver(e, receivers);
            PublicSurface.Call call = PublicSurface.invoke(e, receiver, arguments(e, samples, -1));
            String problem = judge(call.error());
            if (problem == null && call.value() instanceof Publisher<?> p && !(call.value() instanceof AsyncFuture<?>)) {
                problem = judge(subscribeBriefly(p));
            }
            if (problem != null) {
                wrong.add(sig + " -> " + problem);
            }
        }
        return wrong;
    }

    /** Subscribes from this thread and waits a moment: a terminal error is judged, a value or a pending Mono is fine. */
    private static Throwable subscribeBriefly(Publisher<?> p) {
        try {
            Flux.from(p).take(Duration.ofMillis(20)).blockLast(Duration.ofSeconds(5));
            return null;
        } catch (RuntimeException e) {
            Throwable t = e;
            if (t instanceof CompletionException || (t.getClass() == RuntimeException.class && t.getCause() != null)) {
                t = t.getCause();
            }
            return t;
        }
    }

    private static String judge(Throwable t) {
        if (t == null) {
            return null;
        }
        if (DOCUMENTED.stream().noneMatch(k -> k.isInstance(t))) {
            return "threw " + t;
        }
        if (t instanceof RejectedExecutionException && !"event loop is closed".equals(t.getMessage())) {
            return "rejected without saying the loop is closed: " + t;
        }
        if (!(t instanceof CancellationException) && (t.getMessage() == null || t.getMessage().isBlank())) {
            return "threw without a message: " + t;
        }
        return null;
    }

    /** Futures the sweeps made, some of which they failed with setException: retrieved afterwards. */
    private static final List<AsyncFuture<?>> FUTURES_MADE = new ArrayList<>();

    private static Object receiver(Executable e, Map<Class<?>, Supplier<Object>> receivers) {
        if (!(e instanceof Method m) || Modifier.isStatic(m.getModifiers())) {
            return null;
        }
        Supplier<Object> s = receivers.get(e.getDeclaringClass());
        if (s == null) {
            throw new AssertionError("no receiver for " + e.getDeclaringClass().getName() + " (to call "
                    + PublicSurface.signature(e) + "): add one to PublicSurfaceBadInputTest.receivers");
        }
        Object r = s.get();
        if (r instanceof AsyncFuture<?> f) {
            FUTURES_MADE.add(f);
        }
        return r;
    }

    /** The sweeps called setException(sample) on futures nobody awaits: retrieve those failures (they are expected). */
    private static void retrieveWhatTheSweepFailed() throws Exception {
        loop.submit(Asyncio.sleep(Duration.ZERO)).get(10, SECONDS);
        for (AsyncFuture<?> f : FUTURES_MADE) {
            if (f.isDone() && !f.isCancelled()) {
                f.exception();
            }
        }
        FUTURES_MADE.clear();
    }

    // ------------------------------------------------------------------------------------------
    // The table: negative, zero, enormous, reused and misplaced inputs
    // ------------------------------------------------------------------------------------------

    /** One bad input of one public method, and what it must do. */
    record Row(String signature, String input, ThrowingCallable call, Class<? extends Throwable> expected, String says) {
    }

    private static Row rejects(String sig, String input, ThrowingCallable call, Class<? extends Throwable> expected, String says) {
        return new Row(sig, input, call, expected, says);
    }

    private static Row accepts(String sig, String input, ThrowingCallable call) {
        return new Row(sig, input, call, null, null);
    }

    private static Task<?> finishedTask() {
        try {
            Task<String> t = loop.createTask(Mono.just("done"));
            loop.submit(t).get(10, SECONDS);
            return t;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T> T onLoop(Mono<T> m) {
        try {
            return loop.submit(m).get(10, SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static EventLoop aClosedLoop() {
        EventLoop l = EventLoop.start("bad-input-rows-closed");
        l.close();
        return l;
    }

    static List<Row> rows() {
        Duration forever = ChronoUnit.FOREVER.getDuration();
        List<Row> rows = new ArrayList<>();
        // EventLoop.Builder
        rows.add(rejects("EventLoop.Builder.slowCallbackDuration(Duration)", "zero",
                () -> EventLoop.builder().slowCallbackDuration(Duration.ZERO), IllegalArgumentException.class, "must be positive"));
        rows.add(rejects("EventLoop.Builder.slowCallbackDuration(Duration)", "negative",
                () -> EventLoop.builder().slowCallbackDuration(Duration.ofMillis(-1)), IllegalArgumentException.class, "must be positive"));
        rows.add(rejects("EventLoop.Builder.shutdownTimeout(Duration)", "negative",
                () -> EventLoop.builder().shutdownTimeout(Duration.ofMillis(-1)), IllegalArgumentException.class, "must not be negative"));
        rows.add(accepts("EventLoop.Builder.shutdownTimeout(Duration)", "enormous", () -> EventLoop.builder().shutdownTimeout(forever)));
        // EventLoop: closed, numbers, threads
        rows.add(rejects("EventLoop.createTask(Mono)", "closed loop", () -> aClosedLoop().createTask(Mono.empty()),
                RejectedExecutionException.class, "event loop is closed"));
        rows.add(rejects("EventLoop.callSoon(Runnable)", "closed loop", () -> aClosedLoop().callSoon(() -> { }),
                RejectedExecutionException.class, "event loop is closed"));
        rows.add(rejects("EventLoop.callSoonThreadsafe(Runnable)", "closed loop", () -> aClosedLoop().callSoonThreadsafe(() -> { }),
                RejectedExecutionException.class, "event loop is closed"));
        rows.add(rejects("EventLoop.callLater(Duration,Runnable)", "closed loop", () -> aClosedLoop().callLater(Duration.ZERO, () -> { }),
                RejectedExecutionException.class, "event loop is closed"));
        rows.add(rejects("EventLoop.callAt(long,Runnable)", "closed loop", () -> aClosedLoop().callAt(0, () -> { }),
                RejectedExecutionException.class, "event loop is closed"));
        rows.add(rejects("EventLoop.submit(Mono)", "closed loop", () -> aClosedLoop().submit(Mono.empty()),
                RejectedExecutionException.class, "event loop is closed"));
        rows.add(rejects("EventLoop.createFuture()", "closed loop", () -> aClosedLoop().createFuture(),
                RejectedExecutionException.class, "event loop is closed"));
        rows.add(rejects("EventLoop.schedule(Runnable)", "closed loop", () -> aClosedLoop().schedule(() -> { }),
                RejectedExecutionException.class, "event loop is closed"));
        rows.add(accepts("EventLoop.close()", "closed loop (twice, from another thread)", () -> aClosedLoop().close()));
        rows.add(accepts("EventLoop.allTasks()", "closed loop", () -> assertThat(aClosedLoop().allTasks()).isEmpty()));
        rows.add(accepts("EventLoop.callLater(Duration,Runnable)", "negative: runs at once",
                () -> assertThat(onLoop(Mono.<String>create(s -> loop.callLater(Duration.ofSeconds(-5), () -> s.success("ran"))))).isEqualTo("ran")));
        rows.add(accepts("EventLoop.callLater(Duration,Runnable)", "enormous: saturates, never fires", () -> loop.callLater(forever, () -> { }).dispose()));
        rows.add(accepts("EventLoop.callAt(long,Runnable)", "Long.MIN_VALUE: runs at once",
                () -> assertThat(onLoop(Mono.<String>create(s -> loop.callAt(Long.MIN_VALUE, () -> s.success("ran"))))).isEqualTo("ran")));
        rows.add(accepts("EventLoop.callAt(long,Runnable)", "Long.MAX_VALUE: never fires", () -> loop.callAt(Long.MAX_VALUE, () -> { }).dispose()));
        rows.add(rejects("EventLoop.schedulePeriodically(Runnable,long,long,TimeUnit)", "zero period",
                () -> loop.schedulePeriodically(() -> { }, 0, 0, SECONDS), IllegalArgumentException.class, "use schedule(task, delay, unit)"));
        rows.add(rejects("EventLoop.schedulePeriodically(Runnable,long,long,TimeUnit)", "negative period",
                () -> loop.schedulePeriodically(() -> { }, 0, -1, SECONDS), IllegalArgumentException.class, "period must be > 0"));
        rows.add(accepts("EventLoop.schedule(Runnable,long,TimeUnit)", "negative delay: runs at once",
                () -> assertThat(onLoop(Mono.<String>create(s -> loop.schedule(() -> s.success("ran"), -1, SECONDS)))).isEqualTo("ran")));
        rows.add(rejects("EventLoop.running()", "no loop on this thread", EventLoop::running, IllegalStateException.class, "no running event loop"));
        // Asyncio: no loop, inside a loop, empty, numbers
        rows.add(rejects("Asyncio.createTask(Mono)", "no running loop", () -> Asyncio.createTask(Mono.empty()),
                IllegalStateException.class, "no running event loop"));
        rows.add(rejects("Asyncio.run(Supplier)", "inside a running loop", () -> onLoop(Mono.fromCallable(() -> Asyncio.run(Mono::empty))),
                IllegalStateException.class, "subscribe to the work (or Asyncio.createTask it) instead"));
        rows.add(rejects("Asyncio.run(Supplier)", "main returns null", () -> Asyncio.run(() -> null),
                NullPointerException.class, "must return the Mono to run"));
        rows.add(rejects("Asyncio.sleep(Duration)", "subscribed with no running loop", () -> Asyncio.sleep(Duration.ZERO).block(),
                IllegalStateException.class, "no running event loop"));
        rows.add(accepts("Asyncio.sleep(Duration)", "negative: one loop iteration", () -> onLoop(Asyncio.sleep(Duration.ofSeconds(-1)))));
        rows.add(accepts("Asyncio.sleep(Duration,Object)", "enormous: saturates; cancellable",
                () -> assertThat(Asyncio.run(() -> Asyncio.waitFor(Asyncio.sleep(forever, "never"), Duration.ofSeconds(1))
                        .onErrorResume(TimeoutException.class, e -> Mono.just("cancelled after " + EventLoop.running().time() + " ns")),
                        EventLoop.builder().virtualTime())).isEqualTo("cancelled after 1000000000 ns")));
        rows.add(rejects("Asyncio.waitFor(Mono,Duration)", "zero timeout: expired at once", () -> onLoop(Asyncio.waitFor(Asyncio.sleep(Duration.ofHours(1)), Duration.ZERO)),
                IllegalStateException.class, null));
        rows.add(rejects("Asyncio.wait(Collection,ReturnWhen,Duration)", "empty", () -> Asyncio.wait(List.of(), ReturnWhen.ALL_COMPLETED, null),
                IllegalArgumentException.class, "empty"));
        rows.add(rejects("Asyncio.first(List)", "empty", () -> Asyncio.first(List.of()), IllegalArgumentException.class, "needs at least one racer"));
        rows.add(rejects("Asyncio.asCompleted(Collection,Duration)", "negative timeout: times out at once",
                () -> onLoop(Asyncio.asCompleted(List.of(Asyncio.sleep(Duration.ofHours(1))), Duration.ofSeconds(-1)).then()),
                IllegalStateException.class, null));
        rows.add(accepts("Asyncio.timeoutAt(long,Function)", "Long.MIN_VALUE: expires at the first suspension",
                () -> assertThat(onLoop(Asyncio.<String>timeoutAt(Long.MIN_VALUE, t -> Mono.just("never suspended")))).isEqualTo("never suspended")));
        rows.add(rejects("Timeout.reschedule(Long)", "after the block ended (reused)", () -> {
            Timeout[] kept = new Timeout[1];
            onLoop(Asyncio.timeout(Duration.ofSeconds(1), t -> {
                kept[0] = t;
                return Mono.just(1);
            }));
            kept[0].reschedule(0L);
        }, IllegalStateException.class, "reschedule() works only while its block runs"));
        // Futures and tasks: reuse and misuse
        rows.add(rejects("AsyncFuture.setResult(Object)", "set twice (reused)", () -> onLoop(Mono.fromRunnable(() -> {
            AsyncFuture<String> f = loop.createFuture();
            f.setResult("once");
            f.setResult("twice");
        })), InvalidStateException.class, "a future can be set only once"));
        rows.add(rejects("AsyncFuture.setException(Throwable)", "after setResult (reused)", () -> onLoop(Mono.fromRunnable(() -> {
            AsyncFuture<String> f = loop.createFuture();
            f.setResult("once");
            f.setException(new IllegalStateException("late"));
        })), InvalidStateException.class, "a future can be set only once"));
        rows.add(accepts("AsyncFuture.setResult(Object)", "set twice from another thread: refused at once, or reported when it arrives", () -> {
            AsyncFuture<String> f = loop.createFuture();
            f.setResult("once");
            try {
                f.setResult("twice");
            } catch (InvalidStateException refused) {
                // The first set reached the loop before the second call looked: refused on the spot.
                assertThat(refused).hasMessageContaining("a future can be set only once");
                return;
            }
            onLoop(Asyncio.sleep(Duration.ZERO));
            assertThat(NoSilentErrors.takeLogged(m -> m.contains("set from another thread on a done future"))).singleElement()
                    .satisfies(r -> assertThat(r.error()).hasMessageContaining("was already done when a setResult from another thread arrived"));
        }));
        rows.add(rejects("AsyncFuture.result()", "pending", () -> loop.createFuture().result(), InvalidStateException.class, "Result is not set."));
        rows.add(rejects("AsyncFuture.exception()", "pending", () -> loop.createFuture().exception(), InvalidStateException.class, "Exception is not set."));
        rows.add(rejects("Task.setResult(Object)", "any", () -> finishedTask().setResult(null), UnsupportedOperationException.class,
                "use EventLoop.createFuture()"));
        rows.add(rejects("Task.setException(Throwable)", "any", () -> finishedTask().setException(new IllegalStateException()),
                UnsupportedOperationException.class, "use EventLoop.createFuture()"));
        rows.add(accepts("AsyncFuture.cancel()", "already done: false", () -> assertThat(finishedTask().cancel()).isFalse()));
        rows.add(accepts("Task.uncancel()", "never cancelled: stays 0", () -> assertThat(finishedTask().uncancel()).isZero()));
        rows.add(rejects("AsyncFuture.subscribe(CoreSubscriber)", "a task awaiting itself", () -> onLoop(Mono.defer(() -> {
            @SuppressWarnings("unchecked")
            Task<Object> me = (Task<Object>) Task.current().orElseThrow();
            return me;
        })), IllegalStateException.class, "Task cannot await on itself"));
        // TaskGroup: reused after it finished
        rows.add(rejects("TaskGroup.createTask(Mono)", "after the group finished (reused)", () -> {
            TaskGroup[] kept = new TaskGroup[1];
            onLoop(TaskGroup.run(tg -> {
                kept[0] = tg;
                return Mono.just(1);
            }));
            onLoop(Mono.fromCallable(() -> kept[0].createTask(Mono.empty())));
        }, IllegalStateException.class, "create tasks inside the body passed to TaskGroup.run"));
        rows.add(rejects("TaskGroup.run(Function)", "subscribed with no running loop", () -> TaskGroup.run(tg -> Mono.empty()).block(),
                IllegalStateException.class, "no running event loop"));
        // ContextVar: tokens reused or foreign, unset variables
        rows.add(rejects("ContextVar.reset(Token)", "token used twice (reused)", () -> {
            ContextVar<String> v = new ContextVar<>("v");
            ContextVar.Token t = v.set("x");
            v.reset(t);
            v.reset(t);
        }, IllegalStateException.class, "has already been used once"));
        rows.add(rejects("ContextVar.reset(Token)", "a token of another variable", () -> new ContextVar<String>("a").reset(new ContextVar<String>("b").set("x")),
                IllegalArgumentException.class, "was created by ContextVar 'b'"));
        rows.add(rejects("ContextVar.get()", "unset, no default", () -> new ContextVar<String>("unset").get(), NoSuchElementException.class, "set() it first"));
        // ExceptionGroup
        rows.add(rejects("ExceptionGroup.<init>(String,List)", "empty", () -> new ExceptionGroup("none", List.of()), IllegalArgumentException.class, null));
        // Primitives: negative, zero, enormous, misuse, reuse across loops
        rows.add(rejects("AsyncSemaphore.<init>(int)", "negative", () -> new AsyncSemaphore(-1), IllegalArgumentException.class, "must be >= 0"));
        rows.add(accepts("AsyncSemaphore.<init>(int)", "enormous", () -> new AsyncSemaphore(Integer.MAX_VALUE)));
        rows.add(rejects("AsyncBoundedSemaphore.<init>(int)", "negative", () -> new AsyncBoundedSemaphore(-1), IllegalArgumentException.class, "must be >= 0"));
        rows.add(rejects("AsyncBoundedSemaphore.release()", "above its initial value", () -> onLoop(Mono.fromRunnable(() -> new AsyncBoundedSemaphore(1).release())),
                IllegalStateException.class, "released too many times"));
        rows.add(rejects("AsyncBarrier.<init>(int)", "zero", () -> new AsyncBarrier(0), IllegalArgumentException.class, "parties must be > 0"));
        rows.add(rejects("AsyncBarrier.<init>(int)", "negative", () -> new AsyncBarrier(-3), IllegalArgumentException.class, "parties must be > 0"));
        rows.add(rejects("AsyncLock.release()", "not locked", () -> onLoop(Mono.fromRunnable(() -> new AsyncLock().release())),
                IllegalStateException.class, "call release() only after acquire() completed"));
        rows.add(rejects("AsyncCondition.signal()", "lock not held", () -> onLoop(Mono.fromRunnable(() -> new AsyncCondition().signal())),
                IllegalStateException.class, "signal inside withLock"));
        rows.add(rejects("AsyncQueue.taskDone()", "more than put", () -> onLoop(Mono.fromRunnable(() -> new AsyncQueue<String>().taskDone())),
                IllegalStateException.class, "call taskDone() once per item"));
        rows.add(rejects("AsyncQueue.putNowait(Object)", "full", () -> onLoop(Mono.fromRunnable(() -> {
            AsyncQueue<String> q = new AsyncQueue<>(1);
            q.putNowait("a");
            q.putNowait("b");
        })), QueueFullException.class, "put() waits for room"));
        rows.add(rejects("AsyncQueue.getNowait()", "empty", () -> onLoop(Mono.fromCallable(() -> new AsyncQueue<String>().getNowait())),
                QueueEmptyException.class, "get() waits for an item"));
        rows.add(accepts("AsyncQueue.<init>(int)", "negative: unbounded", () -> assertThat(new AsyncQueue<String>(-5).maxsize()).isLessThanOrEqualTo(0)));
        rows.add(rejects("AsyncLock.acquire()", "used from a second loop (reused)", () -> {
            AsyncLock lock = bound(loop, new AsyncLock(), x -> x.acquire().then(Mono.fromRunnable(x::release)));
            Asyncio.run(lock::acquire, EventLoop.builder().virtualTime());
        }, IllegalStateException.class, null));
        return rows;
    }

    @TestFactory
    @DisplayName("table: negative, zero, enormous, reused, closed-loop and misplaced inputs")
    Stream<DynamicTest> table() {
        Set<String> surface = surface().stream().map(PublicSurface::signature).collect(Collectors.toSet());
        return rows().stream().map(row -> DynamicTest.dynamicTest(row.signature() + " with " + row.input(), () -> {
            assertThat(surface).as("the row's method is public API").contains(row.signature());
            if (row.expected() == null) {
                row.call().call();
            } else {
                assertThatThrownBy(row.call()).satisfies(t -> {
                    Throwable e = t instanceof java.util.concurrent.CompletionException && t.getCause() != null ? t.getCause() : t;
                    assertThat(e).isInstanceOfAny(row.expected(), TimeoutException.class);
                    if (row.says() != null) {
                        assertThat(e.getMessage()).as("what the message says").contains(row.says());
                    }
                });
            }
            assertThat(loop.submit(Mono.just("still working")).get(10, SECONDS)).as("the loop keeps working").isEqualTo("still working");
        }));
    }

    @Test
    @DisplayName("table: covers numbers, reuse and closed loops for the methods that take them")
    void tableCoversTheNumericParameters() {
        Set<String> rowed = rows().stream().map(Row::signature).collect(Collectors.toCollection(LinkedHashSet::new));
        List<String> missing = new ArrayList<>();
        for (Executable e : surface()) {
            boolean numeric = Stream.of(e.getParameterTypes()).anyMatch(t -> t == int.class || t == long.class || t == Duration.class);
            String sig = PublicSurface.signature(e);
            if (numeric && !rowed.contains(sig) && !SWEPT_NUMBERS.containsKey(sig)) {
                missing.add(sig);
            }
        }
        assertThat(missing).as("methods taking a number or a Duration with no row (or reason) for its bad values").isEmpty();
    }

    /** Methods taking a number or Duration whose bad values need no row of their own, and why. */
    static final Map<String, String> SWEPT_NUMBERS = Map.ofEntries(
            Map.entry("AsyncCondition.signal(int)", "n < 1 wakes nobody, as CPython's notify(n)"),
            Map.entry("AsyncPriorityQueue.<init>(int)", "same rule as AsyncQueue(int): <= 0 is unbounded"),
            Map.entry("AsyncPriorityQueue.<init>(int,Comparator)", "same rule as AsyncQueue(int)"),
            Map.entry("AsyncLifoQueue.<init>(int)", "same rule as AsyncQueue(int)"),
            Map.entry("EventLoop.schedule(Runnable,long,TimeUnit)", "row: negative delay"),
            Map.entry("Asyncio.timeout(Duration,Function)", "same saturation as sleep and callLater; zero: Timeout rows in TimeoutTest (TO-05)"),
            Map.entry("Asyncio.sleep(Duration,Object)", "row: enormous"),
            Map.entry("Asyncio.waitFor(Mono,Duration)", "row: zero"),
            Map.entry("Timeout.reschedule(Long)", "row: reused; a past deadline fires at the next iteration (TimeoutTest)"),
            Map.entry("ExceptionGroup.<init>(String,List)", "row: empty"),
            Map.entry("Outcome.Success.<init>(Object)", "no number"),
            Map.entry("AsyncQueue.shutdown(boolean)", "no number"));
}
