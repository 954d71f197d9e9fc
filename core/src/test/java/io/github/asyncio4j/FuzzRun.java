package io.github.asyncio4j;

import io.github.asyncio4j.FuzzTree.Gather;
import io.github.asyncio4j.FuzzTree.Group;
import io.github.asyncio4j.FuzzTree.Leaf;
import io.github.asyncio4j.FuzzTree.Node;
import io.github.asyncio4j.FuzzTree.Recover;
import io.github.asyncio4j.FuzzTree.Shield;
import io.github.asyncio4j.FuzzTree.Spawn;
import io.github.asyncio4j.FuzzTree.Timeout;
import io.github.asyncio4j.FuzzTree.Wait;
import io.github.asyncio4j.FuzzTree.WaitFor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;

/**
 * Runs one {@link FuzzTree} on a virtual-time loop, instrumented, and checks the invariants of
 * {@link TaskTreeFuzzTest} against what the tree says must happen. The instruments are the test's
 * own (counters in bodies, done callbacks, the failures it raises, one sequence number for the
 * order of events), never the implementation's bookkeeping.
 */
final class FuzzRun {

    /** How a task of the tree was made, which decides who may cancel it. */
    enum Kind { MAIN, SPAWNED, GATHERED, WAITED, SHIELDED, GROUPED }

    /** One task of the tree, as the instruments saw it. */
    static final class TaskRec {
        final int id;
        final Kind kind;
        final Node body;
        Task<Object> task;
        int created;
        int bodyStarts;
        int bodyEnds;
        int doneCallbacks;
        long bodyEndSeq;
        long bodyEndNanos;
        long doneSeq;
        long doneNanos;
        int externalCancels;

        TaskRec(Node body, Kind kind) {
            this.id = body.id();
            this.kind = kind;
            this.body = body;
        }
    }

    /** One gather, group, wait or timeout node as it ended. */
    static final class Ended {
        final Node node;
        final List<TaskRec> children = new ArrayList<>();
        long startNanos;
        long endSeq = -1;
        long endNanos;
        SignalType signal;
        Throwable error;
        Throwable bodyError;

        Ended(Node node) {
            this.node = node;
        }
    }

    private final FuzzTree tree;
    private final Map<Integer, TaskRec> tasks = new LinkedHashMap<>();
    private final List<Ended> ended = new ArrayList<>();
    private final List<FuzzFailure> raised = new ArrayList<>();
    private final List<Throwable> caught = new ArrayList<>();
    private final List<Throwable> silenced = new ArrayList<>();
    private final List<Throwable> reported = Collections.synchronizedList(new ArrayList<>());
    private final List<String> violations = new ArrayList<>();
    private EventLoop loop;
    private Thread loopThread;
    private long seq;
    private Object rootValue;
    private Throwable rootError;

    private FuzzRun(FuzzTree tree) {
        this.tree = tree;
    }

    /** Runs {@code tree} and checks it; {@link #violations()} says what was wrong. */
    static FuzzRun check(FuzzTree tree) {
        FuzzRun run = new FuzzRun(tree);
        run.execute();
        run.verify();
        if (!run.violations.isEmpty()) {
            run.violations.add(run.outcome());
        }
        return run;
    }

    /** What the checks found wrong: empty when every invariant holds. */
    List<String> violations() {
        return violations;
    }

    /** Tasks, failures raised, cancel() calls that hit, reports: for the fuzz test's figures. */
    long[] figures() {
        int hits = 0;
        for (TaskRec r : tasks.values()) {
            hits += r.externalCancels;
        }
        return new long[] {tasks.size(), raised.size(), hits, reported.size(), loop == null ? 0 : loop.time()};
    }

    // ------------------------------------------------------------------------------------------
    // Running the tree
    // ------------------------------------------------------------------------------------------

