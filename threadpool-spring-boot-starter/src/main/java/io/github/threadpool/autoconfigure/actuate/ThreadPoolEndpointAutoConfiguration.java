package io.github.threadpool.autoconfigure.actuate;

import io.github.threadpool.autoconfigure.ThreadPoolAutoConfiguration;
import io.github.threadpool.autoconfigure.ThreadPools;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@link ThreadPoolEndpoint}, over every pool in {@link ThreadPools}. Like every actuator endpoint it is reachable
 * over HTTP only once added to {@code management.endpoints.web.exposure.include}.
 */
@AutoConfiguration(after = ThreadPoolAutoConfiguration.class)
@ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class })
@ConditionalOnBean(ThreadPools.class)
@EnableConfigurationProperties(ThreadPoolEndpointProperties.class)
public final class ThreadPoolEndpointAutoConfiguration {

    // On the method, not the class: the condition's own class must only be loaded once actuator is known to be there.
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnAvailableEndpoint(ThreadPoolEndpoint.class)
    ThreadPoolEndpoint threadPoolEndpoint(ThreadPools threadPools, ThreadPoolEndpointProperties properties) {
        return new ThreadPoolEndpoint(threadPools, properties.getShowValues(), properties.effectiveShowErrors(),
                properties.getRoles());
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(ThreadPoolEndpoint.class)
    ThreadPoolEndpointWebExtension threadPoolEndpointWebExtension(ThreadPoolEndpoint threadPoolEndpoint) {
        return new ThreadPoolEndpointWebExtension(threadPoolEndpoint);
    }
}
