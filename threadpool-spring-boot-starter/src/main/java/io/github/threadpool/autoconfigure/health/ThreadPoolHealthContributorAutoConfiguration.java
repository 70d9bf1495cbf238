package io.github.threadpool.autoconfigure.health;

import java.util.LinkedHashMap;
import java.util.Map;

import io.github.threadpool.autoconfigure.ThreadPoolAutoConfiguration;
import io.github.threadpool.autoconfigure.ThreadPools;
import io.github.threadpool.core.ThreadPool;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@code threadpool} health contributor
 * ({@code management.health.threadpool.enabled}): a composite with one {@link ThreadPoolHealthIndicator}
 * per pool, at {@code /actuator/health/threadpool/<pool>}.
 */
@AutoConfiguration(after = ThreadPoolAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(ThreadPools.class)
@EnableConfigurationProperties(ThreadPoolHealthProperties.class)
public final class ThreadPoolHealthContributorAutoConfiguration {

    /** Named so that the contributor appears as {@code threadpool} under {@code /actuator/health}. */
    // The enablement condition sits on the method so that its class is loaded only once health is known to be there.
    @Bean(name = "threadpoolHealthContributor")
    @ConditionalOnEnabledHealthIndicator("threadpool")
    @ConditionalOnMissingBean(name = "threadpoolHealthContributor")
    CompositeHealthContributor threadpoolHealthContributor(ThreadPools threadPools,
            ThreadPoolHealthProperties properties) {
        Map<String, ThreadPool> pools = new LinkedHashMap<>();
        threadPools.forEach((pool) -> pools.put(pool.name(), pool));
        return CompositeHealthContributor.fromMap(pools,
                (pool) -> new ThreadPoolHealthIndicator(pool, properties.getSaturationThreshold()));
    }
}
