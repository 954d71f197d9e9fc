package io.github.asyncio4j;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import reactor.core.publisher.Hooks;

/**
 * JUnit extension: fails a test if anything reached Reactor's {@code Hooks.onErrorDropped} or
 * {@code Hooks.onNextDropped} while it ran (an error or value nobody could receive is a bug of
 * ours, never something to tolerate silently).
 */
final class NoDroppedSignals implements BeforeEachCallback, AfterEachCallback {

    private final List<Object> dropped = new CopyOnWriteArrayList<>();

    @Override
    public void beforeEach(ExtensionContext context) {
        dropped.clear();
        Hooks.onErrorDropped(dropped::add);
        Hooks.onNextDropped(dropped::add);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Hooks.resetOnErrorDropped();
        Hooks.resetOnNextDropped();
        if (!dropped.isEmpty()) {
            StringWriter out = new StringWriter();
            for (Object d : dropped) {
                if (d instanceof Throwable t) {
                    t.printStackTrace(new PrintWriter(out));
                } else {
                    out.append(String.valueOf(d)).append('\n');
                }
            }
            throw new AssertionError("signals dropped to Hooks.onErrorDropped/onNextDropped during "
                    + context.getDisplayName() + ":\n" + out);
        }
    }
}
