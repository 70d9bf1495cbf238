package io.github.threadpool.autoconfigure.actuate;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import io.github.threadpool.core.JobResult;
import io.github.threadpool.core.JobStatus;
import io.github.threadpool.core.PoolSnapshot;
import io.github.threadpool.core.PoolState;
import io.github.threadpool.core.RejectionPolicy;
import io.github.threadpool.core.ThreadPool;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * {@code /actuator/threadpool}: the pool's configuration, workers, queue, job counts and recent
 * results; {@code /actuator/threadpool/{jobId}}: one job; a write operation that resizes the pool.
 *
 * <p>Read-only by default: resizing needs {@code management.endpoint.threadpool.access=unrestricted}.
 * Result values are shown per {@code management.endpoint.threadpool.show-values} — never by default,
 * as for the {@code env} and {@code configprops} endpoints, since a job's value may be sensitive.
 */
@Endpoint(id = "threadpool", defaultAccess = Access.READ_ONLY)
public class ThreadPoolEndpoint {

    /** How many of the most recent results the pool view lists. */
    static final int RECENT_RESULTS = 20;

    /** Longest rendering of a value or error message; a job's value can be arbitrarily large. */
    private static final int MAX_TEXT = 500;

    private final ThreadPool pool;

    private final Show showValues;

    private final Set<String> roles;

    public ThreadPoolEndpoint(ThreadPool pool, Show showValues, Set<String> roles) {
        this.pool = pool;
        this.showValues = showValues;
        this.roles = roles;
    }

    @ReadOperation
    public PoolDescriptor threadPool(SecurityContext securityContext) {
        return describe(this.pool.snapshot(), this.showValues.isShown(securityContext, this.roles));
    }

    /** One job, queued, running or retained; {@code null} (404 over HTTP) when unknown or evicted. */
    @ReadOperation
    public @Nullable JobDescriptor job(SecurityContext securityContext, @Selector long jobId) {
        boolean showValue = this.showValues.isShown(securityContext, this.roles);
        return this.pool.findJob(jobId).map((job) -> JobDescriptor.of(job, showValue)).orElse(null);
    }

    /**
     * Resizes the pool. Either value may be left out to keep it; a bad value (below 1) is refused with
     * a 400 and changes nothing.
     */
    @WriteOperation
    public PoolDescriptor resize(@Nullable Integer workers, @Nullable Integer queueCapacity) {
        if (workers == null && queueCapacity == null) {
            throw new InvalidEndpointRequestException("Give workers, queueCapacity or both",
                    "Give workers, queueCapacity or both");
        }
        PoolSnapshot current = this.pool.snapshot();
        try {
            this.pool.resize((workers != null) ? workers : current.workers().configured(),
                    (queueCapacity != null) ? queueCapacity : current.queue().capacity());
        }
        catch (IllegalArgumentException | IllegalStateException ex) {
            throw new InvalidEndpointRequestException(ex.getMessage(), ex.getMessage());
        }
        return describe(this.pool.snapshot(), false);
    }

    private PoolDescriptor describe(PoolSnapshot snapshot, boolean showValues) {
        List<JobDescriptor> recent = this.pool.results().recent(RECENT_RESULTS).stream()
            .map((job) -> JobDescriptor.of(job, showValues))
            .toList();
        return new PoolDescriptor(snapshot.name(), snapshot.state(),
                new ConfigurationDescriptor(snapshot.workers().configured(), snapshot.queue().capacity(),
                        snapshot.rejectionPolicy(), snapshot.results().maxRetained(),
                        snapshot.results().timeToLive().toMillis()),
                new WorkersDescriptor(snapshot.workers().configured(), snapshot.workers().alive(),
                        snapshot.workers().busy(), snapshot.workers().idle(), snapshot.workers().replaced(),
                        snapshot.workers().busyWorkers().stream()
                            .map((w) -> new BusyWorkerDescriptor(w.worker(), w.jobId(), w.runningFor().toMillis()))
                            .toList()),
                new QueueDescriptor(snapshot.queue().depth(), snapshot.queue().capacity(),
                        snapshot.queue().remaining(), snapshot.queue().oldestWait().toMillis()),
                snapshot.jobs(),
                new ResultsDescriptor(snapshot.results().retained(), snapshot.results().evicted(),
                        snapshot.results().maxRetained(), recent));
    }

    /** The whole pool. */
    public record PoolDescriptor(String name, PoolState state, ConfigurationDescriptor configuration,
            WorkersDescriptor workers, QueueDescriptor queue, PoolSnapshot.JobCounts jobs, ResultsDescriptor results) {
    }

    /** The pool's current settings. */
    public record ConfigurationDescriptor(int workers, int queueCapacity, RejectionPolicy rejectionPolicy,
            int maxRetainedResults, long resultTimeToLiveMs) {
    }

    /** Workers, and what each busy one runs. */
    public record WorkersDescriptor(int configured, int alive, int busy, int idle, long replaced,
            List<BusyWorkerDescriptor> busyWorkers) {
    }

    /** A busy worker. */
    public record BusyWorkerDescriptor(String worker, long jobId, long runningMs) {
    }

    /** The queue. */
    public record QueueDescriptor(int depth, int capacity, int remaining, long oldestWaitMs) {
    }

    /** The result store, with its most recent results, newest first. */
    public record ResultsDescriptor(int retained, long evicted, int maxRetained, List<JobDescriptor> recent) {
    }

    /**
     * One job. {@code value} is present only for a succeeded job, and only when values are shown;
     * {@code errorType} and {@code errorMessage} only for a failed one.
     */
    public record JobDescriptor(long id, JobStatus status, String submittedAt, @Nullable String startedAt,
            @Nullable String finishedAt, long queueWaitMs, long runTimeMs, @Nullable String worker,
            @Nullable String errorType, @Nullable String errorMessage, @Nullable String value) {

        static JobDescriptor of(JobResult job, boolean showValue) {
            Throwable error = job.error();
            return new JobDescriptor(job.id(), job.status(), job.submittedAt().toString(), text(job.startedAt()),
                    text(job.finishedAt()), millis(job.queueWait()), millis(job.runTime()), job.workerName(),
                    (error != null) ? error.getClass().getName() : null,
                    (error != null) ? truncate(error.getMessage()) : null,
                    (showValue && job.status() == JobStatus.SUCCEEDED) ? truncate(String.valueOf(job.value())) : null);
        }

        private static @Nullable String text(@Nullable Instant instant) {
            return (instant != null) ? instant.toString() : null;
        }

        private static long millis(Duration duration) {
            return duration.toMillis();
        }

        private static @Nullable String truncate(@Nullable String text) {
            return (text == null || text.length() <= MAX_TEXT) ? text : text.substring(0, MAX_TEXT) + "…";
        }
    }
}
