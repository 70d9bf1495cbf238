package io.github.threadpool.autoconfigure.fleet;

import java.time.Instant;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * The fleet's health, at {@code /actuator/health/threadpoolFleet}: always {@code UP}, with details that
 * say whether Redis answers and how many records were dropped. A Redis outage does not make an instance
 * unhealthy: its jobs run on and are found on it, and restarting it (what a failing liveness probe does)
 * would only lose them. The details make the outage visible; alert on
 * {@code threadpool_fleet_records_dropped_total} or {@code threadpool_fleet_redis_reachable}.
 */
final class FleetHealthIndicator extends AbstractHealthIndicator {

    private final FleetInstance instance;

    private final JobMirror mirror;

    FleetHealthIndicator(FleetInstance instance, JobMirror mirror) {
        this.instance = instance;
        this.mirror = mirror;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        builder.up()
            .withDetail("instance", this.instance.name())
            .withDetail("instanceNumber", this.instance.number())
            .withDetail("redis", this.instance.isReachable() ? "reachable" : "unreachable");
        Instant since = this.instance.unreachableSince();
        if (since != null) {
            builder.withDetail("unreachableSince", since.toString());
        }
        String lastError = this.instance.lastError();
        if (lastError != null) {
            builder.withDetail("lastError", lastError);
        }
        builder.withDetail("recordsBuffered", this.mirror.buffered())
            .withDetail("bufferCapacity", this.mirror.bufferCapacity())
            .withDetail("recordsWritten", this.mirror.written())
            .withDetail("recordsDropped", this.mirror.dropped());
    }
}
