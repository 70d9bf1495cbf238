package io.github.threadpool.autoconfigure.metrics;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import io.github.threadpool.autoconfigure.ThreadPoolAutoConfiguration;
import io.github.threadpool.autoconfigure.ThreadPoolBuilders;
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
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

class ThreadPoolMetricsTests {

    private final ApplicationContextRunner metricsRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
                CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
                TaskExecutionAutoConfiguration.class, TaskExecutorMetricsAutoConfiguration.class,
                ThreadPoolAutoConfiguration.class, ThreadPoolMetricsAutoConfiguration.class));

    private final ApplicationContextRunner contextRunner = this.metricsRunner.withPropertyValues("threadpool.name=metered", "threadpool.workers=2", "threadpool.queue-capacity=1",
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
            assertThat(meter(registry, "executor.completed").functionCounter().count()).isEqualTo(4);
            assertThat(meter(registry, "threadpool.jobs.submitted").functionCounter().count()).isEqualTo(7);
            assertThat(finished(registry, "succeeded")).isEqualTo(2);
            assertThat(finished(registry, "failed")).isEqualTo(1);
            assertThat(finished(registry, "cancelled")).isEqualTo(1);
            assertThat(meter(registry, "threadpool.queue.capacity").gauge().value()).isEqualTo(1);
            assertThat(meter(registry, "threadpool.jobs.rejected").functionCounter().count()).isEqualTo(1);
            assertThat(meter(registry, "threadpool.workers.replaced").functionCounter().count()).isZero();
            assertThat(meter(registry, "threadpool.results.retained").gauge().value()).isEqualTo(4);
            assertThat(meter(registry, JobTimers.QUEUE_WAIT).timer().count()).isEqualTo(4);
            assertThat(meter(registry, JobTimers.RUN).tag("outcome", "succeeded").timer().count()).isEqualTo(2);
            assertThat(meter(registry, JobTimers.RUN).tag("outcome", "failed").timer().count()).isEqualTo(1);
            assertThat(meter(registry, JobTimers.RUN).tag("outcome", "cancelled").timer().count()).isZero();
            gate.countDown();
        });
    }

    @Test
    void countsJobsInJobsAndWorkersInThreadsAndPublishesHistograms() {
        this.contextRunner.withUserConfiguration(HistogramRecorder.class).run((context) -> {
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            for (String name : new String[] { "executor.queued", "executor.queue.remaining", "threadpool.queue.capacity",
                    "executor.completed", "threadpool.jobs.submitted", "threadpool.jobs.finished",
                    "threadpool.jobs.rejected" }) {
                assertThat(registry.get(name).tag("name", "metered").meters())
                    .allSatisfy((meter) -> assertThat(meter.getId().getBaseUnit()).as(name).isEqualTo("jobs"));
            }
            for (String name : new String[] { "executor.active", "executor.pool.size", "executor.pool.core",
                    "executor.pool.max", "threadpool.workers.replaced" }) {
                assertThat(meter(registry, name).meter().getId().getBaseUnit()).as(name).isEqualTo("threads");
            }
            assertThat(HISTOGRAMS).containsEntry(JobTimers.QUEUE_WAIT, true).containsEntry(JobTimers.RUN, true);
        });
    }

    /** Whether each timer asks for a percentile histogram, as registered (the simple registry keeps none). */
    private static final java.util.Map<String, Boolean> HISTOGRAMS = new java.util.concurrent.ConcurrentHashMap<>();

    @Configuration(proxyBeanMethods = false)
    static class HistogramRecorder {

        @Bean
        io.micrometer.core.instrument.config.MeterFilter histogramRecorder() {
            return new io.micrometer.core.instrument.config.MeterFilter() {
                @Override
                public io.micrometer.core.instrument.distribution.DistributionStatisticConfig configure(
                        io.micrometer.core.instrument.Meter.Id id,
                        io.micrometer.core.instrument.distribution.DistributionStatisticConfig config) {
                    if (id.getName().startsWith("threadpool.job.")) {
                        HISTOGRAMS.put(id.getName(), Boolean.TRUE.equals(config.isPercentileHistogram()));
                    }
                    return config;
                }
            };
        }

    }

    @Test
    void metersEveryPoolTaggedWithItsNameAndTimesTheApplicationsOwnPool() {
        this.metricsRunner.withPropertyValues("threadpool.pools.reports.workers=1")
            .withUserConfiguration(OwnPoolsConfiguration.class)
            .run((context) -> {
                MeterRegistry registry = context.getBean(MeterRegistry.class);
                for (String pool : new String[] { "reports", "imports", "plain" }) {
                    assertThat(registry.get("executor.pool.core").tag("name", pool).gauge().value()).as(pool).isOne();
                }
                context.getBean("imports", ThreadPool.class).submit(() -> "timed").get(30, TimeUnit.SECONDS);
                await().atMost(30, TimeUnit.SECONDS)
                    .until(() -> registry.get(JobTimers.RUN).tag("name", "imports").tag("outcome", "succeeded")
                        .timer().count() == 1);
                assertThat(registry.get(JobTimers.QUEUE_WAIT).tag("name", "imports").timer().count()).isOne();
                // Built without ThreadPoolBuilders: counted by the gauges and counters, but not timed.
                assertThat(registry.find(JobTimers.RUN).tag("name", "plain").timers()).isEmpty();
            });
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnPoolsConfiguration {

        @Bean
        ThreadPool imports(ThreadPoolBuilders builders) {
            return builders.builder("imports").workers(1).build();
        }

        @Bean
        ThreadPool plain() {
            return ThreadPool.builder().name("plain").workers(1).build();
        }

    }

    private static double finished(MeterRegistry registry, String outcome) {
        return meter(registry, "threadpool.jobs.finished").tag("outcome", outcome).functionCounter().count();
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
