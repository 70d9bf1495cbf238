package io.github.threadpool.autoconfigure.metrics;

import java.util.function.ToDoubleFunction;

import io.github.threadpool.autoconfigure.ThreadPools;
import io.github.threadpool.core.PoolSnapshot;
import io.github.threadpool.core.ThreadPool;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * The meters of every pool in {@link ThreadPools}, each tagged {@code name=<pool name>}. Micrometer's
 * {@code executor.*} names where the meaning matches, so existing executor dashboards work unchanged;
 * {@code threadpool.*} names for what they lack. Counts of jobs are in {@code jobs}, of workers in
 * {@code threads}.
 *
 * <p>Each gauge reads one figure from a fresh {@link ThreadPool#snapshot()}, which takes no lock that
 * submitters or workers need, and only when the registry publishes.
 */
public class ThreadPoolMetrics implements MeterBinder {

    private static final String JOBS = "jobs";

    private static final String THREADS = "threads";

    private final ThreadPools pools;

    private final JobTimers timers;

    ThreadPoolMetrics(ThreadPools pools, JobTimers timers) {
        this.pools = pools;
        this.timers = timers;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (ThreadPool pool : this.pools) {
            bindTo(registry, pool);
        }
    }

    private void bindTo(MeterRegistry registry, ThreadPool pool) {
        Tags tags = Tags.of("name", pool.name());
        gauge(registry, pool, tags, "executor.active", THREADS, "Workers running a job", (s) -> s.workers().busy());
        gauge(registry, pool, tags, "executor.pool.size", THREADS, "Worker threads alive", (s) -> s.workers().alive());
        gauge(registry, pool, tags, "executor.pool.core", THREADS, "Workers the pool is sized to",
                (s) -> s.workers().configured());
        gauge(registry, pool, tags, "executor.pool.max", THREADS, "Workers the pool is sized to (a fixed pool)",
                (s) -> s.workers().configured());
        gauge(registry, pool, tags, "executor.queued", JOBS, "Jobs waiting in the queue", (s) -> s.queue().depth());
        gauge(registry, pool, tags, "executor.queue.remaining", JOBS, "Room left in the queue",
                (s) -> s.queue().remaining());
        gauge(registry, pool, tags, "threadpool.queue.capacity", JOBS, "Most jobs the queue holds; -1 if unbounded",
                (s) -> s.queue().unbounded() ? -1 : s.queue().capacity());
        counter(registry, pool, tags, "executor.completed", JOBS,
                "Jobs finished: succeeded, failed or cancelled", (s) -> s.jobs().finished());
        counter(registry, pool, tags, "threadpool.jobs.submitted", JOBS, "Jobs submitted (accepted)",
                (s) -> s.jobs().submitted());
        finished(registry, pool, tags, "succeeded", (s) -> s.jobs().succeeded());
        finished(registry, pool, tags, "failed", (s) -> s.jobs().failed());
        finished(registry, pool, tags, "cancelled", (s) -> s.jobs().cancelled());
        counter(registry, pool, tags, "threadpool.jobs.rejected", JOBS, "Submissions rejected",
                (s) -> s.jobs().rejected());
        counter(registry, pool, tags, "threadpool.workers.replaced", THREADS, "Workers that died and were replaced",
                (s) -> s.workers().replaced());
        gauge(registry, pool, tags, "threadpool.results.retained", "results", "Results retained in the store",
                (s) -> s.results().retained());
        counter(registry, pool, tags, "threadpool.results.evicted", "results", "Results evicted from the store",
                (s) -> s.results().evicted());
        this.timers.bindTo(registry, pool.name(), tags);
    }

    private static void finished(MeterRegistry registry, ThreadPool pool, Tags tags, String outcome,
            ToDoubleFunction<PoolSnapshot> figure) {
        counter(registry, pool, tags.and("outcome", outcome), "threadpool.jobs.finished", JOBS,
                "Jobs finished, by outcome: succeeded, failed or cancelled", figure);
    }

    private static void gauge(MeterRegistry registry, ThreadPool pool, Tags tags, String name, String unit,
            String description, ToDoubleFunction<PoolSnapshot> figure) {
        Gauge.builder(name, pool, (p) -> figure.applyAsDouble(p.snapshot()))
            .tags(tags)
            .baseUnit(unit)
            .description(description)
            .register(registry);
    }

    private static void counter(MeterRegistry registry, ThreadPool pool, Tags tags, String name, String unit,
            String description, ToDoubleFunction<PoolSnapshot> figure) {
        FunctionCounter.builder(name, pool, (p) -> figure.applyAsDouble(p.snapshot()))
            .tags(tags)
            .baseUnit(unit)
            .description(description)
            .register(registry);
    }
}
