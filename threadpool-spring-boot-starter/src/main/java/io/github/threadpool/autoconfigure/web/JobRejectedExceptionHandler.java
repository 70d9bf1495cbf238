package io.github.threadpool.autoconfigure.web;

import java.net.URI;
import java.time.Duration;

import io.github.threadpool.core.JobRejectedException;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Answers a request whose handler had a job refused by a pool with {@code 503 Service Unavailable}, a
 * {@code Retry-After} and an RFC 9457 problem body, instead of a 500 and a stack trace in the log. Matches
 * a {@link JobRejectedException} thrown directly, and one wrapped in Spring's {@code TaskRejectedException}
 * (as an {@code @Async} method's call throws it), at any depth of causes. Refusals are logged by
 * {@link RejectionLog}: one WARN line per pool per interval, with the count.
 *
 * <p>The body names the pool and the reason, not the queue's figures or the exception's message. Ordered
 * last, so that an application's own {@code @ExceptionHandler} for these exceptions wins.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
public final class JobRejectedExceptionHandler {

    private final String retryAfterSeconds;

    private final RejectionLog log;

    JobRejectedExceptionHandler(Duration retryAfter, RejectionLog log) {
        long seconds = retryAfter.getSeconds() + ((retryAfter.getNano() > 0) ? 1 : 0);
        this.retryAfterSeconds = Long.toString(Math.max(1, seconds));
        this.log = log;
    }

    @ExceptionHandler(JobRejectedException.class)
    ResponseEntity<ProblemDetail> rejected(JobRejectedException refusal, HttpServletRequest request) {
        this.log.rejected(refusal);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, detail(refusal));
        problem.setTitle("Service Unavailable");
        problem.setInstance(URI.create(request.getRequestURI()));
        problem.setProperty("pool", refusal.pool());
        problem.setProperty("reason", refusal.reason().name());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
            .header(HttpHeaders.RETRY_AFTER, this.retryAfterSeconds)
            .body(problem);
    }

    private static String detail(JobRejectedException refusal) {
        String pool = "Thread pool '" + refusal.pool() + "'";
        return switch (refusal.reason()) {
            case QUEUE_FULL, INTERRUPTED -> pool + " is at capacity and refused the job; try again later.";
            case SHUT_DOWN -> pool + " is shutting down and refused the job; try again later.";
            case NO_WORKER -> pool + " has no worker to run the job; try again later.";
        };
    }
}
