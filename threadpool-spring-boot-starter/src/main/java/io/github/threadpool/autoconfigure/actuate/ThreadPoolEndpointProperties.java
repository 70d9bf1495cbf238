package io.github.threadpool.autoconfigure.actuate;

import java.util.HashSet;
import java.util.Set;

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

    /** Roles allowed to see values when show-values is 'when-authorized'. Any authenticated user when empty. */
    private Set<String> roles = new HashSet<>();

    public Show getShowValues() {
        return this.showValues;
    }

    public void setShowValues(Show showValues) {
        this.showValues = showValues;
    }

    public Set<String> getRoles() {
        return this.roles;
    }

    public void setRoles(Set<String> roles) {
        this.roles = roles;
    }
}
