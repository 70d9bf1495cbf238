package io.github.threadpool.autoconfigure.fleet;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/** Auto-configuration of the fleet's {@link FleetMetrics}. */
@AutoConfiguration(after = FleetAutoConfiguration.class)
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean(FleetInstance.class)
public final class FleetMetricsAutoConfiguration {

    @Bean
    FleetMetrics threadPoolFleetMetrics(FleetInstance instance, JobMirror mirror) {
        return new FleetMetrics(instance, mirror);
    }
}
