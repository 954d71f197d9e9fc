package io.github.asyncio4j;

import org.jspecify.annotations.Nullable;

/**
 * The waiters of a primitive, in arrival order (CPython's {@code collections.deque} of futures):
 * an intrusive doubly linked list of {@link AwaitOp}s, so that adding, removing a cancelled waiter
 * from the middle, and waking the first are all O(1) and allocate nothing. Loop thread only.
 */
final class WaitList {

    @Nullable
    private AwaitOp<?> head;
    @Nullable
    private AwaitOp<?> tail;
    private int size;

    /** Appends {@code op}: a newcomer waits behind everyone. */
    void addLast(AwaitOp<?> op) {
        op.waitList = this;
        op.prevWaiter = tail;
        op.nextWaiter = null;
        if (tail == null) {
            head = op;
        } else {
            tail.nextWaiter = op;
        }
        tail = op;
        size++;
    }

    /** Prepends {@code op}: a waiter that was first in line and has to wait again keeps its place. */
    void addFirst(AwaitOp<?> op) {
        op.waitList = this;
        op.prevWaiter = null;
        op.nextWaiter = head;
        if (head == null) {
            tail = op;
        } else {
            head.prevWaiter = op;
        }
        head = op;
        size++;
    }

    /** Removes {@code op} if it is in this list (CPython's {@code waiters.remove(fut)}, minus the ValueError). */
    boolean remove(AwaitOp<?> op) {
        if (op.waitList != this) {
            return false;
        }
        AwaitOp<?> p = op.prevWaiter;
        AwaitOp<?> n = op.nextWaiter;
        if (p == null) {
            head = n;
        } else {
            p.nextWaiter = n;
        }
        if (n == null) {
            tail = p;
        } else {
            n.prevWaiter = p;
        }
        op.prevWaiter = null;
        op.nextWaiter = null;
        op.waitList = null;
        size--;
        return true;
    }

    /** Removes and returns the first waiter (CPython's {@code waiters.popleft()}), or {@code null}. */
    @Nullable
    AwaitOp<?> pollFirst() {
        AwaitOp<?> h = head;
        if (h != null) {
            remove(h);
        }
        return h;
    }

    @Nullable
    AwaitOp<?> first() {
        return head;
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }
}
