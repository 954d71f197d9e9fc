package io.github.asyncio4j;

import static io.github.asyncio4j.VirtualLoop.now;
import static io.github.asyncio4j.VirtualLoop.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/**
 * {@code asyncio.TaskGroup} (BEHAVIORS 1.13), with CPython 3.13's cancel-count fixes and
 * {@code TaskGroup.cancel()} from 3.15.
 *
 * <p>No Java twin: TG-03's "has not been entered" and TG-04's "already entered" — the group only
 * exists inside {@code TaskGroup.run}'s body, already entered, and each subscription makes a new
 * one (TG-04's "cannot determine the parent task" is tested: a group subscribed outside a task);
 * TG-03's closing of the rejected coroutine — a cold Mono that is not subscribed holds nothing.
 */
class TaskGroupTest {

    private final VirtualLoop loop = new VirtualLoop();

    private static Mono<Void> crash(double after, RuntimeException e) {
        return Asyncio.sleep(s(after)).then(Mono.error(e));
    }

    private static Mono<Void> logCancel(List<String> log, String who, double sleep) {
        return Asyncio.sleep(s(sleep)).doOnError(CancelledException.class, e -> log.add(who + " cancelled"));
    }

    @Test
    @DisplayName("TG-01 the group waits for every child, also children created by children while it exits")
    void waitsForAll() {
        List<String> log = loop.run(() -> {
            List<String> out = new ArrayList<>();
            return TaskGroup.run(tg -> {
                tg.createTask(Asyncio.sleep(s(1)).then(Mono.fromRunnable(() -> {
                    out.add("child done at " + now());
                    tg.createTask(Asyncio.sleep(s(2)).then(Mono.fromRunnable(() -> out.add("grandchild done at " + now()))));
                })));
                return Mono.just("body value");
            }).doOnNext(v -> out.add(v + " at " + now())).thenReturn(out);
        });
        assertThat(log).containsExactly("child done at 1.0", "grandchild done at 3.0", "body value at 3.0");
    }

    @Test
    @DisplayName("TG-02 createTask returns the task and honours the name; children inherit the ContextVars")
    void nameAndContext() {
        ContextVar<String> var = new ContextVar<>("v", "default");
        List<String> r = loop.run(() -> {
            var.set("parent");
            return TaskGroup.run(tg -> {
                Task<String> named = tg.createTask(Mono.fromCallable(var::get), "my-child");
                return named.map(v -> List.of(named.getName(), v));
            });
        });
        assertThat(r).containsExactly("my-child", "parent");
    }

    @Test
    @DisplayName("TG-03 createTask while shutting down or after the group finished is refused")
    void createTaskStates() {
        List<String> messages = loop.run(() -> {
            List<String> out = new ArrayList<>();
            AtomicReference<TaskGroup> group = new AtomicReference<>();
            return TaskGroup.run(tg -> {
                group.set(tg);
                tg.createTask(crash(0.01, new ArithmeticException("child")));
                return Asyncio.sleep(s(1)).onErrorResume(CancelledException.class, e -> {
                    try {
                        tg.createTask(Mono.empty());
                    } catch (IllegalStateException ex) {
                        out.add(ex.getMessage());
                    }
                    return Mono.error(e);
                });
            }).onErrorResume(ExceptionGroup.class, e -> Mono.empty()).then(Mono.fromCallable(() -> {
                try {
                    group.get().createTask(Mono.empty());
                } catch (IllegalStateException ex) {
                    out.add(ex.getMessage());
                }
                return out;
            }));
        });
        assertThat(messages).hasSize(2);
        assertThat(messages.get(0)).startsWith("TaskGroup is shutting down");
        assertThat(messages.get(1)).startsWith("TaskGroup is finished");
    }

    @Test
    @DisplayName("TG-04 a group outside a task cannot determine its parent task")
    void outsideTask() {
        assertThatThrownBy(() -> TaskGroup.run(tg -> Mono.just(1)).block())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no running event loop");
    }

