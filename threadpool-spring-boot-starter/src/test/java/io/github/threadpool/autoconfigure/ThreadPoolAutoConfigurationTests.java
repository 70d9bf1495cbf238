package io.github.threadpool.autoconfigure;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import io.github.threadpool.core.PoolSnapshot;
import io.github.threadpool.core.RejectionPolicy;
import io.github.threadpool.core.ThreadPool;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.TaskDecorator;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

import static org.assertj.core.api.Assertions.assertThat;

class ThreadPoolAutoConfigurationTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(ThreadPoolAutoConfiguration.class));

    @Test
    void providesAPoolWithDefaultsForATypicalWebApp() {
        this.contextRunner.run((context) -> {
            assertThat(context).hasSingleBean(ThreadPool.class).hasSingleBean(ThreadPoolLifecycle.class);
            PoolSnapshot snapshot = context.getBean(ThreadPool.class).snapshot();
            assertThat(snapshot.name()).isEqualTo("threadpool");
            assertThat(snapshot.workers().configured()).isEqualTo(Runtime.getRuntime().availableProcessors());
            assertThat(snapshot.queue().capacity()).isEqualTo(1000);
            assertThat(snapshot.rejectionPolicy()).isEqualTo(RejectionPolicy.ABORT);
            assertThat(snapshot.results().maxRetained()).isEqualTo(1000);
            assertThat(snapshot.results().timeToLive()).isEqualTo(Duration.ofMinutes(10));
            ThreadPoolProperties properties = context.getBean(ThreadPoolProperties.class);
            assertThat(properties.getBlockTimeout()).isEqualTo(Duration.ofSeconds(1));
            assertThat(properties.getShutdown().getAwaitTermination()).isEqualTo(Duration.ofSeconds(20));
            assertThat(properties.getAsync().isEnabled()).isFalse();
        });
    }

    @Test
    void bindsEveryProperty() {
        this.contextRunner
            .withPropertyValues("threadpool.name=orders", "threadpool.workers=3", "threadpool.queue-capacity=42",
                    "threadpool.rejection-policy=caller-runs", "threadpool.block-timeout=250ms",
                    "threadpool.results.max-retained=7", "threadpool.results.time-to-live=2m",
                    "threadpool.shutdown.await-termination=5s", "threadpool.async.enabled=true")
            .run((context) -> {
                PoolSnapshot snapshot = context.getBean(ThreadPool.class).snapshot();
                assertThat(snapshot.name()).isEqualTo("orders");
                assertThat(snapshot.workers().configured()).isEqualTo(3);
                assertThat(snapshot.queue().capacity()).isEqualTo(42);
                assertThat(snapshot.rejectionPolicy()).isEqualTo(RejectionPolicy.CALLER_RUNS);
                assertThat(snapshot.results().maxRetained()).isEqualTo(7);
                assertThat(snapshot.results().timeToLive()).isEqualTo(Duration.ofMinutes(2));
                ThreadPoolProperties properties = context.getBean(ThreadPoolProperties.class);
                assertThat(properties.getBlockTimeout()).isEqualTo(Duration.ofMillis(250));
                assertThat(properties.getShutdown().getAwaitTermination()).isEqualTo(Duration.ofSeconds(5));
                assertThat(properties.getAsync().isEnabled()).isTrue();
                assertThat(context.getBean(ThreadPool.class).submit(() -> Thread.currentThread().getName())
                    .get(30, TimeUnit.SECONDS)).startsWith("orders-worker-");
            });
    }

    @Test
    void blockTimeoutReachesThePool() {
        this.contextRunner
            .withPropertyValues("threadpool.workers=1", "threadpool.queue-capacity=1", "threadpool.rejection-policy=block",
                    "threadpool.block-timeout=20ms", "threadpool.shutdown.await-termination=1s")
            .run((context) -> {
                ThreadPool pool = context.getBean(ThreadPool.class);
                java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
                java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
                pool.submit(() -> {
                    started.countDown();
                    release.await();
                    return null;
                });
                assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
                pool.submit(() -> { release.await(); return null; });
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> pool.submit(() -> "x"))
                    .hasMessageEndingWith("after waiting PT0.02S for room");
                release.countDown();
            });
    }

    @Test
    void backsOffForTheApplicationsOwnPool() {
        this.contextRunner.withUserConfiguration(OwnPoolConfiguration.class).run((context) -> {
            assertThat(context).hasSingleBean(ThreadPool.class);
            assertThat(context.getBean(ThreadPool.class).name()).isEqualTo("mine");
            assertThat(context).hasSingleBean(ThreadPoolLifecycle.class);
        });
    }

    @Test
    void canBeSwitchedOff() {
        this.contextRunner.withPropertyValues("threadpool.enabled=false")
            .run((context) -> assertThat(context).doesNotHaveBean(ThreadPool.class)
                .doesNotHaveBean(ThreadPoolLifecycle.class));
    }

    @Test
    void appliesCustomizersInOrderAfterTheProperties() {
        this.contextRunner.withPropertyValues("threadpool.workers=2")
            .withBean("second", ThreadPoolCustomizer.class, () -> new OrderedCustomizer(2, "second"))
            .withBean("first", ThreadPoolCustomizer.class, () -> new OrderedCustomizer(1, "first"))
            .run((context) -> {
                PoolSnapshot snapshot = context.getBean(ThreadPool.class).snapshot();
                assertThat(snapshot.workers().configured()).isEqualTo(5);
                assertThat(snapshot.name()).isEqualTo("second");
            });
    }

    @Test
    void wrapsEveryJobWithTheApplicationsTaskDecorator() {
        ThreadLocal<String> context = new ThreadLocal<>();
        TaskDecorator decorator = (runnable) -> {
            String captured = context.get();
            return () -> {
                context.set(captured);
                try {
                    runnable.run();
                }
                finally {
                    context.remove();
                }
            };
        };
        this.contextRunner.withBean(TaskDecorator.class, () -> decorator).run((ctx) -> {
            context.set("trace-1234");
            try {
                assertThat(ctx.getBean(ThreadPool.class).submit(context::get).get(30, TimeUnit.SECONDS))
                    .isEqualTo("trace-1234");
            }
            finally {
                context.remove();
            }
        });
    }

    @Test
    void ignoresTaskDecoratorsWhenThereIsMoreThanOne() {
        this.contextRunner.withBean("a", TaskDecorator.class, () -> (r) -> () -> {
            throw new IllegalStateException("should not wrap");
        }).withBean("b", TaskDecorator.class, () -> (r) -> () -> {
            throw new IllegalStateException("should not wrap");
        }).run((context) -> assertThat(context.getBean(ThreadPool.class).submit(() -> "plain").get(30, TimeUnit.SECONDS))
            .isEqualTo("plain"));
    }

    @Test
    void leavesSpringBootsApplicationTaskExecutorInPlace() {
        new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ThreadPoolAutoConfiguration.class,
                    ThreadPoolAsyncAutoConfiguration.class, TaskExecutionAutoConfiguration.class))
            .run((context) -> {
                assertThat(context).hasSingleBean(ThreadPool.class);
                assertThat(context).hasBean("applicationTaskExecutor");
                assertThat(context.getBean("applicationTaskExecutor")).isInstanceOf(ThreadPoolTaskExecutor.class);
                assertThat(context.getBeansOfType(Executor.class)).hasSize(2);
            });
    }

    @Test
    void startsWithoutActuatorOrMicrometer() {
        new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ThreadPoolAutoConfiguration.class,
                    io.github.threadpool.autoconfigure.actuate.ThreadPoolEndpointAutoConfiguration.class,
                    io.github.threadpool.autoconfigure.health.ThreadPoolHealthContributorAutoConfiguration.class,
                    io.github.threadpool.autoconfigure.metrics.ThreadPoolMetricsAutoConfiguration.class))
            .withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate", "org.springframework.boot.health",
                    "io.micrometer", "org.springframework.boot.micrometer"))
            .run((context) -> {
                assertThat(context).hasNotFailed().hasSingleBean(ThreadPool.class);
                assertThat(context).doesNotHaveBean("threadPoolEndpoint")
                    .doesNotHaveBean("threadpoolHealthIndicator")
                    .doesNotHaveBean("threadPoolMetrics");
            });
    }

    @Test
    void startsWithActuatorButWithoutMicrometer() {
        new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ThreadPoolAutoConfiguration.class,
                    io.github.threadpool.autoconfigure.health.ThreadPoolHealthContributorAutoConfiguration.class,
                    io.github.threadpool.autoconfigure.metrics.ThreadPoolMetricsAutoConfiguration.class))
            .withClassLoader(new FilteredClassLoader("io.micrometer", "org.springframework.boot.micrometer"))
            .run((context) -> {
                assertThat(context).hasNotFailed().hasSingleBean(ThreadPool.class);
                assertThat(context).hasBean("threadpoolHealthIndicator").doesNotHaveBean("threadPoolMetrics");
            });
    }

    record OrderedCustomizer(int order, String name) implements ThreadPoolCustomizer, org.springframework.core.Ordered {

        @Override
        public void customize(ThreadPool.Builder builder) {
            builder.name(this.name).workers(5);
        }

        @Override
        public int getOrder() {
            return this.order;
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class OwnPoolConfiguration {

        @Bean
        ThreadPool myPool() {
            return ThreadPool.builder().name("mine").workers(1).build();
        }

    }

}