    private void execute() {
        EventLoop.Builder builder = EventLoop.builder().virtualTime().eagerTasks(tree.eager)
                .exceptionHandler((l, t) -> reported.add(t));
        try {
            rootValue = Asyncio.run(() -> {
                loop = EventLoop.running();
                loopThread = Thread.currentThread();
                @SuppressWarnings("unchecked")
                Task<Object> main = (Task<Object>) Task.current().orElseThrow();
                TaskRec root = new TaskRec(tree.root, Kind.MAIN);
                tasks.put(root.id, root);
                root.task = main;
                root.created = 1;
                main.addDoneCallback(f -> done(root));
                for (FuzzTree.Cancel c : tree.cancels) {
                    loop.callAt(c.atNanos(), () -> {
                        TaskRec r = tasks.get(c.target());
                        if (r == null || r.task == null) {
                            return;
                        }
                        if (r.task.cancel("fuzz cancel at " + c.atNanos())) {
                            r.externalCancels++;
                        } else if (!r.task.isCancelled() && r.task.exception() != null) {
                            // cancel() on a failed future retrieves its exception (FUT-17, CPython's
                            // Future.cancel clears __log_traceback): it will not be reported.
                            silenced.add(r.task.exception());
                        }
                    });
                }
                return body(root, tree.root);
            }, builder);
        } catch (Throwable t) {
            rootError = t;
        }
    }

    private Mono<Object> body(TaskRec r, Node n) {
        return mono(n)
                .doOnSubscribe(s -> {
                    onLoop("body start");
                    r.bodyStarts++;
                })
                .doFinally(s -> {
                    onLoop("body end");
                    r.bodyEnds++;
                    r.bodyEndSeq = ++seq;
                    r.bodyEndNanos = loop.time();
                });
    }

    private Task<Object> task(Node n, Kind kind, Function<Mono<Object>, Task<Object>> create, Ended parent) {
        TaskRec r = new TaskRec(n, kind);
        if (tasks.put(r.id, r) != null) {
            violations.add("task #" + r.id + " created twice");
        }
        Task<Object> t = create.apply(body(r, n));
        r.task = t;
        r.created++;
        t.addDoneCallback(f -> done(r));
        if (parent != null) {
            parent.children.add(r);
        }
        return t;
    }

    private void done(TaskRec r) {
        onLoop("done callback");
        r.doneCallbacks++;
        r.doneSeq = ++seq;
        r.doneNanos = loop.time();
    }

    private void onLoop(String what) {
        if (Thread.currentThread() != loopThread) {
            violations.add(what + " ran off the loop thread, on " + Thread.currentThread().getName());
        }
    }

    private static Duration ns(long nanos) {
        return Duration.ofNanos(nanos);
    }

    private static String name(Node n) {
        return "T" + n.id();
    }

    private Mono<Object> outcome(String where, int value, boolean fails) {
        return Mono.defer(() -> {
            onLoop("leaf");
            if (fails) {
                FuzzFailure f = new FuzzFailure(where);
                raised.add(f);
                return Mono.error(f);
            }
            return Mono.just((Object) value);
        });
    }

    private Ended ended(Node n) {
        Ended e = new Ended(n);
        ended.add(e);
        e.startNanos = loop.time();
        return e;
    }

    private Mono<Object> track(Ended e, Mono<Object> m) {
        return m.doOnError(t -> e.error = t).doFinally(s -> {
            e.signal = s;
            e.endSeq = ++seq;
            e.endNanos = loop.time();
        });
    }

