package io.github.asyncio4j;

import static io.github.asyncio4j.PrimitiveLoop.exec;
import static io.github.asyncio4j.PrimitiveLoop.s;
import static io.github.asyncio4j.PrimitiveLoop.tick;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.publisher.Mono;

/**
 * {@link AsyncEvent}: the {@code EVENT-} rows of BEHAVIORS.md. Every row has a Java twin.
 */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class AsyncEventTest {

    private final PrimitiveLoop loop = new PrimitiveLoop();

    private static Mono<Void> waiter(AsyncEvent ev, List<Integer> res, int n) {
        return ev.await().then(exec(() -> res.add(n)));
    }

    @Test
    @DisplayName("EVENT-01 an event starts unset; await completes at once when set, else waits; set wakes every "
            + "waiter, in the order they started waiting")
    void setWakesAllInOrder() {
        List<Object> seen = loop.run(() -> {
            AsyncEvent ev = new AsyncEvent();
            List<Integer> res = new ArrayList<>();
            List<Object> s = new ArrayList<>();
            List<Task<Void>> t = new ArrayList<>();
            return exec(() -> {
                s.add(ev.isSet());
                for (int i = 1; i <= 3; i++) {
                    t.add(Asyncio.createTask(waiter(ev, res, i)));
                }
            })
                    .then(Asyncio.sleep(s(1)))
                    .then(exec(() -> {
                        s.add(List.copyOf(res));
                        ev.set();
                        s.add(ev.isSet());
                    }))
                    .then(Mono.defer(() -> Mono.when(t)))
                    .then(exec(() -> s.add(List.copyOf(res))))
                    .then(ev.await())
                    .then(exec(() -> s.add("await on a set event completes at " + PrimitiveLoop.now())))
                    .thenReturn(s);
        });
        assertThat(seen).containsExactly(false, List.of(), true, List.of(1, 2, 3), "await on a set event completes at 1.0");
    }

    @Test
    @DisplayName("EVENT-02 clear() right after set() does not un-wake the waiters already blocked; a task created "
            + "before set() that starts after set()+clear() blocks (s19 a, c)")
    void setThenClear() {
        List<Object> seen = loop.run(() -> {
            AsyncEvent ev = new AsyncEvent();
            List<Integer> res = new ArrayList<>();
            List<Object> s = new ArrayList<>();
            List<Task<Void>> t = new ArrayList<>();
            return exec(() -> {
                t.add(Asyncio.createTask(waiter(ev, res, 1)));
                t.add(Asyncio.createTask(waiter(ev, res, 2)));
            })
                    .then(tick())
                    .then(exec(() -> {
                        ev.set();
                        ev.clear();
                        s.add(ev.isSet());
                    }))
                    .then(Mono.defer(() -> Mono.when(t)))
                    .then(exec(() -> {
                        s.add(List.copyOf(res));
                        res.clear();
                    }))
                    .then(Mono.defer(() -> {
                        AsyncEvent ev2 = new AsyncEvent();
                        Task<Void> t4 = Asyncio.createTask(waiter(ev2, res, 4));
                        ev2.set();
                        ev2.clear();
                        return t4.timeout(s(0.05), EventLoop.running());
                    }))
                    .onErrorResume(TimeoutException.class, e -> exec(() -> s.add("blocked; res = " + res)))
                    .thenReturn(s);
        });
        assertThat(seen).containsExactly(false, List.of(1, 2), "blocked; res = []");
    }

    @Test
    @DisplayName("EVENT-03 a task scheduled before set() but starting after it does not wait, and runs before the "
            + "woken waiters ([3, 1, 2], s19 b)")
    void lateStarterRunsFirst() {
        List<Integer> seen = loop.run(() -> {
            AsyncEvent ev = new AsyncEvent();
            List<Integer> res = new ArrayList<>();
            return exec(() -> {
                Asyncio.createTask(waiter(ev, res, 1));
                Asyncio.createTask(waiter(ev, res, 2));
            })
                    .then(tick())
                    .then(exec(() -> {
                        Asyncio.createTask(waiter(ev, res, 3));
                        ev.set();
                    }))
                    .then(tick())
                    .thenReturn(res);
        });
        assertThat(seen).containsExactly(3, 1, 2);
    }

    @Test
    @DisplayName("EVENT-04 set() is idempotent; a cancelled await (by its task or Reactor-style) removes its waiter; "
            + "toString shows [unset], [set] and waiters:N")
    void idempotentCancelRepr() {
        List<Object> seen = loop.run(() -> {
            AsyncEvent ev = new AsyncEvent();
            List<Integer> res = new ArrayList<>();
            List<Object> s = new ArrayList<>();
            List<Task<Void>> t = new ArrayList<>();
            return exec(() -> {
                s.add(ev.toString());
                t.add(Asyncio.createTask(waiter(ev, res, 1)));
                t.add(Asyncio.createTask(waiter(ev, res, 2)));
                t.add(Asyncio.createTask(ev.await().timeout(s(1), EventLoop.running())
                        .onErrorResume(TimeoutException.class, e -> exec(() -> res.add(-3)))));
            })
                    .then(tick())
                    .then(exec(() -> {
                        s.add(ev.toString());
                        t.get(0).cancel();
                    }))
                    .then(Asyncio.sleep(s(2)))
                    .then(exec(() -> {
                        s.add(ev.toString());
                        s.add(t.get(0).isCancelled());
                        ev.set();
                        ev.set();
                        s.add(ev.toString());
                    }))
                    .then(Mono.defer(() -> t.get(1)))
                    .then(exec(() -> {
                        s.add(List.copyOf(res));
                        s.add(ev.waiters.size());
                    }))
                    .thenReturn(s);
        });
        assertThat((String) seen.get(0)).matches("AsyncEvent@[0-9a-f]+\\[unset\\]");
        assertThat((String) seen.get(1)).endsWith("[unset, waiters:3]");
        assertThat((String) seen.get(2)).endsWith("[unset, waiters:1]");
        assertThat(seen.get(3)).isEqualTo(true);
        assertThat((String) seen.get(4)).endsWith("[set, waiters:1]");
        assertThat(seen.subList(5, 7)).containsExactly(List.of(-3, 2), 0);
    }
}
