package io.github.threadpool.sample;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.github.threadpool.autoconfigure.ThreadPoolCustomizer;
import io.github.threadpool.core.JobResult;
import io.github.threadpool.core.ThreadPool;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Queue wait and run time percentiles of each pool over the last {@link #WINDOW}, for the dashboard:
 * {@code GET /dashboard/latency}. The starter's {@code threadpool.job.*} timers publish histograms for a
 * server such as Prometheus to compute percentiles from; a page has no such server, so the sample keeps
 * its own timers with client-side percentiles (Micrometer's decaying HdrHistogram, fixed in size however
 * many jobs run) in a registry of its own, so that they are not exported beside the starter's.
 * <p>
 * Each pool built by the starter gets a completion listener through a {@link ThreadPoolCustomizer}; it runs
 * on the pool's hot path and only records two durations. A pool built some other way is not listed.
 */
@RestController
class JobLatencies implements ThreadPoolCustomizer {

    /** How far back the percentiles look: Micrometer rotates three buffers over this time. */
    static final Duration WINDOW = Duration.ofSeconds(30);

    private static final double[] PERCENTILES = { 0.5, 0.95, 0.99 };

    private final MeterRegistry registry = new SimpleMeterRegistry();

    /** Each pool's timers, by pool name, added as pools are built (before any request can read them). */
    private final Map<String, PoolTimers> timers = new ConcurrentHashMap<>();

    @Override
    public void customize(String poolName, ThreadPool.Builder builder) {
        PoolTimers pool = this.timers.computeIfAbsent(poolName,
                (name) -> new PoolTimers(timer("queue.wait", name), timer("run", name)));
        builder.completionListener((JobResult job) -> {
            pool.queueWait.record(job.queueWait());
            if (job.startedAt() != null) {
                pool.run.record(job.runTime());
            }
        });
    }

    private Timer timer(String name, String pool) {
        return Timer.builder("dashboard.job." + name)
            .tag("name", pool)
            .publishPercentiles(PERCENTILES)
            .distributionStatisticExpiry(WINDOW)
            .distributionStatisticBufferLength(3)
            .register(this.registry);
    }

    /** Every pool's percentiles in milliseconds, by pool name; 0 while a pool finished nothing in the window. */
    @GetMapping("/dashboard/latency")
    Latencies latencies() {
        Map<String, PoolLatency> byPool = new TreeMap<>();
        this.timers.forEach((pool, timers) -> byPool.put(pool,
                new PoolLatency(percentiles(timers.queueWait), percentiles(timers.run))));
        return new Latencies(WINDOW.toSeconds(), byPool);
    }

    private static Percentiles percentiles(Timer timer) {
        ValueAtPercentile[] values = timer.takeSnapshot().percentileValues();
        return new Percentiles(values[0].value(TimeUnit.MILLISECONDS), values[1].value(TimeUnit.MILLISECONDS),
                values[2].value(TimeUnit.MILLISECONDS));
    }

    private record PoolTimers(Timer queueWait, Timer run) {
    }

    record Latencies(long windowSeconds, Map<String, PoolLatency> pools) {
    }

    record PoolLatency(Percentiles queueWaitMs, Percentiles runMs) {
    }

    record Percentiles(double p50, double p95, double p99) {
    }

}