    private Mono<Object> mono(Node n) {
        if (n instanceof Leaf l) {
            Mono<Object> main = Asyncio.sleep(ns(l.nanos())).then(outcome("#" + l.id(), l.id(), l.fails()));
            if (l.cleanupNanos() < 0) {
                return main;
            }
            return main.onErrorResume(CancelledException.class,
                    e -> Asyncio.sleep(ns(l.cleanupNanos())).then(outcome("#" + l.id() + " cleanup", -l.id(), l.cleanupFails())));
        }
        if (n instanceof Spawn s) {
            return Mono.defer(() -> {
                Task<Object> t = task(s.body(), Kind.SPAWNED, b -> Asyncio.createTask(b, name(s.body())), null);
                return s.preNanos() == 0 ? t : Asyncio.sleep(ns(s.preNanos())).then(t);
            });
        }
        if (n instanceof Gather g) {
            return Mono.defer(() -> {
                Ended e = ended(g);
                List<Task<Object>> ts = new ArrayList<>();
                for (Node c : g.children()) {
                    ts.add(task(c, Kind.GATHERED, b -> Asyncio.createTask(b, name(c)), e));
                }
                Mono<Object> m = g.settled()
                        ? Asyncio.gatherSettled(ts).map(outcomes -> {
                            for (Outcome<Object> o : outcomes) {
                                if (o.error() != null && !(o.error() instanceof CancellationException)) {
                                    caught.add(o.error());
                                }
                            }
                            return (Object) outcomes.size();
                        })
                        : Asyncio.gather(ts).map(values -> (Object) values.size());
                return track(e, m);
            });
        }
        if (n instanceof Wait w) {
            return Mono.defer(() -> {
                Ended e = ended(w);
                List<Task<Object>> ts = new ArrayList<>();
                for (Node c : w.children()) {
                    ts.add(task(c, Kind.WAITED, b -> Asyncio.createTask(b, name(c)), e));
                }
                return track(e, Asyncio.wait(ts, w.when(), w.timeoutNanos() < 0 ? null : ns(w.timeoutNanos()))
                        .map(result -> {
                            checkWait(w, e, ts, result);
                            for (AsyncFuture<Object> f : result.done()) {
                                if (!f.isCancelled() && f.exception() != null) {
                                    caught.add(f.exception());
                                }
                            }
                            return (Object) result.done().size();
                        }));
            });
        }
        if (n instanceof WaitFor w) {
            return Mono.defer(() -> {
                Ended e = ended(w);
                return track(e, Asyncio.waitFor(mono(w.body()).doOnError(t -> e.bodyError = t), ns(w.timeoutNanos())));
            });
        }
        if (n instanceof Timeout t) {
            return Mono.defer(() -> {
                Ended e = ended(t);
                return track(e, Asyncio.timeout(ns(t.delayNanos()), cm -> mono(t.body()).doOnError(x -> e.bodyError = x)));
            });
        }
        if (n instanceof Shield s) {
            return Mono.defer(() -> Asyncio.shield(task(s.body(), Kind.SHIELDED, b -> Asyncio.createTask(b, name(s.body())), null)));
        }
        if (n instanceof Group g) {
            return Mono.defer(() -> {
                Ended e = ended(g);
                return track(e, TaskGroup.run(tg -> {
                    for (Node c : g.children()) {
                        task(c, Kind.GROUPED, b -> tg.createTask(b, name(c)), e);
                    }
                    return mono(g.body()).doOnError(t -> e.bodyError = t);
                }));
            });
        }
        Recover r = (Recover) n;
        return mono(r.body()).onErrorResume(e -> !(e instanceof CancellationException), e -> {
            caught.add(e);
            return Mono.just(-1);
        });
    }

    // ------------------------------------------------------------------------------------------
    // The invariants
    // ------------------------------------------------------------------------------------------

    private void verify() {
        everyTaskEndsOnce();
        failuresSurfaceOnce();
        for (Ended e : ended) {
            if (e.node instanceof Group) {
                groupEndsAfterItsChildren(e);
            } else if (e.node instanceof Gather g && !g.settled()) {
                gatherFailsWithTheFirstFailure(e);
            } else if (e.node instanceof Timeout t) {
                timeoutFiresAtItsDeadline(e, t.delayNanos());
            } else if (e.node instanceof WaitFor w) {
                timeoutFiresAtItsDeadline(e, w.timeoutNanos());
            }
        }
        cancellingCountsReturn();
        if (FuzzModel.predicts(tree)) {
            modelAgrees();
        }
        if (tree.cancels.isEmpty() && rootError instanceof CancellationException) {
            violations.add("main ended cancelled, but nothing cancelled anything from outside: " + rootError);
        }
    }

