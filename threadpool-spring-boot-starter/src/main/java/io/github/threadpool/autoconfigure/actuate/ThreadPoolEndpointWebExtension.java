package io.github.threadpool.autoconfigure.actuate;

import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.EndpointWebExtension;

/**
 * The {@link ThreadPoolEndpoint}'s resize over HTTP: an unknown pool answers 404; a refused resize
 * answers 400 with its reason in the body, whatever the application's
 * {@code server.error.include-message} says, because the caller needs it to correct the request.
 */
@EndpointWebExtension(endpoint = ThreadPoolEndpoint.class)
public class ThreadPoolEndpointWebExtension {

    private final ThreadPoolEndpoint delegate;

    public ThreadPoolEndpointWebExtension(ThreadPoolEndpoint delegate) {
        this.delegate = delegate;
    }

    @WriteOperation
    public WebEndpointResponse<Object> resize(SecurityContext securityContext, @Selector String pool,
            @Nullable Integer workers, @Nullable Integer queueCapacity) {
        if (!this.delegate.hasPool(pool)) {
            return new WebEndpointResponse<>(WebEndpointResponse.STATUS_NOT_FOUND);
        }
        try {
            Object resized = this.delegate.resize(securityContext, pool, workers, queueCapacity);
            return (resized != null) ? new WebEndpointResponse<>(resized)
                    : new WebEndpointResponse<>(WebEndpointResponse.STATUS_NOT_FOUND);
        }
        catch (InvalidEndpointRequestException ex) {
            return new WebEndpointResponse<>(Map.of("status", WebEndpointResponse.STATUS_BAD_REQUEST, "error",
                    "Bad Request", "message", ex.getReason()), WebEndpointResponse.STATUS_BAD_REQUEST);
        }
    }
}
