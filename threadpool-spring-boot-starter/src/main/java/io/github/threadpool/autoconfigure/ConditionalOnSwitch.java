package io.github.threadpool.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.context.annotation.Conditional;

/**
 * Matches when the boolean property {@link #value()} is true, or is not set and {@link #matchIfMissing()}.
 * Unlike a plain property condition, a value that is not a boolean ({@code threadpool.enabled: maybe})
 * fails the start-up naming the property, its value and where it was set, instead of quietly switching the
 * feature off. The values accepted are the binder's: {@code true}, {@code on}, {@code yes}, {@code 1} and
 * {@code false}, {@code off}, {@code no}, {@code 0}, in any case.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.TYPE, ElementType.METHOD })
@Documented
@Conditional(OnSwitchCondition.class)
public @interface ConditionalOnSwitch {

    /** The property, such as {@code threadpool.async.enabled}. */
    String value();

    /** Whether a property that is not set matches. */
    boolean matchIfMissing() default false;

}