    /**
     * For a tree the model predicts exactly: main and every task end when, and how, the model says
     * (their values, their failures, timeouts, ExceptionGroups and cancellations).
     */
    private void modelAgrees() {
        Map<Integer, FuzzModel.End> expected = FuzzModel.predict(tree);
        TaskRec root = tasks.get(tree.root.id());
        String rootOutcome = rootError != null ? FuzzModel.outcomeOf(rootError) : "v:" + rootValue;
        FuzzModel.End rootExpected = expected.get(tree.root.id());
        if (!rootOutcome.equals(rootExpected.outcome()) || root.bodyEndNanos != rootExpected.at()) {
            violations.add("model: main should end at " + rootExpected.at() + " ns with " + rootExpected.outcome()
                    + ", ended at " + root.bodyEndNanos + " ns with " + rootOutcome);
        }
        for (TaskRec r : tasks.values()) {
            FuzzModel.End e = expected.get(r.id);
            if (r.kind == Kind.MAIN || e == null || !r.task.isDone()) {
                continue;
            }
            String outcome = r.task.isCancelled() ? "cancelled"
                    : r.task.exception() != null ? FuzzModel.outcomeOf(r.task.exception()) : "v:" + r.task.result();
            if (!outcome.equals(e.outcome()) || r.doneNanos != e.at()) {
                violations.add("model: task #" + r.id + " should end at " + e.at() + " ns with " + e.outcome()
                        + ", ended at " + r.doneNanos + " ns with " + outcome);
            }
        }
    }

    /** Invariants 1, 2, 6: each task of the tree is created, runs its body, ends and calls back once; none is left. */
    private void everyTaskEndsOnce() {
        List<Integer> expected = new ArrayList<>();
        FuzzTree.taskIds(tree.root, true, expected);
        if (!tasks.keySet().equals(new java.util.LinkedHashSet<>(expected)) || tasks.size() != expected.size()) {
            violations.add("tasks created " + tasks.keySet() + ", the tree has " + expected);
        }
        for (TaskRec r : tasks.values()) {
            String t = "task #" + r.id + " (" + r.kind + ")";
            if (r.created != 1 || r.bodyStarts != 1 || r.bodyEnds != 1) {
                violations.add(t + ": created " + r.created + ", body started " + r.bodyStarts + ", ended " + r.bodyEnds + " times");
            }
            if (r.doneCallbacks != 1) {
                violations.add(t + ": done callback ran " + r.doneCallbacks + " times");
            }
            if (r.task != null && !r.task.isDone()) {
                violations.add(t + " is not done after Asyncio.run returned");
            }
        }
        if (loop != null && loop.taskCount() != 0) {
            violations.add(loop.taskCount() + " task(s) left in allTasks() after Asyncio.run returned");
        }
    }

