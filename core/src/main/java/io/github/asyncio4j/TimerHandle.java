package io.github.asyncio4j;

/**
 * Something the loop runs at a deadline: a node of the loop's timer heap. The heap index lives in
 * the node, so cancelling a timer removes it at once in O(log n) and leaves nothing behind.
 * Subclasses are the things that wait for time (sleeps, {@code callLater} handles, timeouts), so
 * arming a timer costs no allocation beyond the object that waits. It extends {@link Waiter} for
 * the sleep, which is both an await point and a timer; other timers leave those links unused.
 */
abstract class TimerHandle extends Waiter {

    /** Deadline on the loop's clock, in nanoseconds. */
    long when;
    /** Arming order, so timers with equal deadlines fire first-armed first. */
    int seq;
    /** Position in the heap, or -1 when not in it. */
    int heapIndex = -1;

    final boolean armed() {
        return heapIndex >= 0;
    }

    /** A plain timer is no await point: it reads as a handle in the loop's messages. */
    @Override
    String describe() {
        return "Handle " + this;
    }
}
