package io.github.asyncio4j.samples.webflux.calls;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.util.MultiValueMap;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.util.UriBuilder;

/**
 * Fault injection: how slow each downstream call of a request is, and whether it fails, read from
 * the request's query parameters, so that timeouts, races and failures can be tried with curl.
 *
 * <ul>
 *   <li>{@code <call>.delay=2s}: the latency of that call ({@code 250ms}, {@code 2s}, {@code 1h},
 *       {@code PT0.5S}; a bare number is milliseconds);</li>
 *   <li>{@code delay=50ms}: the latency of every call that has none of its own;</li>
 *   <li>{@code <call>.fail=503}: the downstream service answers that status, after its latency.</li>
 * </ul>
 *
 * <p>Unset, a call takes the configured latency ({@code samples.downstream.latency}) and succeeds.
 * The call names are each endpoint's: {@code profile}, {@code orders}, {@code recommendations};
 * {@code primary}, {@code backup}; {@code sales}, {@code inventory}, {@code reviews}; a symbol;
 * {@code page-<n>}. The downstream services read the plain {@code delay} and {@code fail}
 * parameters that {@link #applyTo} sets.
 */
public final class Faults {

    private static final String DELAY = "delay";
    private static final String FAIL = "fail";

    private final MultiValueMap<String, String> params;
    private final Duration defaultLatency;

    private Faults(MultiValueMap<String, String> params, Duration defaultLatency) {
        this.params = params;
        this.defaultLatency = defaultLatency;
    }

    /**
     * The faults a request asks for. Every fault parameter is checked here, so a malformed one is
     * a 400 before any call is made.
     *
     * @param queryParams the request's query parameters
     * @param defaultLatency the latency of a call the parameters say nothing about
     * @return the faults
     * @throws NullPointerException if an argument is {@code null}
     * @throws ServerWebInputException if a fault parameter is malformed
     */
    public static Faults of(MultiValueMap<String, String> queryParams, Duration defaultLatency) {
        Objects.requireNonNull(queryParams, "queryParams");
        Objects.requireNonNull(defaultLatency, "defaultLatency");
        for (Map.Entry<String, List<String>> param : queryParams.entrySet()) {
            String name = param.getKey();
            String value = param.getValue().isEmpty() ? "" : param.getValue().get(0);
            if (name.equals(DELAY) || name.endsWith("." + DELAY)) {
                parseDuration(name, value);
            } else if (name.endsWith("." + FAIL)) {
                parseStatus(name, value);
            }
        }
        return new Faults(queryParams, defaultLatency);
    }

    /**
     * The latency asked for {@code call}.
     *
     * @param call the call's name
     * @return its latency
     * @throws NullPointerException if {@code call} is {@code null}
     */
    public Duration delay(String call) {
        Objects.requireNonNull(call, "call");
        String own = params.getFirst(call + "." + DELAY);
        if (own != null) {
            return parseDuration(call + "." + DELAY, own);
        }
        String all = params.getFirst(DELAY);
        return all != null ? parseDuration(DELAY, all) : defaultLatency;
    }

    /**
     * The status {@code call} should fail with, if any.
     *
     * @param call the call's name
     * @return an HTTP error status, or {@code null} for success
     * @throws NullPointerException if {@code call} is {@code null}
     */
    @Nullable
    public Integer failure(String call) {
        Objects.requireNonNull(call, "call");
        String status = params.getFirst(call + "." + FAIL);
        return status == null ? null : parseStatus(call + "." + FAIL, status);
    }

    /**
     * Adds the {@code delay} and {@code fail} parameters of {@code call} to a downstream URI.
     *
     * @param call the call's name
     * @param uri the downstream URI being built
     * @return {@code uri}
     * @throws NullPointerException if an argument is {@code null}
     */
    public UriBuilder applyTo(String call, UriBuilder uri) {
        Objects.requireNonNull(call, "call");
        Objects.requireNonNull(uri, "uri");
        uri.queryParam(DELAY, delay(call).toMillis() + "ms");
        Integer status = failure(call);
        if (status != null) {
            uri.queryParam(FAIL, status);
        }
        return uri;
    }

    /**
     * Parses a duration parameter the way Spring Boot parses durations in its configuration.
     *
     * @param name the parameter, for the message
     * @param value its value
     * @return the duration, never negative
     * @throws NullPointerException if an argument is {@code null}
     * @throws ServerWebInputException (400) if the value is not a duration, or is negative
     */
    public static Duration parseDuration(String name, String value) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        Duration d;
        try {
            d = DurationStyle.detectAndParse(value);
        } catch (IllegalArgumentException e) {
            throw new ServerWebInputException(name + "=" + value + " is not a duration: write it like 250ms, 2s or 1h");
        }
        if (d.isNegative()) {
            throw new ServerWebInputException(name + "=" + value + " is negative: a duration must be zero or more");
        }
        return d;
    }

    private static int parseStatus(String name, String value) {
        int status;
        try {
            status = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new ServerWebInputException(name + "=" + value + " is not an HTTP status: write it like 503");
        }
        if (status < 400 || status > 599) {
            throw new ServerWebInputException(name + "=" + value + " is not an error status: use 400 to 599");
        }
        return status;
    }
}
