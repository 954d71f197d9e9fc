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
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;

/**
 * The model of asyncio's semantics that {@link TaskTreeFuzzTest} checks the implementation
 * against, for the trees it can predict exactly: no cancel from outside, and every leaf
 * propagates its cancellation (so whatever is cancelled ends at that very instant). It computes,
 * from the tree alone, when each task ends and how (its value, its failure, or cancelled), and
 * the same for main, following CPython 3.13's rules: a gather fails with its first failure and
 * leaves its siblings running; a cancelled gather cancels its children; wait never cancels; a
 * timeout converts its own cancellation into TimeoutException; a shield's inner task runs on; a
 * task group cancels everything on the first failure and raises an ExceptionGroup of what failed;
 * Asyncio.run cancels what is left when main ends.
 *
 * <p>An outcome is a string: {@code v:42} (a value), {@code #7} (a failure raised by node 7),
 * {@code timeout}, {@code cancelled}, {@code eg[...]} (members sorted).
 */
final class FuzzModel {

    private static final long NEVER = Long.MAX_VALUE;

    /** How a node or task ended: when, and with what. */
    record End(long at, String outcome) {
        boolean failed() {
            return !outcome.startsWith("v:") && !outcome.equals("cancelled");
        }
    }

    private final Map<Integer, End> tasks = new LinkedHashMap<>();

    private FuzzModel() {
    }

    /** Whether the model predicts {@code tree} exactly. */
    static boolean predicts(FuzzTree tree) {
        return tree.cancels.isEmpty() && allPropagate(tree.root);
    }

    private static boolean allPropagate(Node n) {
        if (n instanceof Leaf l) {
            return l.cleanupNanos() < 0;
        }
        List<Node> kids = new ArrayList<>();
        FuzzTree.children(n, kids);
        return kids.stream().allMatch(FuzzModel::allPropagate);
    }

    /** The predicted end of every task (by the id of its body), main's included, after Asyncio.run's shutdown. */
    static Map<Integer, End> predict(FuzzTree tree) {
        FuzzModel m = new FuzzModel();
        End root = m.eval(tree.root, 0, NEVER);
        m.tasks.put(tree.root.id(), root);
        // Asyncio.run cancels every task still running when main has ended, at that instant.
        m.tasks.replaceAll((id, e) -> e.at() > root.at() ? new End(root.at(), "cancelled") : e);
        return m.tasks;
    }

    /** {@code n} started at {@code t0}; a cancellation reaches it at {@code cancelAt} (NEVER: none). */
    private End eval(Node n, long t0, long cancelAt) {
        if (n instanceof Leaf l) {
            long done = t0 + l.nanos();
            // A cancellation at the very instant this ends was caused by this end (independent timers
            // never tie): it comes after, and finds the leaf done.
            if (done <= cancelAt) {
                return new End(done, l.fails() ? "#" + l.id() : "v:" + l.id());
            }
            return new End(cancelAt, "cancelled");
        }
        if (n instanceof Spawn s) {
            long awaitFrom = t0 + s.preNanos();
            if (cancelAt < awaitFrom) {
                // Cancelled while sleeping before the await: the child task is not awaited, runs on.
                task(s.body(), t0, NEVER);
                return new End(cancelAt, "cancelled");
            }
            End child = task(s.body(), t0, cancelAt);
            return new End(Math.max(awaitFrom, child.at()), child.outcome());
        }
        if (n instanceof Gather g) {
            return gather(g, t0, cancelAt);
        }
        if (n instanceof Wait w) {
            return waitFor(w, t0, cancelAt);
        }
        if (n instanceof WaitFor w) {
            return timeout(w.body(), t0, t0 + w.timeoutNanos(), cancelAt);
        }
        if (n instanceof Timeout t) {
            return timeout(t.body(), t0, t0 + t.delayNanos(), cancelAt);
        }
        if (n instanceof Shield s) {
            End inner = task(s.body(), t0, NEVER);
            return cancelAt < inner.at() ? new End(cancelAt, "cancelled") : inner;
        }
        if (n instanceof Group g) {
            return group(g, t0, cancelAt);
        }
        End body = eval(((Recover) n).body(), t0, cancelAt);
        return body.failed() ? new End(body.at(), "v:-1") : body;
    }

    /** A task running {@code body} from {@code t0}, cancelled at {@code cancelAt}: recorded under its body's id. */
    private End task(Node body, long t0, long cancelAt) {
        End e = eval(body, t0, cancelAt);
        tasks.put(body.id(), e);
        return e;
    }

