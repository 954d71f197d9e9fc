package io.github.asyncio4j;

import static io.github.asyncio4j.VirtualLoop.now;
import static io.github.asyncio4j.VirtualLoop.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/**
 * {@code asyncio.timeout} / {@code timeout_at} (BEHAVIORS 1.12).
 *
 * <p>No Java twin: TO-07's "entered twice" — a {@link Timeout} is created by each subscription of
 * {@code Asyncio.timeout} and handed to the body already entered, so it cannot be entered again;
 * the "outside a task" half of TO-07 is tested. TO-06's "has not been entered" for the same reason.
 */
class TimeoutTest {

    private final VirtualLoop loop = new VirtualLoop();

    @Test
    @DisplayName("TO-01 timeout(delay) has when() = loop.time() + delay; timeoutAt uses the absolute deadline")
    void whenIsTheDeadline() {
        List<Long> whens = loop.run(() -> Asyncio.sleep(s(5)).then(Mono.defer(() -> {
            long t0 = EventLoop.running().time();
            return Asyncio.timeout(s(2), cm -> Mono.just(cm.when() - t0))
                    .zipWith(Asyncio.timeoutAt(t0 + 7_000_000_000L, cm -> Mono.just(cm.when())))
                    .map(t -> List.of(t.getT1(), t.getT2()));
        })));
        assertThat(whens).containsExactly(2_000_000_000L, 12_000_000_000L);
    }

    @Test
    @DisplayName("TO-02 at the deadline the body is cancelled at its await point and the block raises TimeoutException from the CancelledException")
    void expiryRaisesTimeout() {
        List<String> log = new ArrayList<>();
        Throwable error = loop.run(() -> Asyncio.timeout(s(1), cm -> Asyncio.sleep(s(10))
                        .doOnError(e -> log.add("body got " + e.getClass().getSimpleName() + " at " + now())))
                .then(Mono.<Throwable>empty())
                .onErrorResume(Mono::just));
        assertThat(error).isInstanceOf(TimeoutException.class).hasCauseInstanceOf(CancelledException.class);
        assertThat(log).containsExactly("body got CancelledException at 1.0");
    }

    @Test
    @DisplayName("TO-03 expired() is true once fired even if the body swallowed the cancellation, which then ends normally")
    void swallowedExpiry() {
        AtomicReference<Timeout> timeout = new AtomicReference<>();
        String r = loop.run(() -> Asyncio.timeout(s(1), cm -> {
            timeout.set(cm);
            return Asyncio.sleep(s(10), "slept").onErrorResume(CancelledException.class, e -> Mono.just("swallowed"));
        }));
        assertThat(r).isEqualTo("swallowed");
        assertThat(timeout.get().expired()).isTrue();
    }

    @Test
    @DisplayName("TO-04 timeout(null) never fires and has when() null; reschedule arms it later")
    void disabledThenArmed() {
        Throwable error = loop.run(() -> Asyncio.timeout(null, cm -> {
            assertThat(cm.when()).isNull();
            return Asyncio.sleep(s(100)).then(Mono.fromRunnable(() -> cm.reschedule(EventLoop.running().time() + 1_000_000_000L)))
                    .then(Asyncio.sleep(s(100)));
        }).then(Mono.<Throwable>empty()).onErrorResume(e -> Mono.just(e).doOnNext(x -> assertThat(now()).isEqualTo(101.0))));
        assertThat(error).isInstanceOf(TimeoutException.class);
    }

    @Test
    @DisplayName("TO-05 a deadline in the past fires at the first suspension (sleep(0) is enough); a block without await completes")
    void pastDeadline() {
        String noAwait = loop.run(() -> Asyncio.timeout(Duration.ZERO, cm -> Mono.just("no await")));
        assertThat(noAwait).isEqualTo("no await");
        Throwable zero = loop.run(() -> Asyncio.timeout(s(-11), cm -> Asyncio.sleep(Duration.ZERO))
                .then(Mono.<Throwable>empty()).onErrorResume(Mono::just));
        assertThat(zero).isInstanceOf(TimeoutException.class).hasCauseInstanceOf(CancelledException.class);
        int cancelling = loop.run(() -> Asyncio.timeout(Duration.ZERO, cm -> Asyncio.sleep(Duration.ZERO))
                .onErrorResume(TimeoutException.class, e -> Mono.empty())
                .then(Mono.fromCallable(() -> VirtualLoop.currentTask().cancelling())));
        assertThat(cancelling).isZero();
    }

