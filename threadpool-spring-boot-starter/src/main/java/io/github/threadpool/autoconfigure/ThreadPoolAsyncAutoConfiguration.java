package io.github.threadpool.autoconfigure;

import java.util.List;
import java.util.concurrent.Executor;

import io.github.threadpool.core.ThreadPool;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.scheduling.annotation.AsyncConfigurer;

/**
 * Opt-in ({@code threadpool.async.enabled=true}): {@code @Async} methods run on a pool instead of
 * Spring Boot's {@code applicationTaskExecutor} — {@code threadpool.async.pool}, else the primary pool,
 * else the only one. They run as jobs of that pool through a {@link ThreadPoolAsyncTaskExecutor}: a method
 * returning {@code CompletableFuture} hands its caller a {@code CompletableJob}, with the job's id.
 * {@code @Async("<pool>")} picks a pool per method, with or without this; Spring then adapts the pool
 * itself, so the method still reads its job with {@code Job.current()}, but the future it returns is
 * Spring's, without an id. Ordered
 * before {@link TaskExecutionAutoConfiguration} so that Spring Boot's own {@link AsyncConfigurer} backs
 * off; the application still needs {@code @EnableAsync}. Backs off itself when the application defines
 * an {@link AsyncConfigurer}.
 *
 * <p>The pool is chosen when the configurer is created, at start-up: a choice that cannot be made
 * ({@code threadpool.enabled=false}, an unknown pool, several pools and none primary) fails the
 * start-up with a failure analysis, never an {@code @Async} call.
 */
@AutoConfiguration(before = TaskExecutionAutoConfiguration.class)
@ConditionalOnClass(AsyncConfigurer.class)
@ConditionalOnSwitch("threadpool.async.enabled")
@EnableConfigurationProperties(ThreadPoolProperties.class)
public final class ThreadPoolAsyncAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(AsyncConfigurer.class)
    AsyncConfigurer threadPoolAsyncConfigurer(ObjectProvider<ThreadPools> threadPools, ThreadPoolProperties properties,
            Environment environment) {
        ThreadPool pool = asyncPool(threadPools.getIfAvailable(), properties, environment);
        ThreadPoolAsyncTaskExecutor executor = new ThreadPoolAsyncTaskExecutor(pool);
        return new AsyncConfigurer() {
            @Override
            public Executor getAsyncExecutor() {
                return executor;
            }
        };
    }

    private static ThreadPool asyncPool(@Nullable ThreadPools pools, ThreadPoolProperties properties, Environment environment) {
        String named = properties.getAsync().getPool();
        if (pools == null) {
            throw problem(environment, "threadpool.async.enabled", true, "false while threadpool.enabled=false "
                    + "(there is no pool for @Async methods to run on); or set threadpool.enabled=true");
        }
        if (named != null) {
            return pools.find(named)
                .orElseThrow(() -> problem(environment, "threadpool.async.pool", named,
                        "the name of a pool, one of " + pools.names()));
        }
        if (pools.primary().isPresent()) {
            return pools.primary().get();
        }
        if (pools.size() == 1) {
            return pools.iterator().next();
        }
        if (pools.size() == 0) {
            throw new InvalidThreadPoolConfigurationException(List.of(InvalidThreadPoolConfigurationException.Problem
                .of(environment, "threadpool.async.pool", "", "the name of a pool, but the context has none")
                .withAction("Declare a pool under threadpool.pools.<name>, or set threadpool.async.enabled=false.")));
        }
        throw problem(environment, "threadpool.async.pool", "", "the name of the pool for @Async methods, one of "
                + pools.names() + " (none is primary, so it cannot be chosen for you)");
    }

    private static InvalidThreadPoolConfigurationException problem(Environment environment, String property,
            Object value, String accepted) {
        return new InvalidThreadPoolConfigurationException(
                List.of(InvalidThreadPoolConfigurationException.Problem.of(environment, property, value, accepted)));
    }
}
