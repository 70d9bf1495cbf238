package io.github.threadpool.autoconfigure.metrics;

import java.util.function.Consumer;

import io.github.threadpool.core.JobResult;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;

/**
 * Times every finished job: how long it waited in the queue, and how long it ran. Installed on the pool's
 * builder as a completion listener, it records nothing until {@link ThreadPoolMetrics} binds it to a
 * registry — the pool must exist before its meters can be bound.
 */
final class JobTimers implements Consumer<JobResult> {

    static final String QUEUE_WAIT = "threadpool.job.queue.wait";

    static final String RUN = "threadpool.job.run";

    private volatile @Nullable Timer queueWait;

    private volatile @Nullable Timer run;

    void bindTo(MeterRegistry registry, Tags tags) {
        this.queueWait = Timer.builder(QUEUE_WAIT)
            .description("Time jobs waited in the queue before they started or were cancelled")
            .tags(tags)
            .register(registry);
        this.run = Timer.builder(RUN)
            .description("Time jobs ran, by outcome")
            .tags(tags)
            .register(registry);
    }

    @Override
    public void accept(JobResult job) {
        Timer queueWait = this.queueWait;
        Timer run = this.run;
        if (queueWait != null && run != null) {
            queueWait.record(job.queueWait());
            if (job.startedAt() != null) {
                run.record(job.runTime());
            }
        }
    }
}