    @Test
    @DisplayName("TO-06 reschedule is refused once the timeout fired or its block ended")
    void rescheduleStates() {
        AtomicReference<Timeout> finished = new AtomicReference<>();
        List<String> messages = loop.run(() -> {
            List<String> out = new ArrayList<>();
            return Asyncio.timeout(s(10), cm -> {
                finished.set(cm);
                return Mono.just(1);
            }).then(Mono.fromRunnable(() -> {
                try {
                    finished.get().reschedule(null);
                } catch (IllegalStateException e) {
                    out.add(e.getMessage());
                }
            })).then(Asyncio.timeout(s(1), cm -> Asyncio.sleep(s(5)).onErrorResume(CancelledException.class, e -> {
                try {
                    cm.reschedule(null);
                } catch (IllegalStateException ex) {
                    out.add(ex.getMessage());
                }
                return Mono.error(e);
            })).onErrorResume(TimeoutException.class, e -> Mono.empty())).thenReturn(out);
        });
        assertThat(messages).hasSize(2);
        assertThat(messages.get(0)).startsWith("Cannot change state of finished Timeout");
        assertThat(messages.get(1)).startsWith("Cannot change state of expiring Timeout");
    }

    @Test
    @DisplayName("TO-07 a timeout outside a task fails with the no-running-loop IllegalStateException")
    void outsideTask() {
        assertThatThrownBy(() -> Asyncio.timeout(s(1), cm -> Mono.just(1)).block())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no running event loop");
    }

    @Test
    @DisplayName("TO-08 a non-cancellation failure passes unchanged and expired() stays false")
    void foreignExceptionPasses() {
        AtomicReference<Timeout> timeout = new AtomicReference<>();
        Throwable error = loop.run(() -> Asyncio.timeout(s(10), cm -> {
            timeout.set(cm);
            return Asyncio.sleep(s(1)).then(Mono.error(new ArithmeticException("boom")));
        }).then(Mono.<Throwable>empty()).onErrorResume(Mono::just));
        assertThat(error).isInstanceOf(ArithmeticException.class).hasMessage("boom");
        assertThat(timeout.get().expired()).isFalse();
    }

    @Test
    @DisplayName("TO-09 a cancel from outside while the timeout has not expired propagates CancelledException")
    void foreignCancelPasses() {
        Throwable error = loop.run(() -> {
            Task<Void> t = Asyncio.createTask(Asyncio.timeout(s(10), cm -> Asyncio.sleep(s(5))));
            return Asyncio.sleep(s(1)).then(Mono.fromRunnable(() -> t.cancel("outside")))
                    .then(t).then(Mono.<Throwable>empty()).onErrorResume(Mono::just);
        });
        assertThat(error).isInstanceOf(CancelledException.class).hasMessage("outside");
    }

    @Test
    @DisplayName("TO-10 an expired timeout with another cancel request outstanding lets CancelledException through")
    void expiredPlusExternalCancel() {
        boolean cancelled = loop.run(() -> {
            Task<String> t = Asyncio.createTask(Asyncio.timeout(s(0.01), cm -> Asyncio.sleep(s(1), "x")
                            .onErrorResume(CancelledException.class, e -> {
                                VirtualLoop.currentTask().cancel();
                                return Mono.error(e);
                            }))
                    .onErrorResume(TimeoutException.class, e -> Mono.just("converted")));
            return t.onErrorResume(CancelledException.class, e -> Mono.empty()).then(Mono.fromCallable(t::isCancelled));
        });
        assertThat(cancelled).isTrue();
    }

    @Test
    @DisplayName("TO-11 nested timeouts: only the expired one whose level is restored converts; equal deadlines convert in the outermost only")
    void nested() {
        List<String> log = loop.run(() -> {
            List<String> out = new ArrayList<>();
            AtomicReference<Timeout> inner = new AtomicReference<>();
            Mono<String> nestedDifferent = Asyncio.timeout(s(0.01), outer -> Asyncio.timeout(s(10), in -> {
                        inner.set(in);
                        return Asyncio.sleep(s(1), "slept");
                    })
                    .doOnError(CancelledException.class, e -> out.add("inner let CancelledException through, expired=" + inner.get().expired()))
                    .onErrorResume(TimeoutException.class, e -> Mono.just("inner converted (wrong)")))
                    .onErrorResume(TimeoutException.class, e -> Mono.just("outer converted"));
            AtomicReference<Timeout> a = new AtomicReference<>();
            AtomicReference<Timeout> b = new AtomicReference<>();
            Mono<String> nestedEqual = Asyncio.timeout(s(1), outer -> {
                a.set(outer);
                return Asyncio.timeout(s(1), in -> {
                    b.set(in);
                    return Asyncio.sleep(s(5), "slept");
                }).onErrorResume(TimeoutException.class, e -> Mono.just("inner converted (wrong)"));
            }).onErrorResume(TimeoutException.class, e -> Mono.just("outermost converted, both expired=" + (a.get().expired() && b.get().expired())));
            return nestedDifferent.doOnNext(out::add).then(nestedEqual.doOnNext(out::add))
                    .then(Mono.fromCallable(() -> {
                        out.add("cancelling=" + VirtualLoop.currentTask().cancelling());
                        return out;
                    }));
        });
        assertThat(log).containsExactly("inner let CancelledException through, expired=false", "outer converted",
                "outermost converted, both expired=true", "cancelling=0");
    }

