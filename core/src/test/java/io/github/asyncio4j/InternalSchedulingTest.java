package io.github.asyncio4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Internal code must append to the ready queue with {@code EventLoop.enqueue}: {@code schedule} is
 * the thread-safe Reactor {@code Scheduler} entry point, which goes through the cross-thread queue
 * and runs later, in another order. Both accept a {@code Runnable}, so the compiler cannot tell a
 * slip from intent; this test can.
 */
class InternalSchedulingTest {

    private static final Pattern LOOP_SCHEDULE = Pattern.compile("\\b(loop|this\\.loop|future\\.loop|task\\.loop|t\\.loop)\\.schedule\\(");

    @Test
    @DisplayName("no internal code calls the Scheduler's schedule(...) on a loop where it means enqueue(...)")
    void noSchedulerCallsInternally() throws IOException {
        Path main = Paths.get("src/main/java/io/github/asyncio4j");
        List<String> offenders;
        try (Stream<Path> files = Files.list(main)) {
            offenders = files.filter(p -> p.toString().endsWith(".java"))
                    .flatMap(p -> {
                        try {
                            List<String> lines = Files.readAllLines(p);
                            return java.util.stream.IntStream.range(0, lines.size())
                                    .filter(i -> LOOP_SCHEDULE.matcher(lines.get(i)).find())
                                    .filter(i -> !lines.get(i).contains("w.scheduled(") && !lines.get(i).strip().startsWith("*"))
                                    .mapToObj(i -> p.getFileName() + ":" + (i + 1) + ": " + lines.get(i).strip());
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    })
                    .collect(Collectors.toList());
        }
        assertThat(offenders).as("use loop.enqueue(...) for the ready queue, loop.execute(...) across threads").isEmpty();
    }
}