    @Test
    @DisplayName("TG-05 a child cancelled by someone else is not an error; the rest goes on")
    void childCancelledIsNoError() {
        String r = loop.run(() -> TaskGroup.run(tg -> {
            Task<Void> victim = tg.createTask(Asyncio.sleep(s(10)));
            Task<String> other = tg.createTask(Asyncio.sleep(s(2), "other"));
            return Asyncio.sleep(s(1)).then(Mono.fromRunnable(victim::cancel)).then(other);
        }).map(v -> v + "@" + now()));
        assertThat(r).isEqualTo("other@2.0");
    }

    @Test
    @DisplayName("TG-06 TG-07 TG-09 the first failure cancels siblings and body; one ExceptionGroup even for one error; cancelling() restored")
    void firstFailure() {
        List<String> log = loop.run(() -> {
            List<String> out = new ArrayList<>();
            return TaskGroup.run(tg -> {
                tg.createTask(crash(0.01, new ArithmeticException("child")));
                tg.createTask(logCancel(out, "sibling", 10));
                return logCancel(out, "body", 10);
            }).onErrorResume(ExceptionGroup.class, eg -> {
                out.add(eg.message() + " " + eg.exceptions());
                return Mono.empty();
            }).then(Mono.fromRunnable(() -> out.add("parent cancelling=" + VirtualLoop.currentTask().cancelling())))
                    .then(Asyncio.sleep(s(0.01))).then(Mono.fromCallable(() -> {
                        out.add("code after the group keeps running");
                        return out;
                    }));
        });
        assertThat(log).containsExactly("sibling cancelled", "body cancelled",
                "unhandled errors in a TaskGroup [java.lang.ArithmeticException: child]",
                "parent cancelling=0", "code after the group keeps running");
    }

    @Test
    @DisplayName("TG-08 TG-10 child failures in the order they happened, the body's own failure last; cancellations never included")
    void errorOrder() {
        List<String> types = loop.run(() -> TaskGroup.run(tg -> {
            tg.createTask(crash(0.01, new ArithmeticException("first")));
            tg.createTask(Asyncio.sleep(s(10)).onErrorResume(CancelledException.class,
                    e -> Mono.error(new IllegalStateException("second, during cleanup"))));
            tg.createTask(Asyncio.sleep(s(10)));
            return Asyncio.sleep(s(10)).onErrorResume(CancelledException.class, e -> Mono.error(new IllegalArgumentException("body")));
        }).then(Mono.<List<String>>empty()).onErrorResume(ExceptionGroup.class, eg -> Mono.just(
                eg.exceptions().stream().map(Throwable::getMessage).toList())));
        assertThat(types).containsExactly("first", "second, during cleanup", "body");
        List<String> bodyOnly = loop.run(() -> {
            AtomicReference<Task<Void>> child = new AtomicReference<>();
            return TaskGroup.run(tg -> {
                child.set(tg.createTask(Asyncio.sleep(s(10))));
                return Mono.error(new ArithmeticException("body"));
            }).then(Mono.<List<String>>empty()).onErrorResume(ExceptionGroup.class, eg -> Mono.just(List.of(
                    eg.exceptions().toString(), "child cancelled=" + child.get().isCancelled())));
        });
        assertThat(bodyOnly).containsExactly("[java.lang.ArithmeticException: body]", "child cancelled=true");
    }

    @Test
    @DisplayName("TG-11 an Error from a child is rethrown as itself after the children are done; other failures go to the handler")
    void errorWins() {
        Throwable e = loop.runAllowingReports(() -> TaskGroup.run(tg -> {
            tg.createTask(crash(0.01, new ArithmeticException("grouped")));
            tg.createTask(Asyncio.sleep(s(0.02)).then(Mono.error(new StackOverflowError("fatal-ish"))));
            return Asyncio.sleep(s(10)).onErrorResume(CancelledException.class,
                    c -> Asyncio.sleep(s(0.05)).then(Mono.error(new AssertionError("from body"))));
        }).then(Mono.<Throwable>empty()).onErrorResume(Mono::just));
        assertThat(e).isInstanceOf(AssertionError.class).hasMessage("from body");
        assertThat(loop.reported).extracting(Throwable::getMessage).containsExactly("grouped");
    }