    @Test
    @DisplayName("TO-12 after a handled timeout the task is not left cancelled; a timeout in cleanup after a caught cancellation works")
    void notLeftCancelled() {
        List<String> log = loop.run(() -> {
            List<String> out = new ArrayList<>();
            Task<Void> t = Asyncio.createTask(Asyncio.sleep(s(10))
                    .onErrorResume(CancelledException.class, e -> Asyncio.timeout(s(1), cm -> Asyncio.sleep(s(5)))
                            .onErrorResume(TimeoutException.class, te -> {
                                out.add("cleanup timed out at " + now() + ", cancelling=" + VirtualLoop.currentTask().cancelling());
                                return Mono.empty();
                            })
                            .then(Mono.error(e))));
            return Asyncio.sleep(s(1)).then(Mono.fromRunnable(t::cancel)).then(t)
                    .onErrorResume(CancelledException.class, e -> {
                        out.add("task cancelled=" + t.isCancelled());
                        return Mono.empty();
                    })
                    .then(Asyncio.timeout(s(1), cm -> Asyncio.sleep(s(2))).onErrorResume(TimeoutException.class, e -> Mono.empty()))
                    .then(Asyncio.sleep(s(1)))
                    .then(Mono.fromCallable(() -> {
                        out.add("main goes on at " + now() + ", cancelling=" + VirtualLoop.currentTask().cancelling());
                        return out;
                    }));
        });
        assertThat(log).containsExactly("cleanup timed out at 2.0, cancelling=1", "task cancelled=true",
                "main goes on at 4.0, cancelling=0");
    }

    @Test
    @DisplayName("TO-13 a failure raised while unwinding an expired timeout carries the TimeoutException (as suppressed), also in each member of a group")
    void failureWhileUnwinding() {
        Throwable error = loop.run(() -> Asyncio.timeout(s(1), cm -> Asyncio.sleep(s(5))
                        .onErrorResume(CancelledException.class, e -> Mono.error(new IllegalStateException("cleanup failed"))))
                .then(Mono.<Throwable>empty()).onErrorResume(Mono::just));
        assertThat(error).isInstanceOf(IllegalStateException.class).hasMessage("cleanup failed");
        assertThat(error.getSuppressed()).singleElement().isInstanceOf(TimeoutException.class);
        ExceptionGroup group = (ExceptionGroup) loop.run(() -> Asyncio.timeout(s(1), cm -> Asyncio.sleep(s(5))
                        .onErrorResume(CancelledException.class, e -> Mono.error(new ExceptionGroup("g", List.of(new ArithmeticException("m"))))))
                .then(Mono.<Throwable>empty()).onErrorResume(Mono::just));
        assertThat(group.exceptions().get(0).getSuppressed()).singleElement().isInstanceOf(TimeoutException.class);
    }

    @Test
    @DisplayName("TO-14 toString shows the state: active with when, expiring, expired, finished")
    void reprs() {
        List<String> reprs = loop.run(() -> {
            List<String> out = new ArrayList<>();
            AtomicReference<Timeout> expired = new AtomicReference<>();
            AtomicReference<Timeout> finished = new AtomicReference<>();
            return Asyncio.timeout(s(2), cm -> {
                finished.set(cm);
                out.add(cm.toString());
                return Mono.just(1);
            }).then(Asyncio.timeout(null, cm -> {
                out.add(cm.toString());
                return Mono.just(1);
            })).then(Asyncio.timeout(s(1), cm -> {
                expired.set(cm);
                return Asyncio.sleep(s(5)).onErrorResume(CancelledException.class, e -> {
                    out.add(cm.toString());
                    return Mono.error(e);
                });
            }).onErrorResume(TimeoutException.class, e -> Mono.empty())).then(Mono.fromCallable(() -> {
                out.add(expired.get().toString());
                out.add(finished.get().toString());
                return out;
            }));
        });
        assertThat(reprs).containsExactly("<Timeout [active] when=2.000>", "<Timeout [active] when=None>",
                "<Timeout [expiring]>", "<Timeout [expired]>", "<Timeout [finished]>");
    }

    @Test
    @DisplayName("a timeout cancels only the await points inside its own body, not work beside it in the same task")
    void onlyItsOwnBody() {
        List<String> log = loop.run(() -> {
            List<String> out = new ArrayList<>();
            Mono<String> guarded = Asyncio.timeout(s(1), cm -> Asyncio.sleep(s(5), "inner"))
                    .onErrorResume(TimeoutException.class, e -> Mono.just("timed out at " + now()));
            Mono<String> beside = Asyncio.sleep(s(3), "beside finished at 3");
            return Mono.zip(guarded, beside).map(t -> {
                out.add(t.getT1());
                out.add(t.getT2() + " (now " + now() + ")");
                return out;
            });
        });
        assertThat(log).containsExactly("timed out at 1.0", "beside finished at 3 (now 3.0)");
    }

    @Test
    @DisplayName("Asyncio.run rethrows a TimeoutException wrapped in CompletionException")
    void runWrapsChecked() {
        assertThatThrownBy(() -> loop.run(() -> Asyncio.timeout(s(1), cm -> Asyncio.sleep(s(2)))))
                .isInstanceOf(CompletionException.class).hasCauseInstanceOf(TimeoutException.class);
    }
}
