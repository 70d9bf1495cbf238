package io.github.threadpool.autoconfigure.actuate;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.github.threadpool.autoconfigure.ThreadPools;
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
 * The {@code threadpool} endpoint, over every pool in {@link ThreadPools}:
 * <ul>
 *   <li>{@code GET /actuator/threadpool}: every pool, in brief (name, primary, state, workers, queue, job counts);</li>
 *   <li>{@code GET /actuator/threadpool/{pool}}: one pool in full, with its recent results;</li>
 *   <li>{@code GET /actuator/threadpool/{pool}/{jobId}}: one job;</li>
 *   <li>{@code POST /actuator/threadpool/{pool}}: resizes that pool.</li>
 * </ul>
 * An unknown pool or job answers 404.
 *
 * <p>Read-only by default: resizing needs {@code management.endpoint.threadpool.access=unrestricted}.
 * Result values are shown per {@code management.endpoint.threadpool.show-values} — never by default,
 * as for the {@code env} and {@code configprops} endpoints, since a job's value may be sensitive. A failed
 * job's error type and message follow {@code show-errors}, which defaults to {@code show-values}: a message
 * may carry SQL, host names or tokens. What is hidden reads {@value #MASK}, as Spring Boot masks, never
 * {@code null}, which would read as a real value.
 */
@Endpoint(id = "threadpool", defaultAccess = Access.READ_ONLY)
public class ThreadPoolEndpoint {

    /** How many of the most recent results the pool view lists. */
    static final int RECENT_RESULTS = 20;

    /** Longest rendering of a value or error message; a job's value can be arbitrarily large. */
    private static final int MAX_TEXT = 500;

    /** What a hidden value, error type or error message reads: Spring Boot's own mask. */
    public static final String MASK = "******";

    private final ThreadPools pools;

    private final Show showValues;

    private final Show showErrors;

    private final Set<String> roles;

    /** An endpoint that shows errors as it shows values. */
    public ThreadPoolEndpoint(ThreadPools pools, Show showValues, Set<String> roles) {
        this(pools, showValues, showValues, roles);
    }

    public ThreadPoolEndpoint(ThreadPools pools, Show showValues, Show showErrors, Set<String> roles) {
        this.pools = pools;
        this.showValues = showValues;
        this.showErrors = showErrors;
        this.roles = roles;
    }

    /** Every pool, in brief. */
    @ReadOperation
    public PoolsDescriptor threadPools() {
        List<PoolSummaryDescriptor> summaries = new ArrayList<>();
        for (ThreadPool pool : this.pools) {
            PoolSnapshot snapshot = pool.snapshot();
            summaries.add(new PoolSummaryDescriptor(snapshot.name(), this.pools.isPrimary(snapshot.name()),
                    snapshot.state(), workers(snapshot), queue(snapshot), JobsDescriptor.of(snapshot.jobs())));
        }
        return new PoolsDescriptor(summaries);
    }

    /** One pool in full; {@code null} (404 over HTTP) when there is no such pool. */
    @ReadOperation
    public @Nullable PoolDescriptor threadPool(SecurityContext securityContext, @Selector String pool) {
        Visibility shown = visibility(securityContext);
        return this.pools.find(pool).map((found) -> describe(found, shown)).orElse(null);
    }

    /** One job, queued, running or retained; {@code null} (404 over HTTP) when the pool or job is unknown or evicted. */
    @ReadOperation
    public @Nullable JobDescriptor job(SecurityContext securityContext, @Selector String pool, @Selector long jobId) {
        Visibility shown = visibility(securityContext);
        return this.pools.find(pool)
            .flatMap((found) -> found.findJob(jobId))
            .map((job) -> JobDescriptor.of(job, shown))
            .orElse(null);
    }

    /**
     * Resizes a pool. Either value may be left out to keep it; a bad value is refused with a 400 and
     * changes nothing; {@code null} (404 over HTTP) when there is no such pool. Answers with the pool as
     * {@link #threadPool} does, job values shown by the same {@code show-values} rule.
     */
    @WriteOperation
    public @Nullable PoolDescriptor resize(SecurityContext securityContext, @Selector String pool,
            @Nullable Integer workers, @Nullable Integer queueCapacity) {
        if (workers == null && queueCapacity == null) {
            throw new InvalidEndpointRequestException("Give workers, queueCapacity or both",
                    "Give workers, queueCapacity or both");
        }
        ThreadPool found = this.pools.find(pool).orElse(null);
        if (found == null) {
            return null;
        }
        PoolSnapshot current = found.snapshot();
        try {
            found.resize((workers != null) ? workers : current.workers().configured(),
                    (queueCapacity != null) ? queueCapacity : current.queue().capacity());
        }
        catch (IllegalArgumentException | IllegalStateException ex) {
            throw new InvalidEndpointRequestException(ex.getMessage(), ex.getMessage());
        }
        return describe(found, visibility(securityContext));
    }

    /** Whether there is a pool named {@code pool}. */
    boolean hasPool(String pool) {
        return this.pools.find(pool).isPresent();
    }

    /** The most workers the pool named {@code pool}, which must exist, may be resized to. */
    int maxWorkers(String pool) {
        return this.pools.get(pool).maxWorkers();
    }

    private Visibility visibility(SecurityContext securityContext) {
        return new Visibility(this.showValues.isShown(securityContext, this.roles),
                this.showErrors.isShown(securityContext, this.roles));
    }

    /** What the caller may see of a job: its value, its error. */
    private record Visibility(boolean values, boolean errors) {
    }

    private PoolDescriptor describe(ThreadPool pool, Visibility shown) {
        PoolSnapshot snapshot = pool.snapshot();
        List<JobDescriptor> recent = pool.results().recent(RECENT_RESULTS).stream()
            .map((job) -> JobDescriptor.of(job, shown))
            .toList();
        return new PoolDescriptor(snapshot.name(), this.pools.isPrimary(snapshot.name()), snapshot.state(),
                new ConfigurationDescriptor(snapshot.workers().configured(), snapshot.queue().capacity(),
                        snapshot.rejectionPolicy(), snapshot.results().maxRetained(),
                        snapshot.results().timeToLive().toMillis()),
                workers(snapshot), queue(snapshot), JobsDescriptor.of(snapshot.jobs()),
                new ResultsDescriptor(snapshot.results().retained(), snapshot.results().evicted(),
                        snapshot.results().maxRetained(), recent));
    }

    private static WorkersDescriptor workers(PoolSnapshot snapshot) {
        return new WorkersDescriptor(snapshot.workers().configured(), snapshot.workers().alive(),
                snapshot.workers().busy(), snapshot.workers().idle(), snapshot.workers().replaced(),
                snapshot.workers().busyWorkers().stream()
                    .map((w) -> new BusyWorkerDescriptor(w.worker(), w.jobId(), w.runningFor().toMillis()))
                    .toList());
    }

    private static QueueDescriptor queue(PoolSnapshot snapshot) {
        return new QueueDescriptor(snapshot.queue().depth(), snapshot.queue().capacity(),
                snapshot.queue().remaining(), snapshot.queue().oldestWait().toMillis());
    }

    /** Every pool, in brief. */
    public record PoolsDescriptor(List<PoolSummaryDescriptor> pools) {
    }

    /** One pool, in brief. */
    public record PoolSummaryDescriptor(String name, boolean primary, PoolState state, WorkersDescriptor workers,
            QueueDescriptor queue, JobsDescriptor jobs) {
    }

    /** A pool's job counts since start, in the one vocabulary: finished = succeeded + failed + cancelled. */
    public record JobsDescriptor(long submitted, long queued, long running, long succeeded, long failed,
            long cancelled, long finished, long rejected) {

        static JobsDescriptor of(PoolSnapshot.JobCounts jobs) {
            return new JobsDescriptor(jobs.submitted(), jobs.queued(), jobs.running(), jobs.succeeded(), jobs.failed(),
                    jobs.cancelled(), jobs.finished(), jobs.rejected());
        }
    }

    /** The whole pool. */
    public record PoolDescriptor(String name, boolean primary, PoolState state, ConfigurationDescriptor configuration,
            WorkersDescriptor workers, QueueDescriptor queue, JobsDescriptor jobs, ResultsDescriptor results) {
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
     * One job. {@code value} is present only for a succeeded job, {@code errorType} and
     * {@code errorMessage} only for a failed one (the message may be null when the error has none); each
     * reads {@value ThreadPoolEndpoint#MASK} when the caller may not see it.
     */
    public record JobDescriptor(long id, JobStatus status, String submittedAt, @Nullable String startedAt,
            @Nullable String finishedAt, long queueWaitMs, long runTimeMs, @Nullable String worker,
            @Nullable String errorType, @Nullable String errorMessage, @Nullable String value) {

        static JobDescriptor of(JobResult job, Visibility shown) {
            Throwable error = job.error();
            String errorType = null;
            String errorMessage = null;
            if (error != null) {
                errorType = shown.errors() ? error.getClass().getName() : MASK;
                errorMessage = shown.errors() ? truncate(error.getMessage()) : MASK;
            }
            String value = null;
            if (job.status() == JobStatus.SUCCEEDED) {
                value = !shown.values() ? MASK : (job.value() == null) ? null : truncate(String.valueOf(job.value()));
            }
            return new JobDescriptor(job.id(), job.status(), job.submittedAt().toString(), text(job.startedAt()),
                    text(job.finishedAt()), millis(job.queueWait()), millis(job.runTime()), job.workerName(),
                    errorType, errorMessage, value);
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
