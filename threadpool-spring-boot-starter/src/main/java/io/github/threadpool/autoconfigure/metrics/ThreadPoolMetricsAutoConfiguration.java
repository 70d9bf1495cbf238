package io.github.threadpool.autoconfigure.metrics;

import io.github.threadpool.autoconfigure.ThreadPoolAutoConfiguration;
import io.github.threadpool.autoconfigure.ThreadPoolCustomizer;
import io.github.threadpool.autoconfigure.ThreadPools;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of every pool's Micrometer meters: {@code executor.*} gauges and counters,
 * {@code threadpool.*} counters, and timers of queue wait and run time.
 *
 * <p>Its customizer gives each pool built from {@code ThreadPoolBuilders} — configured or the
 * application's own — a timing listener; the meters are bound to every pool in {@link ThreadPools}.
 */
@AutoConfiguration(after = { ThreadPoolAutoConfiguration.class, MetricsAutoConfiguration.class,
        CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class })
@ConditionalOnClass({ MeterRegistry.class, MetricsAutoConfiguration.class })
@ConditionalOnBean({ MeterRegistry.class, ThreadPools.class })
public final class ThreadPoolMetricsAutoConfiguration {

    @Bean
    JobTimers threadPoolJobTimers() {
        return new JobTimers();
    }

    @Bean
    ThreadPoolCustomizer threadPoolJobTimersCustomizer(JobTimers threadPoolJobTimers) {
        return (pool, builder) -> builder.completionListener(threadPoolJobTimers.listenerFor(pool));
    }

    @Bean
    @ConditionalOnMissingBean
    ThreadPoolMetrics threadPoolMetrics(ThreadPools threadPools, JobTimers threadPoolJobTimers) {
        return new ThreadPoolMetrics(threadPools, threadPoolJobTimers);
    }
}
