package io.github.threadpool.autoconfigure.metrics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import io.github.threadpool.core.JobResult;
import io.github.threadpool.core.JobStatus;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;

/**
 * Times every finished job of every pool built from {@code ThreadPoolBuilders}: how long it waited in
 * the queue, and how long it ran, by outcome. Each pool's builder gets {@linkplain #listenerFor its own
 * listener}, which records nothing until {@link ThreadPoolMetrics} binds it to a registry — a pool must
 * exist before its meters can be bound.
 *
 * <p>Thread-safe: listeners are created while pools are built and bound once; a listener reads its
 * timers through one volatile field, so a job finishing while the binding happens is recorded or not,
 * never half.
 */
final class JobTimers {

    static final String QUEUE_WAIT = "threadpool.job.queue.wait";

    static final String RUN = "threadpool.job.run";

    private final Map<String, PoolTimers> byPool = new ConcurrentHashMap<>();

    /** The completion listener for the pool named {@code pool}. */
    Consumer<JobResult> listenerFor(String pool) {
        return this.byPool.computeIfAbsent(pool, (name) -> new PoolTimers());
    }

    /** Registers the timers of the pool named {@code pool}, if it was built with a listener from here. */
    void bindTo(MeterRegistry registry, String pool, Tags tags) {
        PoolTimers timers = this.byPool.get(pool);
        if (timers != null) {
            timers.bindTo(registry, tags);
        }
    }

    /** One pool's timers: queue wait, and run time per outcome. */
    private static final class PoolTimers implements Consumer<JobResult> {

        private volatile @Nullable Bound bound;

        void bindTo(MeterRegistry registry, Tags tags) {
            this.bound = new Bound(Timer.builder(QUEUE_WAIT)
                .description("Time jobs waited in the queue before they started or were cancelled")
                .tags(tags)
                .publishPercentileHistogram()
                .register(registry), run(registry, tags, "succeeded"), run(registry, tags, "failed"),
                    run(registry, tags, "cancelled"));
        }

        private static Timer run(MeterRegistry registry, Tags tags, String outcome) {
            return Timer.builder(RUN)
                .description("Time jobs ran, by outcome: succeeded, failed, or cancelled while running")
                .tags(tags)
                .tag("outcome", outcome)
                .publishPercentileHistogram()
                .register(registry);
        }

        @Override
        public void accept(JobResult job) {
            Bound timers = this.bound;
            if (timers == null) {
                return;
            }
            timers.queueWait.record(job.queueWait());
            if (job.startedAt() != null) {
                Timer run = (job.status() == JobStatus.SUCCEEDED) ? timers.succeeded
                        : (job.status() == JobStatus.FAILED) ? timers.failed : timers.cancelled;
                run.record(job.runTime());
            }
        }

        private record Bound(Timer queueWait, Timer succeeded, Timer failed, Timer cancelled) {
        }
    }
}
