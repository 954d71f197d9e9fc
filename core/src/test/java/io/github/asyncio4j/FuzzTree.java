package io.github.asyncio4j;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A random task tree for {@link TaskTreeFuzzTest}: what each awaitable of a test program does,
 * generated from a seed, so the same seed always gives the same program.
 *
 * <p>Every duration is a random number of nanoseconds between 1 ms and 1 s, so two timers of a
 * tree practically never fall on the same virtual instant: the order of events is the order of
 * their deadlines, and a run is deterministic. Every task of the tree is created in the first
 * instant (nodes never wait before creating their tasks), which is what lets the checks know the
 * set of tasks in advance.
 */
final class FuzzTree {

    /** What a task or an awaited expression does. Ids are unique in a tree; a task has its body's id. */
    sealed interface Node permits Leaf, Spawn, Gather, Wait, WaitFor, Timeout, Shield, Group, Recover {
        int id();
    }

    /**
     * {@code await sleep(nanos)}, then return {@code id} or raise a new {@link FuzzFailure}. On a
     * {@link CancelledException}: rethrow it ({@code cleanupNanos < 0}), or clean up with
     * {@code await sleep(cleanupNanos)} (itself cancellable) and then return or raise (suppressing it).
     */
    record Leaf(int id, long nanos, boolean fails, long cleanupNanos, boolean cleanupFails) implements Node {
    }

    /** {@code t = create_task(body); await sleep(preNanos); return await t} (no sleep when {@code preNanos} is 0). */
    record Spawn(int id, Node body, long preNanos) implements Node {
    }

    /** {@code await gather(*[create_task(c) for c in children], return_exceptions=settled)}. */
    record Gather(int id, List<Node> children, boolean settled) implements Node {
    }

    /** {@code done, pending = await wait([create_task(c) ...], return_when=when, timeout=...)}; reads each done task's exception. */
    record Wait(int id, List<Node> children, ReturnWhen when, long timeoutNanos) implements Node {
    }

    /** {@code await wait_for(body, timeout)} (the body runs in the awaiting task). */
    record WaitFor(int id, Node body, long timeoutNanos) implements Node {
    }

    /** {@code async with timeout(delay): await body}. */
    record Timeout(int id, Node body, long delayNanos) implements Node {
    }

    /** {@code await shield(create_task(body))}. */
    record Shield(int id, Node body) implements Node {
    }

    /** {@code async with TaskGroup() as tg: [tg.create_task(c) for c in children]; await body}. */
    record Group(int id, List<Node> children, Node body) implements Node {
    }

    /** {@code try: return await body except Exception as e: record(e); return -1} (cancellations pass). */
    record Recover(int id, Node body) implements Node {
    }

    /** {@code loop.call_at(atNanos, lambda: task(target).cancel())}. */
    record Cancel(long atNanos, int target) {
    }

    final long seed;
    final Node root;
    final List<Cancel> cancels;
    final boolean eager;
    final int nodes;

    private FuzzTree(long seed, Node root, List<Cancel> cancels, boolean eager, int nodes) {
        this.seed = seed;
        this.root = root;
        this.cancels = cancels;
        this.eager = eager;
        this.nodes = nodes;
    }

    /** The tree of {@code seed}. */
    static FuzzTree generate(long seed) {
        return generate(seed, false);
    }

    /**
     * The tree of {@code seed}; a {@code predictable} one has no cancel from outside and only
     * leaves that propagate their cancellation, so {@link FuzzModel} predicts all of it.
     */
    static FuzzTree generate(long seed, boolean predictable) {
        Generator g = new Generator(new SplittableRandom(seed), predictable);
        Node root = g.node(0);
        List<Integer> tasks = new ArrayList<>();
        taskIds(root, true, tasks);
        List<Cancel> cancels = new ArrayList<>();
        int n = predictable ? 0 : g.rnd.nextInt(4);
        for (int i = 0; i < n; i++) {
            cancels.add(new Cancel(g.duration() + g.rnd.nextLong(200_000_000L), tasks.get(g.rnd.nextInt(tasks.size()))));
        }
        return new FuzzTree(seed, root, cancels, g.rnd.nextInt(4) == 0, g.next);
    }

    /** The ids of the nodes that are the bodies of tasks (the root first). */
    static void taskIds(Node n, boolean isTask, List<Integer> out) {
        if (isTask) {
            out.add(n.id());
        }
        if (n instanceof Spawn s) {
            taskIds(s.body(), true, out);
        } else if (n instanceof Gather g) {
            g.children().forEach(c -> taskIds(c, true, out));
        } else if (n instanceof Wait w) {
            w.children().forEach(c -> taskIds(c, true, out));
        } else if (n instanceof Shield s) {
            taskIds(s.body(), true, out);
        } else if (n instanceof Group g) {
            g.children().forEach(c -> taskIds(c, true, out));
            taskIds(g.body(), false, out);
        } else if (n instanceof WaitFor w) {
            taskIds(w.body(), false, out);
        } else if (n instanceof Timeout t) {
            taskIds(t.body(), false, out);
        } else if (n instanceof Recover r) {
            taskIds(r.body(), false, out);
        }
    }