    @Test
    @DisplayName("TG-12 an outside cancel cancels all children, waits, then raises CancelledException — unless children failed meanwhile")
    void outsideCancel() {
        List<String> log = loop.run(() -> {
            List<String> out = new ArrayList<>();
            Task<Void> runner = Asyncio.createTask(TaskGroup.run(tg -> {
                for (int i = 0; i < 3; i++) {
                    tg.createTask(logCancel(out, "child", 10));
                }
                return Mono.empty();
            }));
            Task<Void> runner2 = Asyncio.createTask(TaskGroup.run(tg -> {
                tg.createTask(Asyncio.sleep(s(10)).onErrorResume(CancelledException.class,
                        c -> Mono.error(new ArithmeticException("bad cleanup"))));
                return Asyncio.sleep(s(10));
            }));
            return Asyncio.sleep(s(0.01)).then(Mono.fromRunnable(() -> {
                runner.cancel();
                runner2.cancel();
            })).then(runner.onErrorResume(CancelledException.class, e -> {
                out.add("runner: CancelledException");
                return Mono.empty();
            })).then(runner2.onErrorResume(ExceptionGroup.class, e -> {
                out.add("runner2: ExceptionGroup " + e.exceptions() + ", cancelled=" + runner2.isCancelled());
                return Mono.empty();
            })).thenReturn(out);
        });
        assertThat(log).containsExactly("child cancelled", "child cancelled", "child cancelled", "runner: CancelledException",
                "runner2: ExceptionGroup [java.lang.ArithmeticException: bad cleanup], cancelled=false");
    }

    @Test
    @DisplayName("TG-13 errors arriving while the body handles an outside cancellation still produce an ExceptionGroup")
    void errorsDuringOutsideCancel() {
        String r = loop.run(() -> {
            Task<Void> runner = Asyncio.createTask(TaskGroup.run(tg -> {
                tg.createTask(Asyncio.sleep(s(10)).onErrorResume(CancelledException.class,
                        c -> Asyncio.sleep(s(0.5)).then(Mono.error(new ArithmeticException("late")))));
                return Asyncio.sleep(s(10)).onErrorResume(CancelledException.class, e -> Asyncio.sleep(s(1)).then(Mono.error(e)));
            }));
            return Asyncio.sleep(s(0.1)).then(Mono.fromRunnable(runner::cancel)).then(runner)
                    .thenReturn("no error").onErrorResume(ExceptionGroup.class, e -> Mono.just("group " + e.exceptions()));
        });
        assertThat(r).isEqualTo("group [java.lang.ArithmeticException: late]");
    }

    @Test
    @DisplayName("TG-14 nested groups: an inner failure reaches the outer as a nested ExceptionGroup")
    void nestedInnerFails() {
        Throwable e = loop.run(() -> TaskGroup.run(outer -> {
            outer.createTask(Asyncio.sleep(s(10)));
            return TaskGroup.run(inner -> {
                inner.createTask(crash(0.01, new ArithmeticException("inner child")));
                return Asyncio.sleep(s(10));
            });
        }).then(Mono.<Throwable>empty()).onErrorResume(Mono::just));
        assertThat(e).isInstanceOf(ExceptionGroup.class);
        ExceptionGroup outerGroup = (ExceptionGroup) e;
        assertThat(outerGroup.exceptions()).singleElement().isInstanceOf(ExceptionGroup.class);
        assertThat(((ExceptionGroup) outerGroup.exceptions().get(0)).exceptions()).singleElement()
                .isInstanceOf(ArithmeticException.class);
    }

