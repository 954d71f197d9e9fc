package io.github.asyncio4j.samples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Seed 003's asyncio.Queue ({@link ProducerConsumer}) on the virtual-time loop. */
class ProducerConsumerTest {

    @RegisterExtension
    final Transcript out = new Transcript();

    @Test
    @DisplayName("seed 003: a producer every 0.5 s, a consumer every 1 s, until the exit signal")
    void producerAndConsumer() {
        long nanos = ProducerConsumer.run(out.virtualLoop(), out);

        assertThat(nanos).as("the consumer gets the exit signal at 5 s").isEqualTo(5_000_000_000L);

        assertThat(out.stamped()).containsExactly(
                "0.000s | Produced 0",
                "0.000s | Consumed 0",
                "0.500s | Produced 1",
                "1.000s | Consumed 1",
                "1.000s | Produced 2",
                "1.500s | Produced 3",
                "2.000s | Consumed 2",
                "2.000s | Produced 4",
                "3.000s | Consumed 3",
                "4.000s | Consumed 4");
    }
}
