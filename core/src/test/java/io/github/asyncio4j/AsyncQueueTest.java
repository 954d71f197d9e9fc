package io.github.asyncio4j;

import static io.github.asyncio4j.PrimitiveLoop.exec;
import static io.github.asyncio4j.PrimitiveLoop.s;
import static io.github.asyncio4j.PrimitiveLoop.tick;
import static io.github.asyncio4j.PrimitiveLoop.ticks;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * {@link AsyncQueue}, {@link AsyncLifoQueue} and {@link AsyncPriorityQueue}: the {@code QUEUE-} rows
 * of BEHAVIORS.md, and bad input.
 *
 * <p>Without a Java twin: QUEUE-01's float {@code maxsize} (1.3 admits 2 items): {@code maxsize} is
 * an {@code int}; QUEUE-03's "not subclasses of {@code queue.Full}/{@code queue.Empty}": Java has no
 * such thread-queue exceptions (ours extend {@link IllegalStateException}, as API.md fixes).
 */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class AsyncQueueTest {

    private final PrimitiveLoop loop = new PrimitiveLoop();

    private static String caught(Runnable r) {
        try {
            r.run();
            return "no error";
        } catch (RuntimeException e) {
            return e.getClass().getSimpleName();
        }
    }

    @Test
    @DisplayName("QUEUE-01 maxsize <= 0 means unbounded (never full); otherwise isFull() is size() >= maxsize")
    void maxsize() {
        AsyncQueue<Integer> unbounded = new AsyncQueue<>();
        AsyncQueue<Integer> negative = new AsyncQueue<>(-5);
        for (int i = 0; i < 1000; i++) {
            unbounded.putNowait(i);
            negative.putNowait(i);
        }
        assertThat(unbounded.isFull()).isFalse();
        assertThat(negative.isFull()).isFalse();
        assertThat(unbounded.maxsize()).isZero();
        assertThat(negative.maxsize()).isEqualTo(-5);
        AsyncQueue<Integer> two = new AsyncQueue<>(2);
        assertThat(two.isEmpty()).isTrue();
        two.putNowait(1);
        assertThat(two.isFull()).isFalse();
        two.putNowait(2);
        assertThat(two.isFull()).isTrue();
        assertThat(two.size()).isEqualTo(2);
    }

    @Test
    @DisplayName("QUEUE-02 order: AsyncQueue FIFO [1,3,2], AsyncLifoQueue [2,3,1], AsyncPriorityQueue smallest first "
            + "[1,2,3] (or by its Comparator) (x06)")
    void order() {
        List<Supplier<AsyncQueue<Integer>>> kinds = List.of(AsyncQueue::new, AsyncLifoQueue::new, AsyncPriorityQueue::new,
                () -> new AsyncPriorityQueue<>(Comparator.reverseOrder()), () -> new AsyncPriorityQueue<>(2, Comparator.reverseOrder()));
        List<List<Integer>> seen = new ArrayList<>();
        for (Supplier<AsyncQueue<Integer>> kind : kinds) {
            seen.add(loop.run(() -> {
                AsyncQueue<Integer> q = kind.get();
                List<Integer> out = new ArrayList<>();
                return q.put(1).then(q.put(3)).then(exec(() -> {
                    if (q.maxsize() == 0) {
                        q.putNowait(2);
                    }
                })).then(q.get()).doOnNext(out::add).then(q.maxsize() == 0 ? Mono.empty() : q.put(2))
                        .then(q.get()).doOnNext(out::add)
                        .then(Mono.fromCallable(q::getNowait)).doOnNext(out::add)
                        .thenReturn(out);
            }));
        }
        assertThat(seen).containsExactly(List.of(1, 3, 2), List.of(2, 3, 1), List.of(1, 2, 3), List.of(3, 2, 1),
                List.of(3, 2, 1));
    }

    @Test
    @DisplayName("QUEUE-03 putNowait on a full queue is a QueueFullException, getNowait on an empty one a "
            + "QueueEmptyException (both IllegalStateExceptions) (x06)")
    void nowaitErrors() {
        AsyncQueue<String> q = new AsyncQueue<>(1);
        q.putNowait("a");
        assertThatThrownBy(() -> q.putNowait("b")).isInstanceOf(QueueFullException.class)
                .isInstanceOf(IllegalStateException.class);
        assertThat(q.getNowait()).isEqualTo("a");
        assertThatThrownBy(q::getNowait).isInstanceOf(QueueEmptyException.class).isInstanceOf(IllegalStateException.class);
        assertThat(q.size()).isZero();
    }

    @Test
    @DisplayName("QUEUE-04 put() waits while the queue is full and is woken, FIFO, by gets; get() waits while it is "
            + "empty and is woken, FIFO, by puts")
    void blockingPutAndGet() {
        List<Object> seen = loop.run(() -> {
            AsyncQueue<String> q = new AsyncQueue<>(1);
            List<Object> s = new ArrayList<>();
            List<Task<?>> t = new ArrayList<>();
            return q.put("first")
                    .then(exec(() -> {
                        t.add(Asyncio.createTask(q.put("p1").then(exec(() -> s.add("p1 in at " + PrimitiveLoop.now())))));
                        t.add(Asyncio.createTask(q.put("p2").then(exec(() -> s.add("p2 in at " + PrimitiveLoop.now())))));
                    }))
                    .then(Asyncio.sleep(s(1)))
                    .then(exec(() -> s.add("full, putters waiting: " + q.putters.size())))
                    .then(q.get()).doOnNext(s::add)
                    .then(Asyncio.sleep(s(1)))
                    .then(q.get()).doOnNext(s::add)
                    .then(Asyncio.sleep(s(1)))
                    .then(q.get()).doOnNext(s::add)
                    .then(exec(() -> {
                        t.add(Asyncio.createTask(q.get().doOnNext(v -> s.add("g1 got " + v))));
                        t.add(Asyncio.createTask(q.get().doOnNext(v -> s.add("g2 got " + v))));
                    }))
                    .then(Asyncio.sleep(s(1)))
                    .then(q.put("x")).then(q.put("y"))
                    .then(Mono.defer(() -> Mono.when(t)))
                    .thenReturn(s);
        });
        assertThat(seen).containsExactly("full, putters waiting: 2", "first", "p1 in at 1.0", "p1", "p2 in at 2.0", "p2",
                "g1 got x", "g2 got y");
    }

    @Test
    @DisplayName("QUEUE-05 a getter woken and then cancelled passes the wake-up on: the item is not lost (x16)")
    void wokenGetterCancelled() {
        List<Object> seen = loop.run(() -> {
            AsyncQueue<Integer> q = new AsyncQueue<>();
            List<Object> s = new ArrayList<>();
            List<Task<Integer>> t = new ArrayList<>();
            return exec(() -> t.add(Asyncio.createTask(q.get())))
                    .then(tick())
                    .then(exec(() -> {
                        q.putNowait(1);
                        q.putNowait(2);
                        t.get(0).cancel();
                    }))
                    .then(Mono.defer(() -> t.get(0)).then())
                    .onErrorResume(CancelledException.class, e -> exec(() -> s.add("reader cancelled")))
                    .then(q.get()).doOnNext(s::add)
                    .then(q.get()).doOnNext(s::add)
                    .thenReturn(s);
        });
        assertThat(seen).containsExactly("reader cancelled", 1, 2);
    }

    @Test
    @DisplayName("QUEUE-05 cancelled waiting getters and putters leave the queue: nothing is held, dropped or "
            + "duplicated, by task cancellation or Reactor cancellation")
    void cancelledWaitersLeave() {
        List<Object> seen = loop.run(() -> {
            AsyncQueue<Integer> q = new AsyncQueue<>(1);
            List<Object> s = new ArrayList<>();
            List<Task<?>> t = new ArrayList<>();
            EventLoop l = EventLoop.running();
            return exec(() -> {
                t.add(Asyncio.createTask(q.get()));
                t.add(Asyncio.createTask(q.get().timeout(s(1), l).onErrorResume(TimeoutException.class, e -> Mono.just(-1))));
                t.add(Asyncio.createTask(q.get()));
            })
                    .then(tick())
                    .then(exec(() -> {
                        s.add("getters " + q.getters.size());
                        t.get(0).cancel();
                    }))
                    .then(Asyncio.sleep(s(2)))
                    .then(exec(() -> {
                        s.add("getters " + q.getters.size());
                        q.putNowait(7);
                    }))
                    .then(Mono.defer(() -> t.get(2)))
                    .doOnNext(v -> s.add("third getter got " + v))
                    .then(q.put(8))
                    .then(exec(() -> {
                        t.add(Asyncio.createTask(q.put(9)));
                        t.add(Asyncio.createTask(q.put(10).timeout(s(1), l).onErrorResume(TimeoutException.class, e -> Mono.empty())));
                        t.add(Asyncio.createTask(q.put(11)));
                    }))
                    .then(tick())
                    .then(exec(() -> {
                        s.add("putters " + q.putters.size());
                        t.get(3).cancel();
                    }))
                    .then(Asyncio.sleep(s(2)))
                    .then(exec(() -> s.add("putters " + q.putters.size())))
                    .then(q.get()).doOnNext(s::add)
                    .then(Mono.defer(() -> t.get(5)))
                    .then(q.get()).doOnNext(s::add)
                    .then(exec(() -> s.add("size " + q.size())))
                    .thenReturn(s);
        });
        assertThat(seen).containsExactly("getters 3", "getters 1", "third getter got 7", "putters 3", "putters 1", 8, 11,
                "size 0");
    }

    @Test
    @DisplayName("QUEUE-05 a woken getter whose subscription is cancelled passes the item on; one cancelled after its "
            + "item was taken but before it was requested puts it back at the front")
    void reactorCancelledGetters() {
        List<Object> seen = loop.run(() -> {
            AsyncQueue<Integer> q = new AsyncQueue<>();
            List<Object> s = new ArrayList<>();
            Disposable[] first = new Disposable[1];
            List<Task<Integer>> t = new ArrayList<>();
            return exec(() -> {
                first[0] = q.get().subscribe(v -> s.add("first got " + v));
                t.add(Asyncio.createTask(q.get()));
            })
                    .then(tick())
                    .then(exec(() -> {
                        q.putNowait(1);
                        first[0].dispose();
                    }))
                    .then(Mono.defer(() -> t.get(0)))
                    .doOnNext(v -> s.add("second got " + v))
                    .then(exec(() -> {
                        q.putNowait(2);
                        q.putNowait(3);
                        // A subscriber that never requests: the get takes 2, holds it, then is cancelled.
                        reactor.core.publisher.BaseSubscriber<Integer> lazy = neverRequesting();
                        q.get().subscribe(lazy);
                        s.add("size while held " + q.size());
                        lazy.dispose();
                        s.add("size after cancel " + q.size());
                    }))
                    .then(q.get()).doOnNext(s::add)
                    .then(q.get()).doOnNext(s::add)
                    .thenReturn(s);
        });
        assertThat(seen).containsExactly("second got 1", "size while held 1", "size after cancel 2", 2, 3);
    }

    @Test
    @DisplayName("QUEUE-04 QUEUE-05 a newcomer's get() does not barge past a getter already woken for an item, and a "
            + "getNowait() that takes that item leaves the woken getter first in line")
    void noBarging() {
        List<Object> seen = loop.run(() -> {
            AsyncQueue<String> q = new AsyncQueue<>();
            List<Object> s = new ArrayList<>();
            List<Task<String>> t = new ArrayList<>();
            return exec(() -> t.add(Asyncio.createTask(q.get().doOnNext(v -> s.add("waiter got " + v)))))
                    .then(tick())
                    .then(exec(() -> {
                        q.putNowait("a");
                        t.add(Asyncio.createTask(q.get().doOnNext(v -> s.add("newcomer got " + v))));
                    }))
                    .then(tick())
                    .then(exec(() -> q.putNowait("b")))
                    .then(Mono.defer(() -> Mono.when(t)))
                    .then(exec(() -> {
                        t.clear();
                        t.add(Asyncio.createTask(q.get().doOnNext(v -> s.add("first in line got " + v))));
                        t.add(Asyncio.createTask(q.get().doOnNext(v -> s.add("second in line got " + v))));
                    }))
                    .then(tick())
                    .then(exec(() -> {
                        q.putNowait("c");
                        s.add("getNowait took " + q.getNowait());
                    }))
                    .then(ticks(2))
                    .then(exec(() -> q.putNowait("d")))
                    .then(tick())
                    .then(exec(() -> q.putNowait("e")))
                    .then(Mono.defer(() -> Mono.when(t)))
                    .thenReturn(s);
        });
        assertThat(seen).containsExactly("waiter got a", "newcomer got b", "getNowait took c", "first in line got d",
                "second in line got e");
    }

    @Test
    @DisplayName("QUEUE-06 each put counts an unfinished task, taskDone() one down; join() waits for zero (at once if "
            + "zero); get() alone does not count down (x06)")
    void unfinishedTasks() {
        List<Object> seen = loop.run(() -> {
            AsyncQueue<String> q = new AsyncQueue<>();
            List<Object> s = new ArrayList<>();
            List<Task<Void>> j = new ArrayList<>();
            return q.join()
                    .then(exec(() -> {
                        s.add("join on a new queue returns at once");
                        q.putNowait("x");
                        s.add(q.getNowait());
                        j.add(Asyncio.createTask(q.join()));
                    }))
                    .then(tick())
                    .then(exec(() -> {
                        s.add("join done after get: " + j.get(0).isDone());
                        q.taskDone();
                    }))
                    .then(tick())
                    .then(exec(() -> s.add("join done after taskDone: " + j.get(0).isDone())))
                    .then(q.put("y")).then(q.put("z"))
                    .then(exec(() -> Asyncio.createTask(q.get().then(q.get()).then(Asyncio.sleep(s(3)))
                            .then(exec(q::taskDone)).then(Asyncio.sleep(s(1))).then(exec(q::taskDone)))))
                    .then(q.join())
                    .then(exec(() -> s.add("joined at " + PrimitiveLoop.now())))
                    .thenReturn(s);
        });
        assertThat(seen).containsExactly("join on a new queue returns at once", "x", "join done after get: false",
                "join done after taskDone: true", "joined at 4.0");
    }

    @Test
    @DisplayName("QUEUE-07 taskDone() more often than items were put is an IllegalStateException (x06)")
    void taskDoneTooManyTimes() {
        AsyncQueue<String> q = new AsyncQueue<>();
        assertThatThrownBy(q::taskDone).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("task_done() called too many times");
        q.putNowait("a");
        q.taskDone();
        assertThatThrownBy(q::taskDone).isInstanceOf(IllegalStateException.class);
    }

    @Test
    @DisplayName("QUEUE-08 shutdown(): puts fail with QueueShutDownException (blocked putters too); gets return what "
            + "is left, then fail (blocked getters too); join is unaffected (x06)")
    void shutdown() {
        List<Object> seen = loop.run(() -> {
            AsyncQueue<String> s1 = new AsyncQueue<>(1);
            List<Object> s = new ArrayList<>();
            List<Task<?>> t = new ArrayList<>();
            return exec(() -> {
                s1.putNowait("a");
                t.add(Asyncio.createTask(s1.put("b")));
            })
                    .then(tick())
                    .then(exec(() -> {
                        s1.shutdown();
                        s.add(caught(() -> s1.putNowait("c")));
                    }))
                    .then(Mono.defer(() -> t.get(0)).then())
                    .onErrorResume(QueueShutDownException.class, e -> exec(() -> s.add("blocked put -> QueueShutDown")))
                    .then(s1.put("d"))
                    .onErrorResume(QueueShutDownException.class, e -> exec(() -> s.add("put -> QueueShutDown")))
                    .then(s1.get()).doOnNext(v -> s.add("get still drains " + v))
                    .then(s1.get())
                    .onErrorResume(QueueShutDownException.class, e -> exec(() -> s.add("get on empty -> QueueShutDown")).then(Mono.empty()))
                    .then(exec(() -> s.add(caught(s1::getNowait))))
                    .then(Mono.defer(() -> {
                        AsyncQueue<String> q = new AsyncQueue<>();
                        Task<String> getter = Asyncio.createTask(q.get());
                        return tick().then(exec(q::shutdown)).then(getter).then()
                                .onErrorResume(QueueShutDownException.class, e -> exec(() -> s.add("blocked get -> QueueShutDown")));
                    }))
                    .then(Mono.defer(() -> {
                        s1.taskDone();
                        return s1.join().then(exec(() -> s.add("join after taskDone")));
                    }))
                    .thenReturn(s);
        });
        assertThat(seen).containsExactly("QueueShutDownException", "blocked put -> QueueShutDown", "put -> QueueShutDown",
                "get still drains a", "get on empty -> QueueShutDown", "QueueShutDownException", "blocked get -> QueueShutDown",
                "join after taskDone");
    }

    @Test
    @DisplayName("QUEUE-09 shutdown(true) discards the items left, counting each as done (which may release join), "
            + "and every get fails (x06)")
    void shutdownImmediate() {
        List<Object> seen = loop.run(() -> {
            AsyncQueue<Integer> i = new AsyncQueue<>();
            List<Object> s = new ArrayList<>();
            List<Task<Void>> j = new ArrayList<>();
            return exec(() -> {
                i.putNowait(1);
                i.putNowait(2);
                i.putNowait(3);
                s.add(i.getNowait());
                j.add(Asyncio.createTask(i.join()));
            })
                    .then(tick())
                    .then(exec(() -> {
                        i.shutdown(true);
                        s.add("size " + i.size() + ", join done " + j.get(0).isDone());
                    }))
                    .then(tick())
                    .then(exec(() -> s.add("join still waits for the item taken: " + !j.get(0).isDone())))
                    .then(exec(i::taskDone))
                    .then(Mono.defer(() -> j.get(0)))
                    .then(exec(() -> s.add("joined")))
                    .then(i.get().then())
                    .onErrorResume(QueueShutDownException.class, e -> exec(() -> s.add("get -> QueueShutDown")))
                    .thenReturn(s);
        });
        assertThat(seen).containsExactly(1, "size 0, join done false", "join still waits for the item taken: true",
                "joined", "get -> QueueShutDown");
    }

    @Test
    @DisplayName("QUEUE-10 toString shows maxsize, _queue, _getters[n], _putters[n], tasks=n and shutdown")
    void repr() {
        List<String> seen = loop.run(() -> {
            AsyncQueue<Integer> q = new AsyncQueue<>(2);
            AsyncQueue<Integer> empty = new AsyncQueue<>();
            List<String> s = new ArrayList<>();
            List<Task<?>> t = new ArrayList<>();
            return exec(() -> {
                s.add(q.toString());
                t.add(Asyncio.createTask(empty.get()));
                q.putNowait(1);
                q.putNowait(2);
                t.add(Asyncio.createTask(q.put(3)));
            })
                    .then(tick())
                    .then(exec(() -> {
                        s.add(q.toString());
                        s.add(empty.toString());
                        q.shutdown();
                        empty.shutdown();
                    }))
                    .then(tick())
                    .then(exec(() -> s.add(q.toString())))
                    .then(Mono.defer(() -> Mono.when(t.stream().map(x -> x.onErrorResume(QueueShutDownException.class,
                            e -> Mono.empty())).toList())))
                    .thenReturn(s);
        });
        assertThat(seen.get(0)).matches("AsyncQueue@[0-9a-f]+\\[maxsize=2\\]");
        assertThat(seen.get(1)).endsWith("[maxsize=2 _queue=[1, 2] _putters[1] tasks=2]");
        assertThat(seen.get(2)).endsWith("[maxsize=0 _getters[1]]");
        assertThat(seen.get(3)).endsWith("[maxsize=2 _queue=[1, 2] tasks=2 shutdown]");
    }

    @Test
    @DisplayName("bad input: null items are NullPointerExceptions, an item a priority queue cannot compare is a "
            + "ClassCastException that leaves the queue as it was")
    void badInput() {
        AsyncQueue<String> q = new AsyncQueue<>();
        assertThatThrownBy(() -> q.putNowait(null)).isInstanceOf(NullPointerException.class).hasMessageContaining("item");
        assertThatThrownBy(() -> q.put(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> q.putAll(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new AsyncPriorityQueue<String>(null)).isInstanceOf(NullPointerException.class);
        AsyncPriorityQueue<Object> p = new AsyncPriorityQueue<>();
        assertThatThrownBy(() -> p.putNowait(new Object())).isInstanceOf(ClassCastException.class)
                .hasMessageContaining("Comparator");
        p.putNowait(1);
        assertThatThrownBy(() -> p.putNowait("one")).isInstanceOf(ClassCastException.class);
        assertThat(p.size()).isEqualTo(1);
        List<Object> seen = loop.run(() -> p.put(new Object()).then(Mono.<Object>empty())
                .onErrorResume(ClassCastException.class, e -> Mono.just("put refused"))
                .map(v -> List.of(v, p.size(), p.getNowait())));
        assertThat(seen).containsExactly("put refused", 1, 1);
        assertThat(p.isEmpty()).isTrue();
        assertThatThrownBy(() -> new AsyncLock().withLock(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new AsyncSemaphore(1).withPermit(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new AsyncCondition(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new AsyncCondition().awaitUntil(null)).isInstanceOf(NullPointerException.class);
    }
    @Test
    @DisplayName("an uncontended get() cancelled before it requested puts its item back at the front; one that "
            + "delivered ignores a late cancel")
    void uncontendedGetCancelledBeforeRequestPutsItBack() {
        List<Object> seen = new PrimitiveLoop().run(() -> {
            AsyncQueue<String> q = new AsyncQueue<>();
            List<Object> s = new ArrayList<>();
            return exec(() -> {
                q.putNowait("a");
                q.putNowait("b");
                reactor.core.publisher.BaseSubscriber<String> lazy = neverRequesting();
                q.get().subscribe(lazy);
                s.add("size " + q.size());
                lazy.dispose();
                s.add("size " + q.size());
                reactor.core.publisher.BaseSubscriber<String> eager = new reactor.core.publisher.BaseSubscriber<>() {
                    @Override
                    protected void hookOnNext(String v) {
                        s.add("got " + v);
                    }
                };
                q.get().subscribe(eager);
                eager.dispose();
                s.add("size " + q.size() + ", next " + q.getNowait());
            }).thenReturn(s);
        });
        assertThat(seen).containsExactly("size 1", "size 2", "got a", "size 1, next b");
    }

    /** A subscriber that never requests: a get subscribed by it takes its item and holds it. */
    private static <T> reactor.core.publisher.BaseSubscriber<T> neverRequesting() {
        return new reactor.core.publisher.BaseSubscriber<>() {
            @Override
            protected void hookOnSubscribe(org.reactivestreams.Subscription subscription) {
                // no request
            }
        };
    }
}