    /**
     * Invariant 4: every failure raised surfaces exactly once: thrown by {@code Asyncio.run},
     * grouped, caught by a body, or reported as never retrieved. A gathered task's failure may also
     * be retrieved silently by its gather after the gather ended (as CPython's does), so it
     * surfaces at most once. Nothing else may surface: only the tree's failures, cancellations and
     * timeouts wrapping them.
     */
    private void failuresSurfaceOnce() {
        // Asyncio.run's shutdown (CPython's runner) reports every task that was still pending when
        // main ended and then ended failed, whether or not someone retrieved its exception (a
        // group does): those reports come once per such task, besides the normal sinks.
        long rootEndSeq = tasks.get(tree.root.id()).bodyEndSeq;
        // (A gather or an awaiting task ends with its child's very exception: one instance may be
        // the outcome of several tasks, and is then reported once for each.)
        Map<Throwable, Integer> failedAtShutdown = new IdentityHashMap<>();
        for (TaskRec r : tasks.values()) {
            if (r.bodyEndSeq > rootEndSeq && r.task.isDone() && !r.task.isCancelled() && r.task.exception() != null) {
                failedAtShutdown.merge(r.task.exception(), 1, Integer::sum);
            }
        }
        List<Throwable> sinks = new ArrayList<>();
        List<Throwable> shutdownReports = new ArrayList<>();
        if (rootError != null) {
            sinks.add(rootError);
        }
        sinks.addAll(caught);
        Map<Throwable, Integer> shutdownReported = new IdentityHashMap<>();
        for (Throwable r : reported) {
            if (failedAtShutdown.containsKey(r)) {
                shutdownReports.add(r);
                shutdownReported.merge(r, 1, Integer::sum);
            } else {
                sinks.add(r);
            }
            if (r instanceof CancellationException) {
                violations.add("a cancellation was reported to the exception handler: " + r);
            }
        }
        failedAtShutdown.forEach((error, tasksWithIt) -> {
            if (!tasksWithIt.equals(shutdownReported.getOrDefault(error, 0))) {
                violations.add(tasksWithIt + " task(s) failed with " + error + " during the shutdown, reported "
                        + shutdownReported.getOrDefault(error, 0) + " times");
            }
        });
        Map<Throwable, Integer> seen = new IdentityHashMap<>();
        for (Throwable sink : sinks) {
            count(sink, seen, Collections.newSetFromMap(new IdentityHashMap<>()));
        }
        Map<Throwable, Integer> atShutdown = new IdentityHashMap<>();
        for (Throwable sink : shutdownReports) {
            count(sink, atShutdown, Collections.newSetFromMap(new IdentityHashMap<>()));
        }
        // A gather retrieves its children's exceptions: after it ended (GATHER-05), or all of them
        // when it was cancelled (bpo-32684), dropping them as CPython does; so does cancel() on a
        // failed task. What is inside them may have surfaced nowhere else.
        Map<Throwable, Integer> gathered = new IdentityHashMap<>();
        for (Throwable t : silenced) {
            count(t, gathered, Collections.newSetFromMap(new IdentityHashMap<>()));
        }
        for (Ended e : ended) {
            if (e.node instanceof Gather) {
                for (TaskRec c : e.children) {
                    if (c.task.isDone() && !c.task.isCancelled() && c.task.exception() != null) {
                        count(c.task.exception(), gathered, Collections.newSetFromMap(new IdentityHashMap<>()));
                    }
                }
            }
        }
        for (FuzzFailure f : raised) {
            int times = seen.getOrDefault(f, 0);
            boolean surfaced = times == 1 || (times == 0 && (atShutdown.containsKey(f) || gathered.containsKey(f)));
            if (!surfaced) {
                violations.add("failure " + f.getMessage() + " surfaced " + times + " times"
                        + (atShutdown.containsKey(f) ? " (and in shutdown reports)" : ""));
            }
        }
        for (Map<Throwable, Integer> m : List.of(seen, atShutdown)) {
            for (Throwable t : m.keySet()) {
                if (!(t instanceof FuzzFailure)) {
                    violations.add("unexpected exception surfaced: " + t);
                }
            }
        }
    }

    private static void count(Throwable t, Map<Throwable, Integer> seen, Set<Throwable> walked) {
        if (t == null) {
            return;
        }
        if (t instanceof FuzzFailure) {
            seen.merge(t, 1, Integer::sum);
            return;
        }
        if (!walked.add(t)) {
            return;
        }
        if (t instanceof ExceptionGroup g) {
            // Its members are also its suppressed exceptions: count them once.
            for (Throwable m : g.exceptions()) {
                count(m, seen, walked);
            }
            return;
        }
        // Asyncio.run wraps a checked exception (a TimeoutException) in a CompletionException.
        boolean wrapper = t instanceof java.util.concurrent.CompletionException && t.getCause() != null;
        if (!(t instanceof CancellationException) && !(t instanceof TimeoutException) && !wrapper) {
            seen.merge(t, 1, Integer::sum);
        }
        count(t.getCause(), seen, walked);
        for (Throwable s : t.getSuppressed()) {
            count(s, seen, walked);
        }
    }

