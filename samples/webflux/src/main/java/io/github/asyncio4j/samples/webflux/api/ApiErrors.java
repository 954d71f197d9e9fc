package io.github.asyncio4j.samples.webflux.api;

import io.github.asyncio4j.ExceptionGroup;
import io.github.asyncio4j.samples.webflux.calls.DownstreamException;
import java.util.List;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.reactive.result.method.annotation.ResponseEntityExceptionHandler;

/**
 * Turns failures into RFC 9457 problem details ({@code application/problem+json}). Spring's own
 * exceptions (a bad parameter: 400; a {@code ResponseStatusException}, such as the dashboard's 504)
 * are handled by {@link ResponseEntityExceptionHandler}; this class adds the downstream failures:
 *
 * <ul>
 *   <li>{@link DownstreamException}: 502 Bad Gateway, naming the call;</li>
 *   <li>{@link ExceptionGroup} (a {@code TaskGroup} whose parts failed, or a race every racer
 *       lost): 502 Bad Gateway, listing every failed call under {@code failures}.</li>
 * </ul>
 */
@RestControllerAdvice
final class ApiErrors extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiErrors.class);

    /**
     * One failed downstream call, in a problem's {@code failures}.
     *
     * @param call the call's name
     * @param status the status it answered, or {@code null} if it could not be reached
     * @param message what happened
     */
    record Failure(String call, @Nullable Integer status, String message) {

        static Failure of(DownstreamException e) {
            return new Failure(e.call(), e.status(), e.getMessage());
        }
    }

    @ExceptionHandler
    ProblemDetail downstreamFailed(DownstreamException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_GATEWAY, e.getMessage());
        problem.setTitle("A downstream service failed");
        problem.setProperty("failures", List.of(Failure.of(e)));
        return problem;
    }

    @ExceptionHandler
    ProblemDetail groupFailed(ExceptionGroup group) {
        if (!group.exceptions().stream().allMatch(DownstreamException.class::isInstance)) {
            // Something other than a downstream call broke: a bug of ours, not a bad gateway.
            log.error("Request failed", group);
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
                    "the request failed unexpectedly; the log has the details");
            problem.setTitle("Internal error");
            return problem;
        }
        List<Failure> failures = group.exceptions().stream().map(e -> Failure.of((DownstreamException) e)).toList();
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_GATEWAY, failures.size()
                + (failures.size() == 1 ? " downstream call failed: " : " downstream calls failed: ")
                + failures.stream().map(Failure::message).collect(Collectors.joining("; ")));
        problem.setTitle("A downstream service failed");
        problem.setProperty("failures", failures);
        return problem;
    }
}
