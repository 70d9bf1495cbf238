package io.github.threadpool.autoconfigure.fleet;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the fleet's health indicator ({@code management.health.threadpool-fleet.enabled}),
 * shown as {@code threadpoolFleet}: always UP, with Redis's reachability and dropped records as details.
 */
@AutoConfiguration(after = FleetAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(FleetInstance.class)
public final class FleetHealthContributorAutoConfiguration {

    @Bean(name = "threadpoolFleetHealthIndicator")
    @ConditionalOnEnabledHealthIndicator("threadpool-fleet")
    @ConditionalOnMissingBean(name = "threadpoolFleetHealthIndicator")
    HealthIndicator threadpoolFleetHealthIndicator(FleetInstance instance, JobMirror mirror) {
        return new FleetHealthIndicator(instance, mirror);
    }
}
