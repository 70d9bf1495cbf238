package io.github.threadpool.sample;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.OptionalLong;

import io.github.threadpool.autoconfigure.ThreadPools;

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
 * the detail, and a 404 of the pools' endpoint or health saying which was not found — the pool (listing the
 * pools there are) or the job — as the sample's own API does. Any other body is left alone — a health
 * check's 503 keeps its health details.
 */
@ControllerAdvice
class ErrorBodies implements ResponseBodyAdvice<Object> {

    private static final String THREADPOOL_ENDPOINT = "/actuator/threadpool/";

    private static final String THREADPOOL_HEALTH = "/actuator/health/threadpool/";

    private final ThreadPools pools;

    ErrorBodies(ThreadPools pools) {
        this.pools = pools;
    }

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
            String path = request.getURI().getRawPath();
            detail = (status == HttpStatus.NOT_FOUND) ? whatWasNotFound(path) : status.getReasonPhrase();
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

    /**
     * For a 404 of {@code /actuator/threadpool/{pool}[/{id}]} or {@code /actuator/health/threadpool/{pool}}:
     * the pool, if there is none of that name, else the job. The endpoint has already refused an id that is not
     * plain decimal digits with a 400, so one here parses; it is read as the sample reads every id.
     */
    private String whatWasNotFound(String path) {
        String rest = path.startsWith(THREADPOOL_ENDPOINT) ? path.substring(THREADPOOL_ENDPOINT.length())
                : path.startsWith(THREADPOOL_HEALTH) ? path.substring(THREADPOOL_HEALTH.length()) : null;
        if (rest == null || rest.isEmpty()) {
            return HttpStatus.NOT_FOUND.getReasonPhrase();
        }
        String[] segments = rest.split("/", 2);
        String pool = decoded(segments[0]);
        if (this.pools.find(pool).isEmpty()) {
            return new PoolNotFoundException(pool, this.pools.names()).getMessage();
        }
        OptionalLong id = (segments.length == 2) ? StrictInput.decimal(segments[1], Long.MAX_VALUE) : OptionalLong.empty();
        return id.isPresent() ? new JobNotFoundException(pool, id.getAsLong()).getMessage()
                : HttpStatus.NOT_FOUND.getReasonPhrase();
    }

    /** A path segment percent-decoded ({@code +} stays a plus, as in a path); as it came if it does not decode. */
    private static String decoded(String segment) {
        try {
            return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
        }
        catch (IllegalArgumentException malformed) {
            return segment;
        }
    }

}
