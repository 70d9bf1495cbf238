package io.github.threadpool.autoconfigure.fleet;

import io.github.threadpool.autoconfigure.ConditionalOnSwitch;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.context.annotation.Bean;

/**
 * Fails the start-up when {@code threadpool.fleet.enabled=true} but Spring Boot's Redis support is not on
 * the class path: asked for, the fleet is never silently off.
 */
@AutoConfiguration
@ConditionalOnSwitch("threadpool.fleet.enabled")
@ConditionalOnMissingClass("org.springframework.data.redis.connection.RedisConnectionFactory")
public final class FleetRequirementAutoConfiguration {

    @Bean
    Object threadPoolFleetRequirement() {
        throw new IllegalStateException("threadpool.fleet.enabled=true needs Spring Boot's Redis support: add "
                + "org.springframework.boot:spring-boot-starter-data-redis to the application, or set "
                + "threadpool.fleet.enabled=false");
    }
}
