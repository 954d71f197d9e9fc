package io.github.asyncio4j.samples.webflux.calls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.util.DefaultUriBuilderFactory;

/** {@link Faults}: the fault parameters of a request. */
class FaultsTest {

    private static MultiValueMap<String, String> params(String... nameValues) {
        MultiValueMap<String, String> params = new LinkedMultiValueMap<>();
        for (int i = 0; i < nameValues.length; i += 2) {
            params.add(nameValues[i], nameValues[i + 1]);
        }
        return params;
    }

    @Test
    @DisplayName("faults: a call's own delay beats the request's delay, which beats the configured latency")
    void delays() {
        Faults faults = Faults.of(params("orders.delay", "2s", "delay", "150ms"), Duration.ofMillis(20));
        assertThat(faults.delay("orders")).isEqualTo(Duration.ofSeconds(2));
        assertThat(faults.delay("profile")).isEqualTo(Duration.ofMillis(150));
        assertThat(Faults.of(params(), Duration.ofMillis(20)).delay("profile")).isEqualTo(Duration.ofMillis(20));
        assertThat(Faults.of(params("delay", "75"), Duration.ZERO).delay("x")).as("a bare number is milliseconds")
                .isEqualTo(Duration.ofMillis(75));
    }

    @Test
    @DisplayName("faults: a failure is asked per call, and travels downstream as delay and fail parameters")
    void failuresTravelDownstream() {
        Faults faults = Faults.of(params("orders.fail", "503", "orders.delay", "1h"), Duration.ZERO);
        assertThat(faults.failure("orders")).isEqualTo(503);
        assertThat(faults.failure("profile")).isNull();
        DefaultUriBuilderFactory uris = new DefaultUriBuilderFactory("http://127.0.0.1:1");
        assertThat(faults.applyTo("orders", uris.uriString("/downstream/orders/{id}")).build("7"))
                .hasToString("http://127.0.0.1:1/downstream/orders/7?delay=3600000ms&fail=503");
        assertThat(faults.applyTo("profile", uris.uriString("/downstream/profiles/{id}")).build("7"))
                .hasToString("http://127.0.0.1:1/downstream/profiles/7?delay=0ms");
    }

    @Test
    @DisplayName("faults: malformed parameters are refused up front (400), saying how to write them")
    void malformed() {
        assertThatThrownBy(() -> Faults.of(params("orders.delay", "soon"), Duration.ZERO))
                .isInstanceOf(ServerWebInputException.class)
                .hasMessageContaining("orders.delay=soon is not a duration: write it like 250ms, 2s or 1h");
        assertThatThrownBy(() -> Faults.of(params("delay", "-1s"), Duration.ZERO))
                .isInstanceOf(ServerWebInputException.class)
                .hasMessageContaining("delay=-1s is negative");
        assertThatThrownBy(() -> Faults.of(params("orders.fail", "yes"), Duration.ZERO))
                .isInstanceOf(ServerWebInputException.class)
                .hasMessageContaining("orders.fail=yes is not an HTTP status: write it like 503");
        assertThatThrownBy(() -> Faults.of(params("orders.fail", "302"), Duration.ZERO))
                .isInstanceOf(ServerWebInputException.class)
                .hasMessageContaining("orders.fail=302 is not an error status: use 400 to 599");
        assertThat(Faults.of(params("symbols", "A,B", "budget", "whenever"), Duration.ZERO).delay("A"))
                .as("other parameters are none of its business").isEqualTo(Duration.ZERO);
    }

    @Test
    @DisplayName("faults: null arguments are refused, naming them")
    void nulls() {
        assertThatThrownBy(() -> Faults.of(null, Duration.ZERO)).isInstanceOf(NullPointerException.class).hasMessage("queryParams");
        assertThatThrownBy(() -> Faults.of(params(), null)).isInstanceOf(NullPointerException.class).hasMessage("defaultLatency");
        Faults faults = Faults.of(params(), Duration.ZERO);
        assertThatThrownBy(() -> faults.delay(null)).isInstanceOf(NullPointerException.class).hasMessage("call");
        assertThatThrownBy(() -> faults.failure(null)).isInstanceOf(NullPointerException.class).hasMessage("call");
        assertThatThrownBy(() -> faults.applyTo("c", null)).isInstanceOf(NullPointerException.class).hasMessage("uri");
        assertThatThrownBy(() -> Faults.parseDuration("delay", null)).isInstanceOf(NullPointerException.class).hasMessage("value");
    }
}
