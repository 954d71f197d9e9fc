package io.github.asyncio4j;

import static io.github.asyncio4j.TestLoops.runVirtual;
import static io.github.asyncio4j.TestLoops.seconds;
import static io.github.asyncio4j.TestLoops.yieldOnce;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/**
 * {@link ContextVar}: asyncio's {@code contextvars} as tasks see them (API.md; TASK-13 itself is
 * in {@link TaskTest}).
 */
class ContextVarTest {

    @Test
    @DisplayName("get(): the value set in this context, else the default, else NoSuchElementException; get(fallback) never throws")
    void getSetAndDefaults() {
        ContextVar<String> plain = new ContextVar<>("plain");
        ContextVar<String> withDefault = new ContextVar<>("with-default", "d");
        runVirtual(() -> Mono.fromRunnable(() -> {
            assertThatExceptionOfType(NoSuchElementException.class).isThrownBy(plain::get).withMessageContaining("'plain'");
            assertThat(plain.get("fallback")).isEqualTo("fallback");
            assertThat(withDefault.get()).isEqualTo("d");
            assertThat(withDefault.get("fallback")).isEqualTo("d");
            plain.set("v");
            assertThat(plain.get()).isEqualTo("v");
            assertThat(plain.get("fallback")).isEqualTo("v");
            assertThat(plain.name()).isEqualTo("plain");
        }));
        assertThatNullPointerException().isThrownBy(() -> new ContextVar<String>(null)).withMessage("name");
        assertThatNullPointerException().isThrownBy(() -> new ContextVar<String>("x", null)).withMessage("defaultValue");
        assertThatNullPointerException().isThrownBy(() -> plain.set(null)).withMessage("value");
        assertThatNullPointerException().isThrownBy(() -> plain.reset(null)).withMessage("token");
    }

    @Test
    @DisplayName("reset(token) restores the previous value; a token of another variable → IllegalArgumentException, used twice → IllegalStateException")
    void tokens() {
        ContextVar<String> a = new ContextVar<>("a", "default");
        ContextVar<String> b = new ContextVar<>("b");
        runVirtual(() -> Mono.fromRunnable(() -> {
            ContextVar.Token first = a.set("one");
            ContextVar.Token second = a.set("two");
            assertThat(second.var()).isSameAs(a);
            a.reset(second);
            assertThat(a.get()).isEqualTo("one");
            assertThatIllegalStateException().isThrownBy(() -> a.reset(second)).withMessageContaining("already been used");
            a.reset(first);
            assertThat(a.get()).isEqualTo("default");
            ContextVar.Token ofB = b.set("x");
            assertThatIllegalArgumentException().isThrownBy(() -> a.reset(ofB)).withMessageContaining("'b'");
            b.reset(ofB);
            assertThat(b.get("unset")).isEqualTo("unset");
        }));
    }

    @Test
    @DisplayName("a token used in another task's context → IllegalArgumentException")
    void tokenOfAnotherContext() {
        ContextVar<String> var = new ContextVar<>("var", "default");
        runVirtual(() -> {
            ContextVar.Token token = var.set("main");
            return Asyncio.createTask(Mono.fromRunnable(() -> assertThatIllegalArgumentException()
                    .isThrownBy(() -> var.reset(token)).withMessageContaining("different context")));
        });
    }

    @Test
    @DisplayName("a task sees its own sets across its awaits, its children inherit them, its parent never sees them")
    void taskTree() {
        ContextVar<String> var = new ContextVar<>("var", "unset");
        List<String> log = new ArrayList<>();
        runVirtual(() -> {
            var.set("parent");
            Task<Void> child = Asyncio.createTask(Mono.fromRunnable(() -> {
                log.add("child inherits: " + var.get());
                var.set("child");
            }).then(Asyncio.sleep(seconds(1))).then(Mono.fromRunnable(() -> log.add("child after an await: " + var.get())))
                    .then(Mono.defer(() -> Asyncio.createTask(Mono.fromRunnable(() -> log.add("grandchild inherits: " + var.get())))))
                    .then());
            return child.then(Mono.fromRunnable(() -> log.add("parent still: " + var.get())));
        });
        assertThat(log).containsExactly("child inherits: parent", "child after an await: child", "grandchild inherits: child",
                "parent still: parent");
    }

    @Test
    @DisplayName("callSoon, callLater and done callbacks run in their registrar's context; their own sets do not leak back")
    void callbacksRunInTheRegistrarsContext() {
        ContextVar<String> var = new ContextVar<>("var", "unset");
        List<String> log = new ArrayList<>();
        runVirtual(() -> {
            EventLoop loop = EventLoop.running();
            AsyncFuture<String> f = loop.createFuture();
            Task<Void> registrar = Asyncio.createTask(Mono.fromRunnable(() -> {
                var.set("registrar");
                loop.callSoon(() -> {
                    log.add("callSoon: " + var.get());
                    var.set("set inside a callback");
                });
                loop.callLater(seconds(1), () -> log.add("callLater: " + var.get()));
                f.addDoneCallback(x -> log.add("done callback: " + var.get()));
            }).then(Asyncio.sleep(seconds(2))).then(Mono.fromRunnable(() -> log.add("registrar after: " + var.get()))));
            var.set("main");
            return yieldOnce().then(Mono.fromRunnable(() -> f.setResult("x"))).then(registrar)
                    .then(Mono.fromRunnable(() -> log.add("main: " + var.get())));
        });
        assertThat(log).containsExactly("callSoon: registrar", "done callback: registrar", "callLater: registrar",
                "registrar after: registrar", "main: main");
    }

    @Test
    @DisplayName("the task's values travel in the Reactor Context of its body, each under the variable itself")
    void valuesInTheReactorContext() {
        ContextVar<String> var = new ContextVar<>("var");
        String r = runVirtual(() -> {
            var.set("in the context");
            return Asyncio.createTask(Mono.deferContextual(ctx -> Mono.just(ctx.<String>get(var))));
        });
        assertThat(r).isEqualTo("in the context");
    }

    @Test
    @DisplayName("a plain thread has its own context: a task created from it copies it; Asyncio.run's sets do not leak to the caller")
    void plainThreads() throws Exception {
        ContextVar<String> var = new ContextVar<>("var", "unset");
        try (EventLoop loop = EventLoop.start("ctx-loop")) {
            CompletableFuture<String> seen = new CompletableFuture<>();
            Thread t = new Thread(() -> {
                var.set("caller thread");
                loop.createTask(Mono.fromRunnable(() -> seen.complete(var.get())));
            });
            t.start();
            assertThat(seen.get(10, SECONDS)).isEqualTo("caller thread");
            assertThat(var.get()).isEqualTo("unset");
        }
        var.set("test thread");
        String inside = runVirtual(() -> {
            String inherited = var.get();
            var.set("main task");
            return Mono.just(inherited);
        });
        assertThat(inside).isEqualTo("test thread");
        assertThat(var.get()).isEqualTo("test thread");
    }
}
