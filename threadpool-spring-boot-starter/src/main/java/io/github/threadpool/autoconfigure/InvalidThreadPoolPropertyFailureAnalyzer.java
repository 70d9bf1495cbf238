package io.github.threadpool.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.DataObjectPropertyName;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.origin.Origin;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;

/**
 * Explains a start-up that failed on a bad {@code threadpool.*} property: names the property, the bad
 * value, where it was set, and what it accepts; the action says what to change. Covers values that
 * fail validation (zero workers, a negative duration) and values that cannot be converted at all (an
 * unknown rejection policy, a word where a number belongs).
 *
 * <p>Ordered ahead of Spring Boot's generic binding analyzers, which would otherwise answer first.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
final class InvalidThreadPoolPropertyFailureAnalyzer extends AbstractFailureAnalyzer<BindException> {

    private static final String PREFIX = "threadpool";

    @Override
    protected @Nullable FailureAnalysis analyze(Throwable rootFailure, BindException cause) {
        String name = cause.getName().toString();
        if (!name.equals(PREFIX) && !name.startsWith(PREFIX + ".")) {
            return null;
        }
        List<Problem> problems = problems(cause);
        if (problems.isEmpty()) {
            return null;
        }
        StringBuilder description = new StringBuilder("Invalid thread pool configuration:\n");
        StringBuilder action = new StringBuilder();
        for (Problem problem : problems) {
            description.append(String.format("%n    Property: %s%n    Value: \"%s\"%n    Origin: %s%n    Accepted: %s%n",
                    problem.property, problem.value, problem.origin, problem.accepted));
            action.append(String.format("Set %s to %s.%n", problem.property, problem.accepted));
        }
        return new FailureAnalysis(description.toString(), action.toString().trim(), cause);
    }

    private List<Problem> problems(BindException cause) {
        List<Problem> problems = new ArrayList<>();
        BindValidationException validation = findCause(cause, BindValidationException.class);
        if (validation != null) {
            for (ObjectError error : validation.getValidationErrors()) {
                if (error instanceof FieldError fieldError) {
                    String property = PREFIX + "." + DataObjectPropertyName.toDashedForm(fieldError.getField());
                    problems.add(new Problem(property, asWritten(validation, property, fieldError),
                            originOf(Origin.from(fieldError)), acceptedFor(property)));
                }
            }
            return problems;
        }
        ConfigurationProperty property = cause.getProperty();
        if (property != null) {
            String name = property.getName().toString();
            problems.add(new Problem(name, String.valueOf(property.getValue()), originOf(property.getOrigin()),
                    acceptedFor(name)));
        }
        return problems;
    }

    /** The value as the user wrote it ({@code 0s}), rather than as it was converted ({@code PT0S}). */
    private static String asWritten(BindValidationException validation, String property, FieldError error) {
        return validation.getValidationErrors()
            .getBoundProperties()
            .stream()
            .filter((bound) -> bound.getName().toString().equals(property))
            .map((bound) -> String.valueOf(bound.getValue()))
            .findFirst()
            .orElseGet(() -> String.valueOf(error.getRejectedValue()));
    }

    private static String acceptedFor(String property) {
        String accepted = AcceptedValues.of(property);
        return (accepted != null) ? accepted : "a value of the documented type";
    }

    private static String originOf(@Nullable Origin origin) {
        return (origin != null) ? origin.toString() : "unknown";
    }

    private record Problem(String property, String value, String origin, String accepted) {
    }
}
