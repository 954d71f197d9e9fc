package io.github.asyncio4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import reactor.core.publisher.Mono;

/**
 * An adopted Mono whose value ends the body (Reactor's Mono operators complete on the first
 * value), and whose {@code onComplete} or {@code onError} arrives on its own thread only after the
 * loop has closed: the late signal has nowhere to go, and it must not turn into a dropped
 * {@code RejectedExecutionException} (found by NoSilentErrors in ThreadLocalPropagationTest).
 */
class AdoptLateSignalTest {

    /** Emits its value at once from a thread of its own, then its terminal signal once released. */
    private static final class ValueThenLateSignal implements Publisher<String> {
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicReference<Thread> thread = new AtomicReference<>();
        private final Consumer<Subscriber<? super String>> terminal;

        ValueThenLateSignal(Consumer<Subscriber<? super String>> terminal) {
            this.terminal = terminal;
        }

        @Override
        public void subscribe(Subscriber<? super String> s) {
            s.onSubscribe(new Subscription() {
                @Override
                public void request(long n) {
                    // The value is pushed by the thread below, whatever the demand (a Mono asks for it).
                }

                @Override
                public void cancel() {
                    // Nothing to stop: the thread ends by itself.
                }
            });
            Thread t = new Thread(() -> {
                s.onNext("value");
                try {
                    if (release.await(10, TimeUnit.SECONDS)) {
                        terminal.accept(s);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "late-signal");
            thread.set(t);
            t.start();
        }

        void finishAfterTheLoopClosed() throws InterruptedException {
            release.countDown();
            thread.get().join(10_000);
        }
    }

    @Test
    @DisplayName("a late onComplete of an adopted Mono after the loop closed is not an error")
    void lateCompletion() throws Exception {
        ValueThenLateSignal foreign = new ValueThenLateSignal(Subscriber::onComplete);
        String r = Asyncio.run(() -> Mono.empty().then(Adopt.mono(foreign)), EventLoop.builder().name("late-complete"));
        foreign.finishAfterTheLoopClosed();
        assertThat(r).isEqualTo("value");
        assertThat(NoSilentErrors.takeDroppedErrors()).as("dropped to Hooks.onErrorDropped").isEmpty();
    }

    @Test
    @DisplayName("a late onError of an adopted Mono after the loop closed is dropped as itself, not as the closed loop's rejection")
    void lateError() throws Exception {
        IllegalStateException late = new IllegalStateException("late failure");
        ValueThenLateSignal foreign = new ValueThenLateSignal(s -> s.onError(late));
        String r = Asyncio.run(() -> Mono.empty().then(Adopt.mono(foreign)), EventLoop.builder().name("late-error"));
        foreign.finishAfterTheLoopClosed();
        assertThat(r).isEqualTo("value");
        assertThat(NoSilentErrors.takeDroppedErrors()).containsExactly(late);
    }
}