    private End timeout(Node body, long t0, long deadline, long cancelAt) {
        End inner = eval(body, t0, Math.min(deadline, cancelAt));
        // A cancellation from outside at the deadline was caused by this timeout's own expiry.
        if (deadline <= cancelAt && inner.at() == deadline && inner.outcome().equals("cancelled")) {
            return new End(deadline, "timeout");
        }
        return inner;
    }

    private End gather(Gather g, long t0, long cancelAt) {
        // First as if nobody cancelled the gather: when would it end?
        List<End> natural = new ArrayList<>();
        for (Node c : g.children()) {
            natural.add(eval(c, t0, NEVER));
        }
        long end = 0;
        End firstBad = null;
        for (End e : natural) {
            end = Math.max(end, e.at());
            if (!g.settled() && !e.outcome().startsWith("v:") && (firstBad == null || e.at() < firstBad.at())) {
                firstBad = e;
            }
        }
        long naturalEnd = firstBad != null ? firstBad.at() : end;
        // Cancelled before it ended: the children still running are cancelled with it.
        long childCancel = cancelAt < naturalEnd ? cancelAt : NEVER;
        List<End> kids = new ArrayList<>();
        for (Node c : g.children()) {
            kids.add(task(c, t0, childCancel));
        }
        if (childCancel != NEVER) {
            return new End(cancelAt, "cancelled");
        }
        if (firstBad != null) {
            return firstBad;
        }
        return new End(end, "v:" + kids.size());
    }

    private End waitFor(Wait w, long t0, long cancelAt) {
        List<End> kids = new ArrayList<>();
        for (Node c : w.children()) {
            kids.add(task(c, t0, NEVER));
        }
        long returns;
        List<Long> ends = new ArrayList<>();
        for (End e : kids) {
            ends.add(e.at());
        }
        switch (w.when()) {
            case FIRST_COMPLETED:
                returns = Collections.min(ends);
                break;
            case FIRST_EXCEPTION:
                returns = Collections.max(ends);
                for (End e : kids) {
                    if (e.failed()) {
                        returns = Math.min(returns, e.at());
                    }
                }
                break;
            default:
                returns = Collections.max(ends);
        }
        if (w.timeoutNanos() >= 0) {
            returns = Math.min(returns, t0 + w.timeoutNanos());
        }
        if (cancelAt < returns) {
            return new End(cancelAt, "cancelled");
        }
        long at = returns;
        return new End(at, "v:" + kids.stream().filter(e -> e.at() <= at).count());
    }

    private End group(Group g, long t0, long cancelAt) {
        // As if nothing aborted the group: its first failure (a child's, or the body's) aborts it,
        // and so does a cancellation from outside that comes before it has ended.
        long firstFailure = NEVER;
        long naturalEnd = 0;
        for (Node c : g.children()) {
            End e = eval(c, t0, NEVER);
            naturalEnd = Math.max(naturalEnd, e.at());
            if (e.failed()) {
                firstFailure = Math.min(firstFailure, e.at());
            }
        }
        End naturalBody = eval(g.body(), t0, NEVER);
        naturalEnd = Math.max(naturalEnd, naturalBody.at());
        if (naturalBody.failed()) {
            firstFailure = Math.min(firstFailure, naturalBody.at());
        }
        long abortAt = firstFailure;
        if (cancelAt < Math.min(firstFailure, naturalEnd + 1)) {
            abortAt = cancelAt;
        }
        List<End> kids = new ArrayList<>();
        for (Node c : g.children()) {
            kids.add(task(c, t0, abortAt));
        }
        End body = eval(g.body(), t0, abortAt);
        List<String> failures = new ArrayList<>();
        long end = body.at();
        for (End e : kids) {
            end = Math.max(end, e.at());
            if (e.failed()) {
                failures.add(e.outcome());
            }
        }
        if (body.failed()) {
            failures.add(body.outcome());
        }
        if (!failures.isEmpty()) {
            return new End(end, eg(failures));
        }
        if (abortAt != NEVER) {
            return new End(end, "cancelled");
        }
        return new End(end, body.outcome());
    }

    private static String eg(List<String> members) {
        List<String> sorted = new ArrayList<>(members);
        Collections.sort(sorted);
        return "eg" + sorted;
    }

    /** The outcome string of what a task or Asyncio.run ended with. */
    static String outcomeOf(Throwable error) {
        Throwable t = error;
        if (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof FuzzFailure f) {
            return f.getMessage();
        }
        if (t instanceof TimeoutException) {
            return "timeout";
        }
        if (t instanceof CancellationException) {
            return "cancelled";
        }
        if (t instanceof ExceptionGroup g) {
            List<String> members = new ArrayList<>();
            for (Throwable m : g.exceptions()) {
                members.add(outcomeOf(m));
            }
            return eg(members);
        }
        return "unexpected " + t;
    }
}