    /** Invariant 3: no group ends before its children; it fails with exactly its children's (and body's) failures. */
    private void groupEndsAfterItsChildren(Ended e) {
        if (e.endSeq < 0) {
            violations.add("group #" + e.node.id() + " never ended");
            return;
        }
        List<Throwable> failures = new ArrayList<>();
        for (TaskRec c : e.children) {
            if (e.signal != SignalType.CANCEL && c.bodyEndSeq > e.endSeq) {
                violations.add("group #" + e.node.id() + " ended before its child #" + c.id);
            }
            if (c.task.isDone() && !c.task.isCancelled() && c.task.exception() != null) {
                failures.add(c.task.exception());
            }
        }
        if (e.bodyError != null && !(e.bodyError instanceof CancellationException)) {
            failures.add(e.bodyError);
        }
        if (e.signal == SignalType.CANCEL) {
            return;
        }
        if (failures.isEmpty()) {
            if (e.error != null && !(e.error instanceof CancellationException)) {
                violations.add("group #" + e.node.id() + " failed with " + e.error + " though nothing in it failed");
            }
        } else if (!(e.error instanceof ExceptionGroup g) || !sameMembers(g.exceptions(), failures)) {
            violations.add("group #" + e.node.id() + " ended with " + e.error + ", expected an ExceptionGroup of " + failures);
        }
    }

    private static boolean sameMembers(List<Throwable> a, List<Throwable> b) {
        if (a.size() != b.size()) {
            return false;
        }
        Set<Throwable> sa = Collections.newSetFromMap(new IdentityHashMap<>());
        sa.addAll(a);
        for (Throwable t : b) {
            if (!sa.contains(t)) {
                return false;
            }
        }
        return true;
    }

    /** A gather (without return_exceptions) ends with a value only if every child succeeded, else with the first failure. */
    private void gatherFailsWithTheFirstFailure(Ended e) {
        if (e.signal == SignalType.CANCEL || e.endSeq < 0) {
            return;
        }
        TaskRec first = null;
        for (TaskRec c : e.children) {
            boolean bad = c.task.isDone() && (c.task.isCancelled() || c.task.exception() != null);
            if (bad && c.doneSeq < e.endSeq && (first == null || c.doneSeq < first.doneSeq)) {
                first = c;
            }
        }
        if (e.error == null) {
            for (TaskRec c : e.children) {
                if (!c.task.isDone() || c.task.isCancelled() || c.task.exception() != null || c.doneSeq > e.endSeq) {
                    violations.add("gather #" + e.node.id() + " returned a value, but child #" + c.id + " did not succeed before");
                }
            }
        } else if (!(e.error instanceof CancellationException)) {
            if (first == null || first.task.isCancelled() || first.task.exception() != e.error) {
                violations.add("gather #" + e.node.id() + " failed with " + e.error + ", not its first child failure "
                        + (first == null ? "(none)" : "#" + first.id));
            }
        }
    }

    /** A timeout (or waitFor) raises TimeoutException only at or after its deadline, caused by the cancellation. */
    private void timeoutFiresAtItsDeadline(Ended e, long delay) {
        // A TimeoutException of an inner timeout passes through unchanged: only a new one is this node's.
        if (e.error instanceof TimeoutException te && te != e.bodyError) {
            if (e.endNanos - e.startNanos < delay) {
                violations.add("#" + e.node.id() + " timed out after " + (e.endNanos - e.startNanos) + " ns, before its " + delay + " ns");
            }
            if (!(te.getCause() instanceof CancelledException)) {
                violations.add("#" + e.node.id() + "'s TimeoutException is not caused by the cancellation: " + te.getCause());
            }
        }
    }