    /** The direct child nodes of {@code n}, in order. */
    static void children(Node n, List<Node> out) {
        if (n instanceof Spawn s) {
            out.add(s.body());
        } else if (n instanceof Gather g) {
            out.addAll(g.children());
        } else if (n instanceof Wait w) {
            out.addAll(w.children());
        } else if (n instanceof WaitFor w) {
            out.add(w.body());
        } else if (n instanceof Timeout t) {
            out.add(t.body());
        } else if (n instanceof Shield s) {
            out.add(s.body());
        } else if (n instanceof Group g) {
            out.addAll(g.children());
            out.add(g.body());
        } else if (n instanceof Recover r) {
            out.add(r.body());
        }
    }

    private static final class Generator {
        final SplittableRandom rnd;
        final boolean predictable;
        int next;

        Generator(SplittableRandom rnd, boolean predictable) {
            this.rnd = rnd;
            this.predictable = predictable;
        }

        /** 1 ms to 1 s, to the nanosecond: ties between independent timers are practically impossible. */
        long duration() {
            return 1_000_000L + rnd.nextLong(999_000_000L);
        }

        Node node(int depth) {
            int id = next++;
            if (depth >= 5 || next > 30 || rnd.nextInt(10) < 2 + depth) {
                return leaf(id);
            }
            switch (rnd.nextInt(9)) {
                case 0:
                    return new Spawn(id, node(depth + 1), rnd.nextBoolean() ? 0 : duration());
                case 1:
                    return new Gather(id, children(depth), rnd.nextBoolean());
                case 2:
                    return new Wait(id, children(depth), ReturnWhen.values()[rnd.nextInt(3)], rnd.nextBoolean() ? -1 : duration());
                case 3:
                    return new WaitFor(id, node(depth + 1), duration());
                case 4:
                    return new Timeout(id, node(depth + 1), duration());
                case 5:
                    return new Shield(id, node(depth + 1));
                case 6:
                case 7:
                    return new Group(id, children(depth), node(depth + 1));
                default:
                    return new Recover(id, node(depth + 1));
            }
        }

        private List<Node> children(int depth) {
            int n = 1 + rnd.nextInt(3);
            List<Node> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                out.add(node(depth + 1));
            }
            return out;
        }

        private Leaf leaf(int id) {
            boolean suppress = !predictable && rnd.nextInt(3) == 0;
            return new Leaf(id, duration(), rnd.nextInt(4) == 0, suppress ? duration() : -1, suppress && rnd.nextInt(3) == 0);
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        sb.append("seed ").append(seed).append(eager ? " (eager tasks)" : "").append(", cancels ").append(cancels).append('\n');
        print(root, "main: ", 0, sb);
        return sb.toString();
    }

    private static String ms(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.6fs", nanos / 1e9);
    }

    private static void print(Node n, String label, int indent, StringBuilder sb) {
        sb.append("  ".repeat(indent)).append(label).append('#').append(n.id()).append(' ');
        if (n instanceof Leaf l) {
            sb.append("sleep ").append(ms(l.nanos())).append(l.fails() ? " then fail" : " then return")
                    .append(l.cleanupNanos() < 0 ? ", cancel: propagate"
                            : ", cancel: clean up " + ms(l.cleanupNanos()) + (l.cleanupFails() ? " then fail" : " then return"))
                    .append('\n');
        } else if (n instanceof Spawn s) {
            sb.append("spawn, await after ").append(ms(s.preNanos())).append('\n');
            print(s.body(), "task ", indent + 1, sb);
        } else if (n instanceof Gather g) {
            sb.append(g.settled() ? "gatherSettled" : "gather").append('\n');
            g.children().forEach(c -> print(c, "task ", indent + 1, sb));
        } else if (n instanceof Wait w) {
            sb.append("wait ").append(w.when()).append(w.timeoutNanos() < 0 ? "" : " timeout " + ms(w.timeoutNanos())).append('\n');
            w.children().forEach(c -> print(c, "task ", indent + 1, sb));
        } else if (n instanceof WaitFor w) {
            sb.append("waitFor ").append(ms(w.timeoutNanos())).append('\n');
            print(w.body(), "", indent + 1, sb);
        } else if (n instanceof Timeout t) {
            sb.append("timeout ").append(ms(t.delayNanos())).append('\n');
            print(t.body(), "", indent + 1, sb);
        } else if (n instanceof Shield s) {
            sb.append("shield\n");
            print(s.body(), "task ", indent + 1, sb);
        } else if (n instanceof Group g) {
            sb.append("TaskGroup\n");
            g.children().forEach(c -> print(c, "child ", indent + 1, sb));
            print(g.body(), "body ", indent + 1, sb);
        } else if (n instanceof Recover r) {
            sb.append("recover\n");
            print(r.body(), "", indent + 1, sb);
        }
    }
}
