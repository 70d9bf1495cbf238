package io.github.threadpool.sample;

import java.util.concurrent.RejectedExecutionException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error as an RFC 9457 problem detail, never a 500 with a stack trace: Spring MVC's own
 * (unreadable or missing body, wrong types, missing parameters) through the base class, and the API's.
 */
@RestControllerAdvice
class ApiErrors extends ResponseEntityExceptionHandler {

    @ExceptionHandler
    ProblemDetail invalidRequest(InvalidJobRequestException ex) {
        return problem(HttpStatus.BAD_REQUEST, "Invalid job request", ex.getMessage());
    }

    @ExceptionHandler
    ProblemDetail notFound(JobNotFoundException ex) {
        return problem(HttpStatus.NOT_FOUND, "Job not found", ex.getMessage());
    }

    /** The queue is full, or the pool is shutting down: the client may retry later, elsewhere or here. */
    @ExceptionHandler
    ResponseEntity<ProblemDetail> rejected(RejectedExecutionException ex) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
            .header(HttpHeaders.RETRY_AFTER, "1")
            .body(problem(HttpStatus.SERVICE_UNAVAILABLE, "Job rejected", ex.getMessage()));
    }

    /** A missing body, malformed JSON or a value of the wrong type: say what a good body looks like. */
    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        Throwable cause = ex.getMostSpecificCause();
        String reason = (cause != ex && cause.getMessage() != null) ? cause.getMessage().lines().findFirst().orElse("")
                : "the body is missing";
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "Unreadable job request",
                "Expected a JSON body such as {\"durationMs\": 200, \"fail\": false, \"label\": \"report-42\"}; "
                        + reason);
        return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    private static ProblemDetail problem(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return problem;
    }

}
