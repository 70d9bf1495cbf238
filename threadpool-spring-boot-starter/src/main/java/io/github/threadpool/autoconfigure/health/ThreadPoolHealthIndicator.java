package io.github.threadpool.autoconfigure.health;

import io.github.threadpool.core.PoolSnapshot;
import io.github.threadpool.core.PoolState;
import io.github.threadpool.core.ThreadPool;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * The pool's health: {@code UP} while it runs with every configured worker alive; {@code DOWN} once it
 * is shut down, or while fewer workers are alive than configured.
 *
 * <p>Queue saturation (depth / capacity) is reported in the details, with {@code saturated: true} at
 * or above the configured threshold, but does not change the status: a full queue is back-pressure
 * doing its job, and taking an instance out of a load balancer for a busy minute would shift the load
 * to its neighbours and make things worse. Alert on the {@code executor.queued} metric instead.
 */
public class ThreadPoolHealthIndicator extends AbstractHealthIndicator {

    private final ThreadPool pool;

    private final double saturationThreshold;

    public ThreadPoolHealthIndicator(ThreadPool pool, double saturationThreshold) {
        super("Thread pool health check failed");
        this.pool = pool;
        this.saturationThreshold = saturationThreshold;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        PoolSnapshot snapshot = this.pool.snapshot();
        PoolSnapshot.Workers workers = snapshot.workers();
        PoolSnapshot.Queue queue = snapshot.queue();
        double saturation = queue.unbounded() ? 0.0 : (double) queue.depth() / queue.capacity();
        if (snapshot.state() != PoolState.RUNNING) {
            builder.down().withDetail("reason", "pool is " + snapshot.state());
        }
        else if (workers.alive() < workers.configured()) {
            builder.down().withDetail("reason", workers.alive() + " of " + workers.configured() + " workers alive");
        }
        else {
            builder.up();
        }
        builder.withDetail("name", snapshot.name())
            .withDetail("state", snapshot.state())
            .withDetail("workersAlive", workers.alive())
            .withDetail("workersConfigured", workers.configured())
            .withDetail("workersBusy", workers.busy())
            .withDetail("queueDepth", queue.depth())
            .withDetail("queueCapacity", queue.capacity())
            .withDetail("saturation", Math.round(saturation * 1000) / 1000.0)
            .withDetail("saturationThreshold", this.saturationThreshold)
            .withDetail("saturated", saturation >= this.saturationThreshold);
    }
}
