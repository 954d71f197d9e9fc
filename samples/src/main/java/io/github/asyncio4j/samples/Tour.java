package io.github.asyncio4j.samples;

import io.github.asyncio4j.EventLoop;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Runs every sample, in the order of the tutorials they come from, each under a header line:
 * what {@code ./mvnw -B -q -pl samples -am compile exec:java} (the README's quick start) runs.
 *
 * <p>On real time the tour takes as long as the samples sleep (a few seconds each, about 75 s
 * in all). Lines that are due at the same instant on the virtual clock of the tests may come in
 * another order on a real clock, where timers armed a hair apart fire in that order (CPython
 * behaves the same). To add a sample, add one line to {@link #SAMPLES}.
 */
public final class Tour {

    /** One sample: a header line and how to run it on a loop, printing through a consumer. */
    record Sample(String header, BiConsumer<EventLoop.Builder, Consumer<String>> run) {
        Sample {
            Objects.requireNonNull(header, "header");
            Objects.requireNonNull(run, "run");
        }
    }

    /** Every sample, in seed order. */
    static final List<Sample> SAMPLES = List.of(
            new Sample("== CreatingTasks (seed 000): two tasks run concurrently ==", CreatingTasks::run),
            new Sample("== CommonTaskOperations (seed 000): done, cancel, await, wait_for ==", CommonTaskOperations::run),
            new Sample("== BackgroundTask (seed 001): other code runs while a task fetches ==", BackgroundTask::run),
            new Sample("== CancelWithMessage (seed 001): cancelling a task with a message ==", CancelWithMessage::run),
            new Sample("== ResultBeforeDone (seed 001): result() before the task is done ==", ResultBeforeDone::run),
            new Sample("== TimeoutOnTask (seed 001): wait_for on a task that takes too long ==", TimeoutOnTask::run),
            new Sample("== NamedTasks (seed 002): tasks with names ==", NamedTasks::run),
            new Sample("== WaitForCancelsSlowTask (seed 002): wait_for cancels a slow coroutine ==",
                    WaitForCancelsSlowTask::run),
            new Sample("== WaitFirstCompleted (seed 002): wait returns at the first completion ==",
                    WaitFirstCompleted::run),
            new Sample("== GatherResults (seed 002): gather keeps the argument order ==", GatherResults::run),
            new Sample("== ProcessAsCompleted (seed 002): results in completion order ==", ProcessAsCompleted::run),
            new Sample("== TaskGroupCancelsOnFailure (seed 002): a failing task cancels its group ==",
                    TaskGroupCancelsOnFailure::run),
            new Sample("== AwaitTask (seed 003): create a task inside the loop and await it ==", AwaitTask::run),
            new Sample("== GatherTasks (seed 003): gather two tasks ==", GatherTasks::run),
            new Sample("== CancelTask (seed 003): cancel a running task ==", CancelTask::run),
            new Sample("== MonitorTask (seed 003): poll a task until it is done ==", MonitorTask::run),
            new Sample("== FailingTask (seed 003): a task's exception, caught where it is awaited ==", FailingTask::run),
            new Sample("== DoneCallback (seed 003): a callback when the task is done ==", DoneCallback::run),
            new Sample("== LockCriticalSection (seed 003): one task at a time in the critical section ==",
                    LockCriticalSection::run),
            new Sample("== EventSignal (seed 003): a task waits for an event ==", EventSignal::run),
            new Sample("== ProducerConsumer (seed 003): a queue between a producer and a consumer ==",
                    ProducerConsumer::run),
            new Sample("== TaskDependencies (seed 003): await one coroutine's result in another ==",
                    TaskDependencies::run),
            new Sample("== HandleTaskError (seed 003): handle a risky task's error ==", HandleTaskError::run),
            new Sample("== SemaphoreLimit (seed 003): at most 3 of 10 tasks at once ==", SemaphoreLimit::run),
            new Sample("== HeartbeatMonitor (seed 003): monitor a long-running task, then stop it ==",
                    HeartbeatMonitor::run),
            new Sample("== ManagedResource (seed 003): a resource released when the task ends ==",
                    ManagedResource::run),
            new Sample("== SequentialCalls (seed 004): two awaited calls take 6 s ==", SequentialCalls::run),
            new Sample("== ConcurrentCalls (seed 004): the same calls as tasks take 3 s ==", ConcurrentCalls::run),
            new Sample("== ProgressMessages (seed 004): progress messages while the calls run ==",
                    ProgressMessages::run));

    private Tour() {
    }

    /**
     * Runs the tour on real time, printing to standard output.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        run(EventLoop.builder(), System.out::println);
    }

    /**
     * Runs every sample in order, each on a new loop built from {@code loop}, each after its header line.
     *
     * @param loop the options of the loops to run on ({@code EventLoop.builder().virtualTime()} in tests)
     * @param out where each line goes
     * @throws NullPointerException if {@code loop} or {@code out} is {@code null}
     */
    public static void run(EventLoop.Builder loop, Consumer<String> out) {
        Objects.requireNonNull(loop, "loop");
        Objects.requireNonNull(out, "out");
        for (Sample sample : SAMPLES) {
            out.accept(sample.header());
            sample.run().accept(loop, out);
        }
    }
}
