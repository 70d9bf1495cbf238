package io.github.threadpool.autoconfigure;

import java.util.concurrent.Executor;

import io.github.threadpool.core.ThreadPool;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.AsyncConfigurer;

/**
 * Opt-in ({@code threadpool.async.enabled=true}): {@code @Async} methods run on the pool instead of
 * Spring Boot's {@code applicationTaskExecutor}. Ordered before {@link TaskExecutionAutoConfiguration}
 * so that Spring Boot's own {@link AsyncConfigurer} backs off; the application still needs
 * {@code @EnableAsync}. Backs off itself when the application defines an {@link AsyncConfigurer}.
 */
@AutoConfiguration(before = TaskExecutionAutoConfiguration.class)
@ConditionalOnClass(AsyncConfigurer.class)
@ConditionalOnBooleanProperty("threadpool.async.enabled")
public final class ThreadPoolAsyncAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(AsyncConfigurer.class)
    AsyncConfigurer threadPoolAsyncConfigurer(ObjectProvider<ThreadPool> threadPool) {
        return new AsyncConfigurer() {
            @Override
            public Executor getAsyncExecutor() {
                return threadPool.getObject();
            }
        };
    }
}
