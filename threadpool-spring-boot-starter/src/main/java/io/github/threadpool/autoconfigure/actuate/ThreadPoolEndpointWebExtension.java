package io.github.threadpool.autoconfigure.actuate;

import java.util.Map;

import io.github.threadpool.autoconfigure.JobDirectoryUnavailableException;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.EndpointWebExtension;

/**
 * The {@link ThreadPoolEndpoint}'s job read and resize over HTTP. An unknown pool answers 404. Numbers
 * arrive as text and are parsed strictly by {@link EndpointArguments}, so that {@code 0x10} is not job 16
 * and {@code {"workers": "x"}} is refused by name. A refused request answers 400 with its reason in the
 * body, whatever the application's {@code server.error.include-message} says, because the caller needs it
 * to correct the request.
 */
@EndpointWebExtension(endpoint = ThreadPoolEndpoint.class)
public class ThreadPoolEndpointWebExtension {

    private static final int STATUS_SERVICE_UNAVAILABLE = 503;

    private final ThreadPoolEndpoint delegate;

    public ThreadPoolEndpointWebExtension(ThreadPoolEndpoint delegate) {
        this.delegate = delegate;
    }

    @ReadOperation
    public WebEndpointResponse<Object> job(SecurityContext securityContext, @Selector String pool,
            @Selector String jobId) {
        if (!this.delegate.hasPool(pool)) {
            return new WebEndpointResponse<>(WebEndpointResponse.STATUS_NOT_FOUND);
        }
        try {
            Object job = this.delegate.job(securityContext, pool, EndpointArguments.jobId(jobId));
            return (job != null) ? new WebEndpointResponse<>(job)
                    : new WebEndpointResponse<>(WebEndpointResponse.STATUS_NOT_FOUND);
        }
        catch (InvalidEndpointRequestException ex) {
            return badRequest(ex);
        }
        catch (JobDirectoryUnavailableException ex) {
            return new WebEndpointResponse<>(Map.of("status", STATUS_SERVICE_UNAVAILABLE, "error", "Service Unavailable",
                    "message", "The fleet's job directory did not answer: the job's state is unknown, try again"),
                    STATUS_SERVICE_UNAVAILABLE);
        }
    }

    @WriteOperation
    public WebEndpointResponse<Object> resize(SecurityContext securityContext, @Selector String pool,
            @Nullable String workers, @Nullable String queueCapacity) {
        if (!this.delegate.hasPool(pool)) {
            return new WebEndpointResponse<>(WebEndpointResponse.STATUS_NOT_FOUND);
        }
        try {
            Object resized = this.delegate.resize(securityContext, pool,
                    EndpointArguments.workers(workers, this.delegate.maxWorkers(pool)),
                    EndpointArguments.queueCapacity(queueCapacity));
            return (resized != null) ? new WebEndpointResponse<>(resized)
                    : new WebEndpointResponse<>(WebEndpointResponse.STATUS_NOT_FOUND);
        }
        catch (InvalidEndpointRequestException ex) {
            return badRequest(ex);
        }
    }

    private static WebEndpointResponse<Object> badRequest(InvalidEndpointRequestException ex) {
        return new WebEndpointResponse<>(Map.of("status", WebEndpointResponse.STATUS_BAD_REQUEST, "error",
                "Bad Request", "message", ex.getReason()), WebEndpointResponse.STATUS_BAD_REQUEST);
    }
}