    @Test
    @DisplayName("TG-14 nested groups: when an outer child fails first, the inner group is cancelled and only the outer's errors are reported")
    void nestedOuterFails() {
        List<String> r = loop.run(() -> {
            List<String> out = new ArrayList<>();
            return TaskGroup.run(outer -> {
                outer.createTask(crash(0.01, new ArithmeticException("outer child")));
                return TaskGroup.run(inner -> {
                    inner.createTask(logCancel(out, "inner child", 10));
                    return Asyncio.sleep(s(10));
                });
            }).onErrorResume(ExceptionGroup.class, e -> {
                out.add(e.exceptions().toString());
                return Mono.empty();
            }).thenReturn(out);
        });
        assertThat(r).containsExactly("inner child cancelled", "[java.lang.ArithmeticException: outer child]");
    }

    @Test
    @DisplayName("TG-15 two nested failing groups leave cancelling() at 1 inside the outer and 0 after (3.13)")
    void nestedCancelCount() {
        List<Integer> counts = loop.run(() -> {
            List<Integer> out = new ArrayList<>();
            return TaskGroup.run(outer -> TaskGroup.run(inner -> {
                        inner.createTask(Asyncio.sleep(Duration.ZERO).then(Mono.error(new IllegalStateException("runtime"))));
                        outer.createTask(Asyncio.sleep(Duration.ZERO).then(Mono.error(new IllegalArgumentException("value"))));
                        return Mono.empty();
                    })
                    .onErrorResume(ExceptionGroup.class, eg -> Mono.empty())
                    .then(Mono.fromRunnable(() -> out.add(VirtualLoop.currentTask().cancelling()))))
                    .onErrorResume(ExceptionGroup.class, eg -> Mono.empty())
                    .then(Mono.fromCallable(() -> {
                        out.add(VirtualLoop.currentTask().cancelling());
                        return out;
                    }));
        });
        assertThat(counts).containsExactly(1, 0);
    }

    @Test
    @DisplayName("TG-15 an outside cancel arriving while the group handles a child error is still delivered after the group (3.13)")
    void errorAndOutsideCancel() {
        List<String> r = loop.run(() -> {
            List<String> reached = new ArrayList<>();
            AsyncFuture<Void> event = EventLoop.running().createFuture();
            Task<Void> t = Asyncio.createTask(TaskGroup.run(tg -> {
                tg.createTask(Mono.fromRunnable(() -> event.setResult(null)).then(Asyncio.sleep(Duration.ZERO))
                        .then(Mono.error(new IllegalStateException("child"))));
                return Asyncio.sleep(s(1));
            }).onErrorResume(ExceptionGroup.class, e -> {
                reached.add("in except*, cancelling=" + VirtualLoop.currentTask().cancelling());
                return Mono.empty();
            }).then(Asyncio.sleep(s(1))).then(Mono.fromRunnable(() -> reached.add("sleep after the group (cancel LOST)"))));
            return event.then(Mono.fromRunnable(t::cancel)).then(t)
                    .then(Mono.fromCallable(() -> {
                        reached.add("finished normally");
                        return reached;
                    }))
                    .onErrorResume(CancelledException.class, e -> {
                        reached.add("task cancelled as expected");
                        return Mono.just(reached);
                    });
        });
        assertThat(r).containsExactly("in except*, cancelling=1", "task cancelled as expected");
    }

    @Test
    @DisplayName("TG-16 finished children leave the group at once")
    void finishedChildrenLeave() {
        List<Integer> sizes = loop.run(() -> TaskGroup.run(tg -> {
            Task<Void> a = tg.createTask(Asyncio.sleep(s(1)));
            tg.createTask(Asyncio.sleep(s(2)));
            List<Integer> out = new ArrayList<>();
            out.add(tg.size());
            return a.then(Asyncio.sleep(Duration.ZERO)).then(Mono.fromCallable(() -> {
                out.add(tg.size());
                return out;
            }));
        }));
        assertThat(sizes).containsExactly(2, 1);
    }

