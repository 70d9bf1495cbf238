package io.github.threadpool.autoconfigure.fleet;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * The fleet's meters: {@code threadpool.fleet.records.written} and {@code threadpool.fleet.records.dropped}
 * (counters), {@code threadpool.fleet.records.buffered} and {@code threadpool.fleet.redis.reachable}
 * (gauges; 1 while Redis answers, else 0), each tagged with the instance's name.
 */
final class FleetMetrics implements MeterBinder {

    private final FleetInstance instance;

    private final JobMirror mirror;

    FleetMetrics(FleetInstance instance, JobMirror mirror) {
        this.instance = instance;
        this.mirror = mirror;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        String name = this.instance.name();
        FunctionCounter.builder("threadpool.fleet.records.written", this.mirror, JobMirror::written)
            .description("Job records written to the fleet's Redis")
            .tag("instance", name)
            .register(registry);
        FunctionCounter.builder("threadpool.fleet.records.dropped", this.mirror, JobMirror::dropped)
            .description("Job events not mirrored because the fleet's buffer was full")
            .tag("instance", name)
            .register(registry);
        Gauge.builder("threadpool.fleet.records.buffered", this.mirror, JobMirror::buffered)
            .description("Job events waiting to be written to the fleet's Redis")
            .tag("instance", name)
            .register(registry);
        Gauge.builder("threadpool.fleet.redis.reachable", this.instance, (i) -> i.isReachable() ? 1 : 0)
            .description("1 while the fleet's Redis answers, else 0")
            .tag("instance", name)
            .register(registry);
    }
}
