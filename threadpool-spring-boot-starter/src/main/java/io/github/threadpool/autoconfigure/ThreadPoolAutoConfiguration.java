package io.github.threadpool.autoconfigure;

import java.time.Duration;

import io.github.threadpool.core.ThreadPool;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.core.task.TaskDecorator;
import org.springframework.util.ClassUtils;

/**
 * Auto-configuration of the thread pools: one {@link ThreadPool} bean per pool under
 * {@code threadpool.pools} (or the one shorthand pool), the {@link ThreadPoolBuilders} every pool is
 * built from, the {@link ThreadPools} registry of every pool in the context, and the lifecycle that
 * drains them all when the context closes.
 *
 * <p>Ordered after {@link TaskExecutionAutoConfiguration}: a pool is an {@code Executor}, and Spring
 * Boot creates its {@code applicationTaskExecutor} (used by {@code @Async} and MVC async requests)
 * only while no {@code Executor} bean exists, so the starter must not be seen before it. Running
 * {@code @Async} methods on a pool is an opt-in, {@code threadpool.async.enabled=true}.
 */
@AutoConfiguration(after = TaskExecutionAutoConfiguration.class)
@ConditionalOnSwitch(value = "threadpool.enabled", matchIfMissing = true)
@EnableConfigurationProperties(ThreadPoolProperties.class)
@Import(ThreadPoolBeanRegistrar.class)
public final class ThreadPoolAutoConfiguration {

    /** Spring's own default for {@code spring.lifecycle.timeout-per-shutdown-phase}. */
    private static final Duration DEFAULT_PHASE_TIMEOUT = Duration.ofSeconds(30);

    @Bean
    @ConditionalOnMissingBean
    ThreadPoolBuilders threadPoolBuilders(PoolSpecs threadPoolSpecs, ThreadPoolProperties properties,
            ObjectProvider<TaskDecorator> taskDecorators, ObjectProvider<ThreadPoolCustomizer> customizers,
            ConfigurableListableBeanFactory beanFactory) {
        boolean contextPropagation = properties.getContextPropagation().isEnabled() && ClassUtils
            .isPresent(ThreadPoolBuilders.CONTEXT_PROPAGATION_CLASS, beanFactory.getBeanClassLoader());
        return new ThreadPoolBuilders(threadPoolSpecs.defaults(), contextPropagation, taskDecorators, customizers);
    }

    @Bean
    @ConditionalOnMissingBean
    ThreadPools threadPools(ConfigurableListableBeanFactory beanFactory, ThreadPoolBuilders threadPoolBuilders) {
        return ThreadPools.from(beanFactory, threadPoolBuilders);
    }

    @Bean
    @ConditionalOnMissingBean
    ThreadPoolLifecycle threadPoolLifecycle(ThreadPools threadPools, PoolSpecs threadPoolSpecs,
            Environment environment) {
        Duration phaseTimeout = Binder.get(environment)
            .bind("spring.lifecycle.timeout-per-shutdown-phase", Duration.class)
            .orElse(DEFAULT_PHASE_TIMEOUT);
        return new ThreadPoolLifecycle(threadPools, (name) -> {
            PoolSpec spec = threadPoolSpecs.find(name);
            return (spec != null) ? spec.awaitTermination() : threadPoolSpecs.defaults().awaitTermination();
        }, phaseTimeout);
    }
}
