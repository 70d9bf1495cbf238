package io.github.threadpool.autoconfigure.metrics;

import java.util.function.ToDoubleFunction;

import io.github.threadpool.core.PoolSnapshot;
import io.github.threadpool.core.ThreadPool;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.beans.factory.ObjectProvider;

/**
 * The pool's meters, tagged {@code name=<pool name>}. Micrometer's {@code executor.*} names where the
 * meaning matches, so existing executor dashboards work unchanged; {@code threadpool.*} names for what
 * they lack.
 *
 * <p>Bound to the context's single {@link ThreadPool}, if it has exactly one. Each gauge reads one
 * figure from a fresh {@link ThreadPool#snapshot()}, which takes no lock that submitters or workers
 * need, and only when the registry publishes.
 */
public class ThreadPoolMetrics implements MeterBinder {

    private final ObjectProvider<ThreadPool> pools;

    private final JobTimers timers;

    ThreadPoolMetrics(ObjectProvider<ThreadPool> pools, JobTimers timers) {
        this.pools = pools;
        this.timers = timers;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        ThreadPool pool = this.pools.getIfUnique();
        if (pool == null) {
            return;
        }
        Tags tags = Tags.of("name", pool.name());
        gauge(registry, pool, tags, "executor.active", "threads", "Workers running a job", (s) -> s.workers().busy());
        gauge(registry, pool, tags, "executor.queued", "tasks", "Jobs waiting in the queue", (s) -> s.queue().depth());
        gauge(registry, pool, tags, "executor.queue.remaining", "tasks", "Room left in the queue",
                (s) -> s.queue().remaining());
        gauge(registry, pool, tags, "executor.pool.size", "threads", "Worker threads alive", (s) -> s.workers().alive());
        gauge(registry, pool, tags, "executor.pool.core", "threads", "Workers the pool is sized to",
                (s) -> s.workers().configured());
        gauge(registry, pool, tags, "executor.pool.max", "threads", "Workers the pool is sized to (a fixed pool)",
                (s) -> s.workers().configured());
        counter(registry, pool, tags, "executor.completed", "Jobs that ran to the end, succeeded or failed",
                (s) -> s.jobs().succeeded() + s.jobs().failed());
        counter(registry, pool, tags, "threadpool.jobs.submitted", "Jobs accepted", (s) -> s.jobs().submitted());
        counter(registry, pool, tags, "threadpool.jobs.succeeded", "Jobs that succeeded", (s) -> s.jobs().succeeded());
        counter(registry, pool, tags, "threadpool.jobs.failed", "Jobs that failed", (s) -> s.jobs().failed());
        counter(registry, pool, tags, "threadpool.jobs.cancelled", "Jobs cancelled", (s) -> s.jobs().cancelled());
        counter(registry, pool, tags, "threadpool.jobs.rejected", "Submissions refused", (s) -> s.jobs().rejected());
        counter(registry, pool, tags, "threadpool.workers.replaced", "Workers that died and were replaced",
                (s) -> s.workers().replaced());
        counter(registry, pool, tags, "threadpool.results.evicted", "Results evicted from the store",
                (s) -> s.results().evicted());
        gauge(registry, pool, tags, "threadpool.results.retained", "results", "Results retained in the store",
                (s) -> s.results().retained());
        this.timers.bindTo(registry, tags);
    }

    private static void gauge(MeterRegistry registry, ThreadPool pool, Tags tags, String name, String unit,
            String description, ToDoubleFunction<PoolSnapshot> figure) {
        Gauge.builder(name, pool, (p) -> figure.applyAsDouble(p.snapshot()))
            .tags(tags)
            .baseUnit(unit)
            .description(description)
            .register(registry);
    }

    private static void counter(MeterRegistry registry, ThreadPool pool, Tags tags, String name,
            String description, ToDoubleFunction<PoolSnapshot> figure) {
        FunctionCounter.builder(name, pool, (p) -> figure.applyAsDouble(p.snapshot()))
            .tags(tags)
            .baseUnit("tasks")
            .description(description)
            .register(registry);
    }
}
