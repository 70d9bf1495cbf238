package io.github.threadpool.autoconfigure.metrics;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import io.github.threadpool.autoconfigure.ThreadPoolAutoConfiguration;
import io.github.threadpool.core.Job;
import io.github.threadpool.core.ThreadPool;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.RequiredSearch;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.task.TaskExecutorMetricsAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

class ThreadPoolMetricsTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
                CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
                TaskExecutionAutoConfiguration.class, TaskExecutorMetricsAutoConfiguration.class,
                ThreadPoolAutoConfiguration.class, ThreadPoolMetricsAutoConfiguration.class))
        .withPropertyValues("threadpool.name=metered", "threadpool.workers=2", "threadpool.queue-capacity=1",
                "threadpool.shutdown.await-termination=1s");

    @Test
    void publishesExecutorAndThreadPoolMetersTaggedWithThePoolName() {
        this.contextRunner.run((context) -> {
            ThreadPool pool = context.getBean(ThreadPool.class);
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            pool.submit(() -> "a").get(30, TimeUnit.SECONDS);
            pool.submit(() -> "b").get(30, TimeUnit.SECONDS);
            Job<Object> failing = pool.submit(() -> {
                throw new IllegalStateException();
            });
            await().atMost(30, TimeUnit.SECONDS).until(failing::isDone);
            CountDownLatch gate = new CountDownLatch(1);
            Semaphore started = new Semaphore(0);
            for (int i = 0; i < 2; i++) {
                pool.submit(() -> {
                    started.release();
                    gate.await();
                    return null;
                });
                // The queue holds one job: wait until a worker has taken this one before submitting the next.
                assertThat(started.tryAcquire(30, TimeUnit.SECONDS)).isTrue();
            }
            pool.submit(() -> "queued").cancel(false);
            pool.submit(() -> "queued");
            assertThatExceptionOfType(RejectedExecutionException.class).isThrownBy(() -> pool.submit(() -> "full"));

            assertThat(meter(registry, "executor.active").gauge().value()).isEqualTo(2);
            assertThat(meter(registry, "executor.queued").gauge().value()).isEqualTo(1);
            assertThat(meter(registry, "executor.queue.remaining").gauge().value()).isZero();
            assertThat(meter(registry, "executor.pool.size").gauge().value()).isEqualTo(2);
            assertThat(meter(registry, "executor.pool.core").gauge().value()).isEqualTo(2);
            assertThat(meter(registry, "executor.pool.max").gauge().value()).isEqualTo(2);
            assertThat(meter(registry, "executor.completed").functionCounter().count()).isEqualTo(3);
            assertThat(meter(registry, "threadpool.jobs.submitted").functionCounter().count()).isEqualTo(7);
            assertThat(meter(registry, "threadpool.jobs.succeeded").functionCounter().count()).isEqualTo(2);
            assertThat(meter(registry, "threadpool.jobs.failed").functionCounter().count()).isEqualTo(1);
            assertThat(meter(registry, "threadpool.jobs.cancelled").functionCounter().count()).isEqualTo(1);
            assertThat(meter(registry, "threadpool.jobs.rejected").functionCounter().count()).isEqualTo(1);
            assertThat(meter(registry, "threadpool.workers.replaced").functionCounter().count()).isZero();
            assertThat(meter(registry, "threadpool.results.retained").gauge().value()).isEqualTo(4);
            assertThat(meter(registry, JobTimers.QUEUE_WAIT).timer().count()).isEqualTo(4);
            assertThat(meter(registry, JobTimers.RUN).timer().count()).isEqualTo(3);
            gate.countDown();
        });
    }

    @Test
    void startsWithoutAMeterRegistry() {
        new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ThreadPoolAutoConfiguration.class,
                    ThreadPoolMetricsAutoConfiguration.class))
            .run((context) -> assertThat(context).hasNotFailed()
                .hasSingleBean(ThreadPool.class)
                .doesNotHaveBean(ThreadPoolMetrics.class));
    }

    private static RequiredSearch meter(MeterRegistry registry, String name) {
        return registry.get(name).tag("name", "metered");
    }

}
