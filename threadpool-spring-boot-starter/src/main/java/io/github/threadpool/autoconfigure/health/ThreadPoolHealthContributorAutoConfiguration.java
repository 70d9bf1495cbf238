package io.github.threadpool.autoconfigure.health;

import io.github.threadpool.autoconfigure.ThreadPoolAutoConfiguration;
import io.github.threadpool.core.ThreadPool;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@code threadpool} health contributor
 * ({@code management.health.threadpool.enabled}).
 */
@AutoConfiguration(after = ThreadPoolAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnSingleCandidate(ThreadPool.class)
@EnableConfigurationProperties(ThreadPoolHealthProperties.class)
public final class ThreadPoolHealthContributorAutoConfiguration {

    /** Named so that the contributor appears as {@code threadpool} under {@code /actuator/health}. */
    // The enablement condition sits on the method so that its class is loaded only once health is known to be there.
    @Bean(name = "threadpoolHealthIndicator")
    @ConditionalOnEnabledHealthIndicator("threadpool")
    @ConditionalOnMissingBean(name = "threadpoolHealthIndicator")
    ThreadPoolHealthIndicator threadpoolHealthIndicator(ThreadPool threadPool, ThreadPoolHealthProperties properties) {
        return new ThreadPoolHealthIndicator(threadPool, properties.getSaturationThreshold());
    }
}
