package io.github.asyncio4j.samples.webflux.calls;

import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.web.reactive.function.client.WebClientException;
import org.springframework.web.reactive.function.client.WebClientResponseException;

/**
 * A downstream call failed: the service answered an error status, or could not be reached. The
 * API answers it with 502 Bad Gateway, naming the call.
 */
public final class DownstreamException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The call's name. */
    private final String call;
    /** The status the service answered; {@code null} if it could not be reached. */
    @Nullable
    private final Integer status;

    /**
     * The failure of {@code call}, from WebClient's exception.
     *
     * @param call the call's name
     * @param cause what WebClient raised
     * @throws NullPointerException if an argument is {@code null}
     */
    public DownstreamException(String call, WebClientException cause) {
        super(describe(Objects.requireNonNull(call, "call"), Objects.requireNonNull(cause, "cause")), cause);
        this.call = call;
        this.status = cause instanceof WebClientResponseException r ? r.getStatusCode().value() : null;
    }

    private static String describe(String call, WebClientException cause) {
        if (cause instanceof WebClientResponseException r) {
            return call + " answered " + r.getStatusCode().value() + " " + r.getStatusText();
        }
        return call + " could not be reached: " + cause.getMessage();
    }

    /**
     * The call's name.
     *
     * @return the name, as in the request's fault parameters
     */
    public String call() {
        return call;
    }

    /**
     * The status the downstream service answered.
     *
     * @return the status, or {@code null} if it could not be reached
     */
    @Nullable
    public Integer status() {
        return status;
    }
}
