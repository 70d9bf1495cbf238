package io.github.threadpool.sample;

import java.net.URI;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.apache.tomcat.util.http.InvalidParameterException;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriUtils;

/**
 * Errors raised outside Spring MVC but inside the application — a filter's {@code sendError} (such as
 * {@link RequestSizeLimit}'s 413), the container's own 400 for a malformed query, an exception that escapes a
 * filter — which the container forwards to {@code /error}: as RFC 9457 problem details, like every other
 * error, in place of Spring Boot's default JSON or HTML. A 4xx says what the container said was wrong; a 5xx
 * says nothing about the server's insides.
 */
@RestController
class ProblemErrorController implements ErrorController {

    @RequestMapping("${server.error.path:/error}")
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        HttpStatus status = (request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) instanceof Integer code)
                ? HttpStatus.resolve(code) : HttpStatus.NOT_FOUND; // no error: someone asked for /error itself
        if (status == null) {
            status = HttpStatus.INTERNAL_SERVER_ERROR;
        }
        Object message = (causeIsUndecodableParameter(request.getAttribute(RequestDispatcher.ERROR_EXCEPTION)))
                ? ApiErrors.UNDECODABLE_PARAMETER : request.getAttribute(RequestDispatcher.ERROR_MESSAGE);
        if (message == ApiErrors.UNDECODABLE_PARAMETER) {
            status = HttpStatus.BAD_REQUEST;
        }
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail(status, message));
        problem.setTitle(status.getReasonPhrase());
        if (request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) instanceof String uri) {
            problem.setInstance(URI.create(UriUtils.encodePath(uri, StandardCharsets.UTF_8)));
        }
        return ResponseEntity.status(status).body(problem);
    }

    /**
     * Whether a filter met a query parameter Tomcat could not decode ({@code ?max=%zz}): Spring Security's
     * filters read the parameters before Spring MVC, whose handler would otherwise answer it.
     */
    private static boolean causeIsUndecodableParameter(Object thrown) {
        for (Throwable cause = (thrown instanceof Throwable t) ? t : null; cause != null; cause = cause.getCause()) {
            if (cause instanceof InvalidParameterException) {
                return true;
            }
        }
        return false;
    }

    /** The container's own words for a client error; for a server error, nothing it might reveal. */
    static String detail(HttpStatus status, Object message) {
        if (status.is4xxClientError() && message instanceof String text && !text.isBlank()) {
            return ApiErrors.shorten(text, 300);
        }
        return status.is5xxServerError() ? "The server could not complete the request" : status.getReasonPhrase();
    }

}
