package io.github.threadpool.autoconfigure;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.origin.Origin;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Explains a start-up that failed on bad {@code threadpool.*} properties — top-level or under
 * {@code threadpool.pools.<name>} — naming each property, the bad value as written, where it was
 * written (file and line, or command-line argument), and what it accepts; the action says what to
 * change. Covers values that fail validation or contradict each other
 * ({@link InvalidThreadPoolConfigurationException}: zero workers, two primary pools, {@code @Async}
 * without a pool) and values that cannot be converted at all ({@link BindException}: an unknown
 * rejection policy, a word where a number belongs).
 *
 * <p>Ordered ahead of Spring Boot's generic binding analyzers, which would otherwise answer first.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
final class InvalidThreadPoolPropertyFailureAnalyzer implements FailureAnalyzer {

    private static final String PREFIX = "threadpool";

    @Override
    public @Nullable FailureAnalysis analyze(Throwable failure) {
        List<InvalidThreadPoolConfigurationException.Problem> problems = problems(failure);
        if (problems.isEmpty()) {
            return null;
        }
        StringBuilder description = new StringBuilder("Invalid thread pool configuration:\n");
        StringBuilder action = new StringBuilder();
        for (InvalidThreadPoolConfigurationException.Problem problem : problems) {
            description.append(String.format("%n    Property: %s%n    Value: \"%s\"%n    Origin: %s%n    Accepted: %s%n",
                    problem.property(), problem.value(), problem.origin(), problem.accepted()));
            action.append(String.format("Set %s to %s.%n", problem.property(), problem.accepted()));
        }
        return new FailureAnalysis(description.toString(), action.toString().trim(), failure);
    }

    private static List<InvalidThreadPoolConfigurationException.Problem> problems(Throwable failure) {
        InvalidThreadPoolConfigurationException invalid = findCause(failure, InvalidThreadPoolConfigurationException.class);
        if (invalid != null) {
            return invalid.problems();
        }
        BindException bind = findCause(failure, BindException.class);
        if (bind == null) {
            return List.of();
        }
        String name = bind.getName().toString();
        ConfigurationProperty property = bind.getProperty();
        if (!(name.equals(PREFIX) || name.startsWith(PREFIX + ".")) || property == null) {
            return List.of();
        }
        String propertyName = property.getName().toString();
        String accepted = AcceptedValues.of(propertyName);
        Origin origin = property.getOrigin();
        return List.of(new InvalidThreadPoolConfigurationException.Problem(propertyName,
                String.valueOf(property.getValue()), (origin != null) ? origin.toString() : "unknown",
                (accepted != null) ? accepted : "a value of the documented type"));
    }

    private static <E extends Throwable> @Nullable E findCause(@Nullable Throwable failure, Class<E> type) {
        while (failure != null) {
            if (type.isInstance(failure)) {
                return type.cast(failure);
            }
            failure = failure.getCause();
        }
        return null;
    }
}
