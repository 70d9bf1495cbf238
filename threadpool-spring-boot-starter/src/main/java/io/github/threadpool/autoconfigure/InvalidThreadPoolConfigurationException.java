package io.github.threadpool.autoconfigure;

import java.util.List;
import java.util.stream.Collectors;

import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.origin.Origin;
import org.springframework.core.env.Environment;

/**
 * Thrown at start-up for {@code threadpool.*} settings that are each valid in form but wrong in value
 * or together (zero workers, two primary pools, {@code @Async} on a pool that is not there). Carries
 * every problem found, each with the value as written and where it was written, for
 * {@link InvalidThreadPoolPropertyFailureAnalyzer}.
 */
final class InvalidThreadPoolConfigurationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient List<Problem> problems;

    InvalidThreadPoolConfigurationException(List<Problem> problems) {
        super(problems.stream().map(Problem::toString).collect(Collectors.joining("; ")));
        this.problems = List.copyOf(problems);
    }

    List<Problem> problems() {
        return this.problems;
    }

    /**
     * One bad property.
     *
     * @param action what to do about it, a sentence; by default "Set {@code property} to {@code accepted}.",
     *        which reads well for a value out of range but not for a contradiction or an unknown key
     */
    record Problem(String property, String value, String origin, String accepted, String action) {

        Problem(String property, String value, String origin, String accepted) {
            this(property, value, origin, accepted, "Set " + property + " to " + accepted + ".");
        }

        /**
         * A problem with {@code property}, its value and origin looked up in {@code environment}'s sources
         * (the value as written there, such as {@code 0s}), or {@code fallbackValue} and "unknown".
         */
        static Problem of(Environment environment, String property, Object fallbackValue, String accepted) {
            ConfigurationPropertyName name = ConfigurationPropertyName.adapt(property, '.');
            for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
                ConfigurationProperty found = source.getConfigurationProperty(name);
                if (found != null) {
                    return of(found, property, accepted);
                }
            }
            return new Problem(property, String.valueOf(fallbackValue), "unknown", accepted);
        }

        /** A problem with {@code property}, its value as written and its origin taken from {@code found}. */
        static Problem of(ConfigurationProperty found, String property, String accepted) {
            Origin origin = found.getOrigin();
            return new Problem(property, String.valueOf(found.getValue()),
                    (origin != null) ? origin.toString() : "unknown", accepted);
        }

        /** A key under {@code threadpool} that no setting has: most likely a typo, which would otherwise do nothing. */
        static Problem unknownKey(ConfigurationProperty property) {
            String name = property.getName().toString();
            String level = name.startsWith("threadpool.pools.") ? "under threadpool.pools.<name>" : "under threadpool";
            String accepted = "a known key; " + level + " they are " + String.join(", ", AcceptedValues.keysBeside(name));
            String meant = AcceptedValues.likelyMeant(name);
            String action = (meant != null) ? "Rename " + name + " to " + meant + ", or remove it."
                    : "Remove " + name + ", or rename it to one of the keys " + level + ".";
            return of(property, name, accepted).withAction(action);
        }

        /** This problem, with {@code action} as what to do about it. */
        Problem withAction(String action) {
            return new Problem(this.property, this.value, this.origin, this.accepted, action);
        }

        @Override
        public String toString() {
            return this.property + "=" + this.value + " (" + this.origin + ") must be " + this.accepted;
        }
    }
}
