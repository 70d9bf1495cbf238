package io.github.threadpool.sample;

import java.net.URI;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.core.MethodParameter;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/**
 * Error responses that a handler returns rather than throws, as problem details too. Actuator answers an
 * unknown pool or job with a 404 and no body, and an invalid write with its own
 * {@code {"error", "message", "status"}} map; both become RFC 9457 problem details, the map's message kept as
 * the detail. Any other body is left alone — a health check's 503 keeps its health details.
 */
@ControllerAdvice
class ErrorBodies implements ResponseBodyAdvice<Object> {

    private static final String THREADPOOL_ENDPOINT = "/actuator/threadpool";

    @Override
    public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
        return true;
    }

    @Override
    public @Nullable Object beforeBodyWrite(@Nullable Object body, MethodParameter returnType, MediaType contentType,
            Class<? extends HttpMessageConverter<?>> converterType, ServerHttpRequest request, ServerHttpResponse response) {
        if (!(response instanceof ServletServerHttpResponse servlet) || body instanceof ProblemDetail) {
            return body;
        }
        HttpStatus status = HttpStatus.resolve(servlet.getServletResponse().getStatus());
        if (status == null || !status.isError()) {
            return body;
        }
        String detail;
        if (body == null) {
            detail = (status == HttpStatus.NOT_FOUND && request.getURI().getRawPath().startsWith(THREADPOOL_ENDPOINT))
                    ? "No such pool, or no such job in it (unknown, or evicted from the results): GET "
                            + THREADPOOL_ENDPOINT + " lists the pools"
                    : status.getReasonPhrase();
        }
        else if (body instanceof Map<?, ?> map && map.containsKey("error") && map.get("message") instanceof String message) {
            detail = message;
        }
        else {
            return body;
        }
        ProblemDetail problem = ApiErrors.problem(status, status.getReasonPhrase(), detail);
        problem.setInstance(URI.create(request.getURI().getRawPath()));
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        return problem;
    }

}
