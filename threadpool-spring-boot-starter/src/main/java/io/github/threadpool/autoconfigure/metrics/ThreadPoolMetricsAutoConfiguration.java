package io.github.threadpool.autoconfigure.metrics;

import io.github.threadpool.autoconfigure.ThreadPoolAutoConfiguration;
import io.github.threadpool.autoconfigure.ThreadPoolCustomizer;
import io.github.threadpool.core.ThreadPool;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the pool's Micrometer meters: {@code executor.*} gauges and counters,
 * {@code threadpool.*} counters, and timers of queue wait and run time.
 *
 * <p>Ordered before {@link ThreadPoolAutoConfiguration} so that its customizer, which installs the
 * timers, is defined when the pool is built; the meters are bound to whichever single pool the
 * context ends up with (the auto-configured one or the application's own).
 */
@AutoConfiguration(before = ThreadPoolAutoConfiguration.class,
        after = { MetricsAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
                SimpleMetricsExportAutoConfiguration.class })
@ConditionalOnClass({ MeterRegistry.class, MetricsAutoConfiguration.class })
@ConditionalOnBean(MeterRegistry.class)
public final class ThreadPoolMetricsAutoConfiguration {

    @Bean
    JobTimers threadPoolJobTimers() {
        return new JobTimers();
    }

    @Bean
    ThreadPoolCustomizer threadPoolJobTimersCustomizer(JobTimers threadPoolJobTimers) {
        return (builder) -> builder.completionListener(threadPoolJobTimers);
    }

    @Bean
    @ConditionalOnMissingBean
    ThreadPoolMetrics threadPoolMetrics(ObjectProvider<ThreadPool> threadPool, JobTimers threadPoolJobTimers) {
        return new ThreadPoolMetrics(threadPool, threadPoolJobTimers);
    }
}
