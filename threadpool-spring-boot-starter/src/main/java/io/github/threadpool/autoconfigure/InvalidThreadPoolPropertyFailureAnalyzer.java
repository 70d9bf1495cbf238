package io.github.threadpool.autoconfigure;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.DataObjectPropertyName;
import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.context.properties.bind.validation.ValidationErrors;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;

/**
 * Explains a start-up that failed on bad properties of the starter — {@code threadpool.*}, top-level or
 * under {@code threadpool.pools.<name>}, and the starter's {@code management.health.threadpool.*} and
 * {@code management.endpoint.threadpool.*} — naming each property in its kebab-case form, the bad value as
 * written, where it was written (file and line, or command-line argument), and what it accepts; the action
 * says what to change. Covers every problem under {@code threadpool} at once
 * ({@link InvalidThreadPoolConfigurationException}: unknown keys, values that cannot be converted, values
 * out of range, contradictions such as two primary pools, {@code @Async} without a pool — collected by
 * {@link ProblemCollectingBindHandler} and {@link PoolSpecs}), and the starter's other properties as Spring
 * Boot's binder reports them: a {@code Validator} on a properties class (a saturation threshold above 1),
 * a value that cannot be converted ({@link BindException}), an unknown key
 * ({@link UnboundConfigurationPropertiesException}).
 *
 * <p>Ordered ahead of Spring Boot's generic binding analyzers, which would otherwise answer first, and
 * would name a validated property in its Java form ({@code saturationThreshold}) with its converted value.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
final class InvalidThreadPoolPropertyFailureAnalyzer implements FailureAnalyzer {

    /** Where the starter's properties live; anything else is left to the other analyzers. */
    private static final List<String> PREFIXES = List.of("threadpool", "management.health.threadpool",
            "management.endpoint.threadpool");

    static final String DOCUMENTED_TYPE = "a value of the documented type";

    @Override
    public @Nullable FailureAnalysis analyze(Throwable failure) {
        List<InvalidThreadPoolConfigurationException.Problem> problems = problems(failure);
        if (problems.isEmpty()) {
            return null;
        }
        StringBuilder description = new StringBuilder("Invalid thread pool configuration:\n");
        Set<String> actions = new LinkedHashSet<>(); // two primary pools are two problems with one remedy
        for (InvalidThreadPoolConfigurationException.Problem problem : problems) {
            description.append(String.format("%n    Property: %s%n    Value: \"%s\"%n    Origin: %s%n    Accepted: %s%n",
                    problem.property(), problem.value(), problem.origin(), problem.accepted()));
            actions.add(problem.action());
        }
        return new FailureAnalysis(description.toString(), String.join(System.lineSeparator(), actions), failure);
    }

    private static List<InvalidThreadPoolConfigurationException.Problem> problems(Throwable failure) {
        InvalidThreadPoolConfigurationException invalid = findCause(failure, InvalidThreadPoolConfigurationException.class);
        if (invalid != null) {
            return invalid.problems();
        }
        BindException bind = findCause(failure, BindException.class);
        if (bind == null || !isOurs(bind.getName().toString())) {
            return List.of();
        }
        BindValidationException validation = findCause(bind, BindValidationException.class);
        if (validation != null) {
            return invalidValues(validation.getValidationErrors());
        }
        UnboundConfigurationPropertiesException unbound = findCause(bind, UnboundConfigurationPropertiesException.class);
        if (unbound != null) {
            return unknownKeys(unbound.getUnboundProperties());
        }
        ConfigurationProperty property = bind.getProperty();
        if (property == null) {
            return List.of();
        }
        String propertyName = property.getName().toString();
        String accepted = AcceptedValues.of(propertyName);
        if (accepted == null && !propertyName.startsWith("threadpool.")) {
            return List.of(); // such as management.endpoint.threadpool.access: Spring Boot's, and explained by it
        }
        return List.of(InvalidThreadPoolConfigurationException.Problem.of(property, propertyName,
                (accepted != null) ? accepted : DOCUMENTED_TYPE));
    }

    /**
     * Values that a {@code Validator} refused once bound. Each is named as written (kebab-case, with the value
     * before conversion: "2", not "2.0"), from the properties that were bound, not from the Java field.
     */
    private static List<InvalidThreadPoolConfigurationException.Problem> invalidValues(ValidationErrors errors) {
        List<InvalidThreadPoolConfigurationException.Problem> problems = new ArrayList<>();
        for (ObjectError error : errors) {
            if (!(error instanceof FieldError field)) {
                continue;
            }
            String property = errors.getName() + "." + DataObjectPropertyName.toDashedForm(field.getField());
            String accepted = AcceptedValues.of(property);
            if (accepted == null) {
                accepted = (field.getDefaultMessage() != null) ? field.getDefaultMessage() : DOCUMENTED_TYPE;
            }
            String acceptedValues = accepted;
            problems.add(errors.getBoundProperties()
                .stream()
                .filter((bound) -> bound.getName().toString().equals(property))
                .findFirst()
                .map((bound) -> InvalidThreadPoolConfigurationException.Problem.of(bound, property, acceptedValues))
                .orElseGet(() -> new InvalidThreadPoolConfigurationException.Problem(property,
                        String.valueOf(field.getRejectedValue()), "unknown", acceptedValues)));
        }
        return problems;
    }

    /** Keys under {@code threadpool} that no setting has: most likely a typo, which would otherwise do nothing. */
    private static List<InvalidThreadPoolConfigurationException.Problem> unknownKeys(Set<ConfigurationProperty> unbound) {
        return unbound.stream()
            .sorted(Comparator.comparing((p) -> p.getName().toString()))
            .map(InvalidThreadPoolConfigurationException.Problem::unknownKey)
            .toList();
    }

    private static boolean isOurs(String name) {
        return PREFIXES.stream().anyMatch((prefix) -> name.equals(prefix) || name.startsWith(prefix + "."));
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
