package io.github.threadpool.autoconfigure.health;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;
import org.springframework.validation.annotation.Validated;

/** Configuration of the {@code threadpool} health contributor. */
@ConfigurationProperties("management.health.threadpool")
@Validated
public class ThreadPoolHealthProperties implements Validator {

    /**
     * Queue depth / capacity at or above which the health details say 'saturated: true'. Saturation
     * is reported, not turned into a status. A fraction above 0 and at most 1.
     */
    private double saturationThreshold = 0.9;

    public double getSaturationThreshold() {
        return this.saturationThreshold;
    }

    public void setSaturationThreshold(double saturationThreshold) {
        this.saturationThreshold = saturationThreshold;
    }

    @Override
    public boolean supports(Class<?> type) {
        return ThreadPoolHealthProperties.class.isAssignableFrom(type);
    }

    @Override
    public void validate(Object target, Errors errors) {
        double threshold = ((ThreadPoolHealthProperties) target).saturationThreshold;
        if (!(threshold > 0.0 && threshold <= 1.0)) {
            errors.rejectValue("saturationThreshold", "invalid", "must be a fraction above 0 and at most 1");
        }
    }
}
