package io.github.threadpool.autoconfigure;

import io.github.threadpool.core.ThreadPool;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.task.TaskDecorator;

/**
 * Auto-configuration of a {@link ThreadPool} bean from the {@code threadpool.*} properties, and of
 * the lifecycle that drains it when the context closes.
 *
 * <p>Ordered after {@link TaskExecutionAutoConfiguration}: the pool is an {@code Executor}, and Spring
 * Boot creates its {@code applicationTaskExecutor} (used by {@code @Async} and MVC async requests)
 * only while no {@code Executor} bean exists, so the starter must not be seen before it. Running
 * {@code @Async} methods on the pool is an opt-in, {@code threadpool.async.enabled=true}.
 */
@AutoConfiguration(after = TaskExecutionAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "threadpool.enabled", matchIfMissing = true)
@EnableConfigurationProperties(ThreadPoolProperties.class)
public final class ThreadPoolAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    ThreadPool threadPool(ThreadPoolProperties properties, ObjectProvider<ThreadPoolCustomizer> customizers,
            ObjectProvider<TaskDecorator> taskDecorator) {
        ThreadPool.Builder builder = ThreadPool.builder()
            .name(properties.getName())
            .workers(properties.effectiveWorkers())
            .queueCapacity(properties.getQueueCapacity())
            .rejectionPolicy(properties.getRejectionPolicy())
            .blockTimeout(properties.getBlockTimeout())
            .maxRetainedResults(properties.getResults().getMaxRetained())
            .resultTimeToLive(properties.getResults().getTimeToLive())
            .closeTimeout(properties.getShutdown().getAwaitTermination());
        taskDecorator.ifUnique((decorator) -> builder.decorator(decorator::decorate));
        customizers.orderedStream().forEach((customizer) -> customizer.customize(builder));
        return builder.build();
    }

    @Bean
    @ConditionalOnSingleCandidate(ThreadPool.class)
    @ConditionalOnMissingBean
    ThreadPoolLifecycle threadPoolLifecycle(ThreadPool threadPool, ThreadPoolProperties properties) {
        return new ThreadPoolLifecycle(threadPool, properties.getShutdown().getAwaitTermination());
    }
}
