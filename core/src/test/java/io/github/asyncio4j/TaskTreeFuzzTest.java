package io.github.asyncio4j;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Model-based fuzzing of task trees (issue 8, part 1): seeded random programs ({@link FuzzTree})
 * of tasks that sleep, await children, fail, suppress or propagate cancellation, use
 * {@code gather}, {@code gatherSettled}, {@code wait}, {@code waitFor}, {@code timeout},
 * {@code shield} and nested {@code TaskGroup}s, under random cancels from outside, each run on a
 * virtual-time loop (a quarter of them with eager tasks) and checked by {@link FuzzRun}:
 * <ol>
 *   <li>every task of the tree is created, starts its body and ends exactly once;</li>
 *   <li>every done callback runs exactly once, on the loop thread;</li>
 *   <li>no group ends before its children, and it fails with exactly their failures (and its body's);</li>
 *   <li>every failure raised surfaces exactly once: thrown by {@code Asyncio.run}, grouped, caught
 *       by a body, or reported as never retrieved (a gathered task's failure after its gather ended
 *       is retrieved silently, as in CPython); no other exception surfaces anywhere;</li>
 *   <li>the {@code cancelling()} count of a task nobody else cancels returns to zero after its
 *       timeouts, waitFors and groups, and no count ends below the cancel() calls made;</li>
 *   <li>no task is left in {@code allTasks()} after {@code Asyncio.run} returns;</li>
 * </ol>
 * plus what each combinator promises: a gather fails with its first failure, a timeout fires
 * no earlier than its deadline, {@code wait} returns only when its condition holds or its timeout
 * passed, a task that only the test may cancel is never cancelled by anyone else.
 *
 * <p>For the trees {@link FuzzModel} predicts exactly (no cancel from outside, every cancellation
 * propagated at once), a second population of 20,000 by default ({@code -Dfuzz.predictable.trees},
 * replay one with {@code -Dfuzz.predictable.seed=N}), the model computes from the tree alone when
 * each task and main end, and with what (value, failure, TimeoutException, ExceptionGroup of what,
 * cancelled): the run must agree to the nanosecond of virtual time.
 *
 * <p>Replay one tree with {@code -Dfuzz.seed=N}; change the number of trees with
 * {@code -Dfuzz.trees=N} (default 50,000: about 5 s on two cores) and the first seed with {@code -Dfuzz.from=N}. A failure
 * prints the seed and the tree. Every seed that ever failed is kept in {@link #regressions}.
 */
class TaskTreeFuzzTest {

    @Test
    @DisplayName("fuzz: random task trees keep every invariant (seeds fuzz.from .. fuzz.from + fuzz.trees)")
    void randomTrees() {
        String one = System.getProperty("fuzz.seed");
        if (one != null) {
            assertHolds(Long.parseLong(one));
            return;
        }
        long from = Long.getLong("fuzz.from", 0L);
        int trees = Integer.getInteger("fuzz.trees", 50_000);
        long started = System.nanoTime();
        long[] totals = new long[6];
        for (long seed = from; seed < from + trees; seed++) {
            long[] f = assertHolds(seed);
            for (int i = 0; i < f.length; i++) {
                totals[i] += f[i];
            }
        }
        System.out.printf("fuzz: %d trees (%d nodes, %d tasks, %d failures raised, %d cancels from outside, "
                + "%d reports, %.0f s of virtual time) in %.1f s%n", trees, totals[5], totals[0], totals[1], totals[2],
                totals[3], totals[4] / 1e9, (System.nanoTime() - started) / 1e9);
    }

    @Test
    @DisplayName("fuzz: predictable trees (no cancel from outside, cancellations propagate) end exactly as the model says")
    void predictableTrees() {
        String one = System.getProperty("fuzz.predictable.seed");
        if (one != null) {
            assertHolds(Long.parseLong(one), true);
            return;
        }
        long from = Long.getLong("fuzz.from", 0L);
        int trees = Integer.getInteger("fuzz.predictable.trees", 20_000);
        long started = System.nanoTime();
        long tasks = 0;
        for (long seed = from; seed < from + trees; seed++) {
            tasks += assertHolds(seed, true)[0];
        }
        System.out.printf("fuzz: %d predictable trees (%d tasks, each one's end and outcome predicted by the model) in %.1f s%n",
                trees, tasks, (System.nanoTime() - started) / 1e9);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {0, 4, 30, 40, 82, 101, 189, 1080})
    @DisplayName("fuzz: every seed that ever failed")
    void regressions(long seed) {
        assertHolds(seed);
    }

    @ParameterizedTest(name = "predictable seed {0}")
    @ValueSource(longs = {7, 11, 64})
    @DisplayName("fuzz: every predictable seed that ever failed")
    void predictableRegressions(long seed) {
        assertHolds(seed, true);
    }

    /** Runs the tree of {@code seed}, asserts its invariants, returns its figures (tasks, failures, cancels, reports, time, nodes). */
    private static long[] assertHolds(long seed) {
        return assertHolds(seed, false);
    }

    private static long[] assertHolds(long seed, boolean predictable) {
        FuzzTree tree = FuzzTree.generate(seed, predictable);
        FuzzRun run;
        try {
            run = FuzzRun.check(tree);
        } catch (Throwable t) {
            throw new AssertionError("fuzz tree failed to run; replay with -D" + (predictable ? "fuzz.predictable.seed=" : "fuzz.seed=")
                    + seed + "\n" + tree, t);
        }
        assertThat(run.violations()).as("invariants of the tree; replay with -D%s=%d%n%s",
                predictable ? "fuzz.predictable.seed" : "fuzz.seed", seed, tree).isEmpty();
        long[] f = run.figures();
        long[] out = java.util.Arrays.copyOf(f, f.length + 1);
        out[f.length] = tree.nodes;
        return out;
    }
}
