package io.github.threadpool.autoconfigure;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.BindContext;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.boot.context.properties.bind.handler.NoUnboundElementsBindHandler;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;

/**
 * Binds {@code threadpool.*} without stopping at the first problem: a value that cannot be converted
 * ({@code rejection-policy: sometimes}) is recorded and left unset, and keys that no setting has are
 * recorded instead of thrown, so that one start-up reports them together with the values that are wrong
 * in range ({@link PoolSpecs}). Spring Boot's own binding stops at the first failure.
 */
final class ProblemCollectingBindHandler extends NoUnboundElementsBindHandler {

    private final List<InvalidThreadPoolConfigurationException.Problem> problems = new ArrayList<>();

    /** Properties already reported as unconvertible: not reported again as unknown. */
    private final Set<ConfigurationPropertyName> failed = new HashSet<>();

    /** @param filter which sources unknown keys are looked for in */
    ProblemCollectingBindHandler(Function<ConfigurationPropertySource, Boolean> filter) {
        super(BindHandler.DEFAULT, filter);
    }

    @Override
    public @Nullable Object onFailure(ConfigurationPropertyName name, Bindable<?> target, BindContext context,
            Exception error) throws Exception {
        ConfigurationProperty property = context.getConfigurationProperty();
        if (error instanceof UnboundConfigurationPropertiesException || property == null) {
            return super.onFailure(name, target, context, error);
        }
        String propertyName = property.getName().toString();
        String accepted = AcceptedValues.of(propertyName);
        this.problems.add(InvalidThreadPoolConfigurationException.Problem.of(property, propertyName,
                (accepted != null) ? accepted : InvalidThreadPoolPropertyFailureAnalyzer.DOCUMENTED_TYPE));
        this.failed.add(property.getName());
        return null; // left unset: the default applies while the problem is reported
    }

    @Override
    public void onFinish(ConfigurationPropertyName name, Bindable<?> target, BindContext context,
            @Nullable Object result) throws Exception {
        try {
            super.onFinish(name, target, context, result);
        }
        catch (UnboundConfigurationPropertiesException ex) {
            ex.getUnboundProperties()
                .stream()
                .filter((property) -> !this.failed.contains(property.getName()))
                .sorted(Comparator.comparing((property) -> property.getName().toString()))
                .map(InvalidThreadPoolConfigurationException.Problem::unknownKey)
                .forEach(this.problems::add);
        }
    }

    /** What binding found wrong, in the order found; unknown keys last, sorted. */
    List<InvalidThreadPoolConfigurationException.Problem> problems() {
        return this.problems;
    }
}