    /** What {@code wait} returns: the done and the pending futures, as its ReturnWhen and timeout say. */
    private void checkWait(Wait w, Ended e, List<Task<Object>> ts, WaitResult<Object> r) {
        for (AsyncFuture<Object> f : r.done()) {
            if (!f.isDone()) {
                violations.add("wait #" + w.id() + " returned a pending future as done");
            }
        }
        for (AsyncFuture<Object> f : r.pending()) {
            if (f.isDone()) {
                violations.add("wait #" + w.id() + " returned a done future as pending");
            }
        }
        if (r.done().size() + r.pending().size() != ts.size()) {
            violations.add("wait #" + w.id() + " lost futures: " + r.done().size() + " done + " + r.pending().size() + " pending of " + ts.size());
        }
        boolean satisfied;
        switch (w.when()) {
            case FIRST_COMPLETED:
                satisfied = !r.done().isEmpty();
                break;
            case FIRST_EXCEPTION:
                satisfied = r.pending().isEmpty() || r.done().stream().anyMatch(f -> !f.isCancelled() && f.exception() != null);
                break;
            default:
                satisfied = r.pending().isEmpty();
        }
        long waited = loop.time() - e.startNanos;
        if (!satisfied && (w.timeoutNanos() < 0 || waited < w.timeoutNanos())) {
            violations.add("wait #" + w.id() + " (" + w.when() + ") returned after " + waited + " ns with its condition unmet");
        }
    }

    /**
     * Invariant 5: the count of cancellation requests. Timeouts, waitFor and task groups in a
     * body take back what they add, so a task nobody else cancels ends at zero; no task ends
     * below the number of cancel() calls the test made on it.
     */
    private void cancellingCountsReturn() {
        // Tasks still pending when main's body ended are cancelled by Asyncio.run's shutdown.
        long rootEndSeq = tasks.get(tree.root.id()).bodyEndSeq;
        for (TaskRec r : tasks.values()) {
            int count = r.task.cancelling();
            if (count < r.externalCancels) {
                violations.add("task #" + r.id + " cancelling() is " + count + " after " + r.externalCancels + " cancel() calls");
            }
            boolean onlyExternal = r.kind == Kind.MAIN || r.kind == Kind.SHIELDED || r.kind == Kind.WAITED;
            if (onlyExternal && r.bodyEndSeq <= rootEndSeq && count != r.externalCancels) {
                violations.add("task #" + r.id + " (" + r.kind + ") ended with cancelling() " + count + ", but only "
                        + r.externalCancels + " cancel() calls reached it");
            }
            // A body that awaits other tasks may end cancelled because one of them was: only a
            // body that awaits nothing but its own sleeps is cancelled by its own cancel() alone.
            if (onlyExternal && r.body instanceof Leaf && r.externalCancels == 0 && r.task.isCancelled()
                    && r.bodyEndSeq <= rootEndSeq) {
                violations.add("task #" + r.id + " (" + r.kind + ") ended cancelled though nobody cancelled it");
            }
        }
    }

    /** What happened, for a failure message: main's outcome, what was reported, each task's end. */
    private String outcome() {
        StringBuilder sb = new StringBuilder("(what happened) main: ").append(rootError != null ? rootError : rootValue);
        sb.append("; reported: ").append(reported).append("; caught: ").append(caught);
        for (TaskRec r : tasks.values()) {
            sb.append("\n  task #").append(r.id).append(' ').append(r.task).append(" cancelling=")
                    .append(r.task == null ? "-" : r.task.cancelling()).append(" externalCancels=").append(r.externalCancels)
                    .append(" bodyEnd=").append(r.bodyEndSeq).append(" done=").append(r.doneSeq);
        }
        return sb.toString();
    }
}
