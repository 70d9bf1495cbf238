package io.github.threadpool.autoconfigure.actuate;

import java.util.HashSet;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of the {@code threadpool} actuator endpoint, alongside Spring Boot's own
 * {@code management.endpoint.threadpool.access}.
 */
@ConfigurationProperties("management.endpoint.threadpool")
public class ThreadPoolEndpointProperties {

    /**
     * When to show the values that succeeded jobs returned: 'never', 'when-authorized' (to users in
     * one of the roles, or any authenticated user if no roles are set) or 'always'. A job's value may
     * be sensitive, so it is never shown by default.
     */
    private Show showValues = Show.NEVER;

    /**
     * When to show a failed job's error type and message: 'never', 'when-authorized' or 'always'. A
     * message may carry SQL, host names or tokens. Default: as show-values.
     */
    private @Nullable Show showErrors;

    /**
     * Roles allowed to see values (and errors) when show-values (show-errors) is 'when-authorized'. Any
     * authenticated user when empty.
     */
    private Set<String> roles = new HashSet<>();

    public Show getShowValues() {
        return this.showValues;
    }

    public void setShowValues(Show showValues) {
        this.showValues = showValues;
    }

    public @Nullable Show getShowErrors() {
        return this.showErrors;
    }

    public void setShowErrors(@Nullable Show showErrors) {
        this.showErrors = showErrors;
    }

    /** show-errors, or show-values when it is not set. */
    public Show effectiveShowErrors() {
        return (this.showErrors != null) ? this.showErrors : this.showValues;
    }

    public Set<String> getRoles() {
        return this.roles;
    }

    public void setRoles(Set<String> roles) {
        this.roles = roles;
    }
}
