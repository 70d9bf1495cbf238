package io.github.threadpool.autoconfigure.metrics;

import java.util.concurrent.TimeUnit;

import io.github.threadpool.autoconfigure.ThreadPoolAutoConfiguration;
import io.github.threadpool.core.ThreadPool;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Prometheus series every meter becomes, as alert rules and dashboards name them: Micrometer's
 * Prometheus naming appends the base unit, and {@code _total} to counters.
 */
class PrometheusNamesTests {

    @Test
    void everyMeterHasTheSeriesNameOfTheContract() {
        new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ThreadPoolAutoConfiguration.class,
                    ThreadPoolMetricsAutoConfiguration.class))
            .withBean(PrometheusMeterRegistry.class, () -> new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))
            .withPropertyValues("threadpool.pools.reports.workers=1", "threadpool.pools.emails.workers=1")
            .run((context) -> {
                PrometheusMeterRegistry registry = context.getBean(PrometheusMeterRegistry.class);
                context.getBean(ThreadPoolMetrics.class).bindTo(registry);
                ThreadPool reports = context.getBean("reports", ThreadPool.class);
                reports.submit(() -> "done").get(30, TimeUnit.SECONDS);
                await().atMost(30, TimeUnit.SECONDS).until(() -> registry.scrape().contains(
                        "threadpool_job_run_seconds_count{name=\"reports\",outcome=\"succeeded\"} 1"));
                String scrape = registry.scrape();
                for (String series : new String[] { "executor_active_threads", "executor_pool_size_threads",
                        "executor_pool_core_threads", "executor_pool_max_threads", "executor_queued_jobs",
                        "executor_queue_remaining_jobs", "threadpool_queue_capacity_jobs",
                        "executor_completed_jobs_total", "threadpool_jobs_submitted_jobs_total",
                        "threadpool_jobs_rejected_jobs_total", "threadpool_workers_replaced_threads_total",
                        "threadpool_results_retained_results", "threadpool_results_evicted_results_total" }) {
                    assertThat(scrape).as(series).contains(series + "{name=\"reports\"}")
                        .contains(series + "{name=\"emails\"}");
                }
                assertThat(scrape)
                    .contains("threadpool_jobs_finished_jobs_total{name=\"reports\",outcome=\"succeeded\"} 1")
                    .contains("threadpool_jobs_finished_jobs_total{name=\"reports\",outcome=\"failed\"} 0")
                    .contains("threadpool_jobs_finished_jobs_total{name=\"reports\",outcome=\"cancelled\"} 0")
                    .contains("threadpool_job_queue_wait_seconds_bucket{name=\"reports\",le=")
                    .contains("threadpool_job_queue_wait_seconds_count{name=\"reports\"} 1")
                    .contains("threadpool_job_queue_wait_seconds_sum{name=\"reports\"}")
                    .contains("threadpool_job_run_seconds_bucket{name=\"reports\",outcome=\"succeeded\",le=");
            });
    }

}
