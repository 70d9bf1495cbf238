package io.github.threadpool.autoconfigure.health;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.github.threadpool.autoconfigure.ThreadPoolAutoConfiguration;
import io.github.threadpool.core.PoolSnapshot;
import io.github.threadpool.core.PoolState;
import io.github.threadpool.core.RejectionPolicy;
import io.github.threadpool.core.ThreadPool;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributors;
import org.springframework.boot.health.contributor.HealthIndicator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

class ThreadPoolHealthIndicatorTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(ThreadPoolAutoConfiguration.class,
                ThreadPoolHealthContributorAutoConfiguration.class))
        .withPropertyValues("threadpool.name=health", "threadpool.workers=1", "threadpool.queue-capacity=10");

    @Test
    void isUpWithTheKeyFiguresWhileRunning() {
        this.contextRunner.run((context) -> {
            ThreadPool pool = context.getBean(ThreadPool.class);
            for (int i = 0; i < 3; i++) {
                pool.submit(() -> "ok").get(30, TimeUnit.SECONDS);
            }
            Health health = indicator(context, "health").health();
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsEntry("name", "health")
                .containsEntry("state", PoolState.RUNNING)
                .containsEntry("workersAlive", 1)
                .containsEntry("workersConfigured", 1)
                .containsEntry("queueDepth", 0)
                .containsEntry("queueCapacity", 10)
                .containsEntry("saturation", 0.0)
                .containsEntry("saturationThreshold", 0.9)
                .containsEntry("saturated", false);
        });
    }

    @Test
    void reportsSaturationWithoutChangingTheStatus() {
        this.contextRunner.withPropertyValues("management.health.threadpool.saturation-threshold=0.5").run((context) -> {
            ThreadPool pool = context.getBean(ThreadPool.class);
            CountDownLatch gate = new CountDownLatch(1);
            CountDownLatch started = new CountDownLatch(1);
            pool.submit(() -> {
                started.countDown();
                gate.await();
                return null;
            });
            assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
            for (int i = 0; i < 6; i++) {
                pool.submit(() -> "queued");
            }
            Health health = indicator(context, "health").health();
            gate.countDown();
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsEntry("queueDepth", 6)
                .containsEntry("saturation", 0.6)
                .containsEntry("saturated", true);
        });
    }

    @Test
    void isDownOnceShutDown() {
        this.contextRunner.run((context) -> {
            ThreadPool pool = context.getBean(ThreadPool.class);
            pool.shutdown();
            assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
            Health health = indicator(context, "health").health();
            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat(health.getDetails()).containsEntry("reason", "pool is TERMINATED");
        });
    }

    @Test
    void isDownWhileFewerWorkersAreAliveThanConfigured() {
        ThreadPool pool = mock(ThreadPool.class);
        given(pool.snapshot()).willReturn(new PoolSnapshot("short", PoolState.RUNNING, Instant.now(), RejectionPolicy.ABORT,
                new PoolSnapshot.Workers(4, 3, 0, 3, 1, List.of()), new PoolSnapshot.Queue(0, 10, 10, Duration.ZERO),
                new PoolSnapshot.JobCounts(0, 0, 0, 0, 0, 0, 0), new PoolSnapshot.Results(0, 0, 0, Duration.ofMinutes(1))));
        Health health = new ThreadPoolHealthIndicator(pool, 0.9).health();
        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails()).containsEntry("reason", "3 of 4 workers alive");
    }

    @Test
    void isACompositeWithOneIndicatorPerPool() {
        new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ThreadPoolAutoConfiguration.class,
                    ThreadPoolHealthContributorAutoConfiguration.class))
            .withPropertyValues("threadpool.pools.reports.workers=2", "threadpool.pools.emails.workers=1")
            .run((context) -> {
                CompositeHealthContributor composite = context.getBean("threadpoolHealthContributor",
                        CompositeHealthContributor.class);
                assertThat(composite.stream().map(HealthContributors.Entry::name)).containsExactly("reports", "emails");
                context.getBean("emails", ThreadPool.class).shutdownNow();
                assertThat(indicator(context, "reports").health().getStatus()).isEqualTo(Status.UP);
                assertThat(indicator(context, "emails").health().getStatus()).isEqualTo(Status.DOWN);
                assertThat(indicator(context, "reports").health().getDetails()).containsEntry("name", "reports")
                    .containsEntry("workersConfigured", 2);
            });
    }

    private static HealthIndicator indicator(org.springframework.context.ApplicationContext context, String pool) {
        return (HealthIndicator) context.getBean("threadpoolHealthContributor", CompositeHealthContributor.class)
            .getContributor(pool);
    }

    @Test
    void canBeDisabled() {
        this.contextRunner.withPropertyValues("management.health.threadpool.enabled=false")
            .run((context) -> assertThat(context).doesNotHaveBean("threadpoolHealthContributor"));
    }

    @Test
    void refusesAThresholdOutsideZeroToOne() {
        this.contextRunner.withPropertyValues("management.health.threadpool.saturation-threshold=1.5")
            .run((context) -> assertThat(context).hasFailed()
                .getFailure()
                .rootCause()
                .hasMessageContaining("must be a fraction above 0 and at most 1"));
    }

}