    @Test
    @DisplayName("TG-17 a failure of another scope nested inside the group is combined with the child errors and cancelling() ends at 0")
    void nestedScopeFailure() {
        List<String> r = loop.run(() -> TaskGroup.run(tg -> {
            tg.createTask(crash(0.01, new ArithmeticException("child")));
            return Asyncio.timeout(s(100), cm -> Asyncio.sleep(s(10)))
                    .onErrorResume(CancelledException.class, e -> Mono.error(new IllegalStateException("exit raises")));
        }).then(Mono.<List<String>>empty()).onErrorResume(ExceptionGroup.class, eg -> Mono.just(List.of(
                eg.exceptions().toString(), "cancelling=" + VirtualLoop.currentTask().cancelling()))));
        assertThat(r).containsExactly("[java.lang.ArithmeticException: child, java.lang.IllegalStateException: exit raises]",
                "cancelling=0");
    }

    @Test
    @DisplayName("TG-18 an eagerly completed child goes through the done callback (gh-128550), and TaskGroup.cancel() ends the group without CancelledException")
    void eagerChildAndCancel() {
        Throwable eagerFailure = Asyncio.run(() -> TaskGroup.run(tg -> {
            Task<Void> failed = tg.createTask(Mono.error(new ArithmeticException("eager")));
            assertThat(failed.isDone()).isTrue();
            return Asyncio.sleep(s(1)).thenReturn("body went on");
        }).then(Mono.<Throwable>empty()).onErrorResume(Mono::just), EventLoop.builder().virtualTime().eagerTasks(true));
        assertThat(eagerFailure).isInstanceOf(ExceptionGroup.class);

        List<String> r = loop.run(() -> {
            List<String> out = new ArrayList<>();
            return TaskGroup.run(tg -> {
                tg.createTask(logCancel(out, "child", 10));
                tg.createTask(Asyncio.sleep(s(1)).then(Mono.fromRunnable(tg::cancel)));
                return logCancel(out, "body", 10).thenReturn("never");
            }).defaultIfEmpty("empty, no CancelledException").doOnNext(v -> out.add(v + " at " + now()
                    + ", cancelling=" + VirtualLoop.currentTask().cancelling())).thenReturn(out);
        });
        assertThat(r).containsExactly("child cancelled", "body cancelled", "empty, no CancelledException at 1.0, cancelling=0");

        String value = loop.run(() -> TaskGroup.run(tg -> {
            tg.createTask(Asyncio.sleep(s(10)));
            tg.createTask(Asyncio.sleep(s(1)).then(Mono.fromRunnable(tg::cancel)));
            return Mono.just("body value");
        }));
        assertThat(value).isEqualTo("body value");
    }

    @Test
    @DisplayName("a group of 100,000 children finishes in linear time and memory")
    void hundredThousandChildren() {
        Integer n = loop.run(() -> TaskGroup.run(tg -> {
            for (int i = 0; i < 100_000; i++) {
                tg.createTask(Asyncio.sleep(s(i % 100 / 1000.0)));
            }
            return Mono.just(tg.size());
        }));
        assertThat(n).isEqualTo(100_000);
    }

    @Test
    @DisplayName("TaskGroup.cancel() in a step that waits on a foreign publisher ends that group also when another task's step nests inside (eager)")
    void cancelInNestedEagerSteps() {
        List<String> out = Asyncio.run(() -> {
            List<String> log = new ArrayList<>();
            Mono<String> outer = TaskGroup.run(tg -> {
                tg.cancel();
                // An eager task: its whole first step, which cancels its own group, runs in here.
                Task<String> inner = Asyncio.createTask(TaskGroup.run(tg2 -> {
                    tg2.cancel();
                    return Mono.<String>never();
                }).defaultIfEmpty("inner group ended empty"));
                log.add("inner done inside the outer step: " + inner.isDone() + " " + inner.result());
                return Mono.<String>never();
            }).defaultIfEmpty("outer group ended empty");
            return outer.map(v -> {
                log.add(v);
                return log;
            });
        }, EventLoop.builder().virtualTime().eagerTasks(true));
        assertThat(out).containsExactly("inner done inside the outer step: true inner group ended empty", "outer group ended empty");
    }
}
