package io.github.threadpool.autoconfigure;

import java.util.List;
import java.util.Map;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.convert.ConversionException;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** The condition behind {@link ConditionalOnSwitch}. */
final class OnSwitchCondition extends SpringBootCondition {

    static final String ACCEPTED = "true or false";

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        Map<String, Object> attributes = metadata.getAnnotationAttributes(ConditionalOnSwitch.class.getName());
        String property = (String) attributes.get("value");
        boolean matchIfMissing = (Boolean) attributes.get("matchIfMissing");
        Environment environment = context.getEnvironment();
        String raw = environment.getProperty(property);
        if (raw == null) {
            return new ConditionOutcome(matchIfMissing, property + " is not set");
        }
        Boolean on;
        try {
            on = environment.getProperty(property, Boolean.class);
        }
        catch (ConversionException | IllegalArgumentException notABoolean) {
            on = null;
        }
        if (on == null) {
            throw new InvalidThreadPoolConfigurationException(
                    List.of(InvalidThreadPoolConfigurationException.Problem.of(environment, property, raw, ACCEPTED)));
        }
        return new ConditionOutcome(on, property + " is " + on);
    }

}
