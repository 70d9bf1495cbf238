package io.github.threadpool.autoconfigure;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

import io.github.threadpool.core.JobResult;
import io.github.threadpool.core.JobStatus;
import org.jspecify.annotations.Nullable;

/**
 * A job as a {@link JobDirectory} found it: the pool's own job when this instance holds it, or the
 * record another instance mirrored. Says which instance ran it.
 *
 * <p>A mirrored record carries its value as the text the fleet's serialiser made of it (never the
 * object), and its error as a type name and a message (never the throwable): {@link #value()} is then
 * that text and {@link #error()} is {@code null}; read {@link #errorType()} and {@link #errorMessage()},
 * which work for both kinds.
 */
public final class JobRecord implements JobResult {

    private final String pool;
    private final long id;
    private final JobStatus status;
    private final @Nullable String instance;
    private final boolean local;
    private final @Nullable JobResult job; // the live job when local
    private final @Nullable String workerName;
    private final @Nullable Instant submittedAt;
    private final @Nullable Instant startedAt;
    private final @Nullable Instant finishedAt;
    private final @Nullable Object value;
    private final @Nullable String errorType;
    private final @Nullable String errorMessage;

    private JobRecord(String pool, long id, JobStatus status, @Nullable String instance, boolean local,
            @Nullable JobResult job, @Nullable String workerName, @Nullable Instant submittedAt,
            @Nullable Instant startedAt, @Nullable Instant finishedAt, @Nullable Object value,
            @Nullable String errorType, @Nullable String errorMessage) {
        this.pool = pool;
        this.id = id;
        this.status = status;
        this.instance = instance;
        this.local = local;
        this.job = job;
        this.workerName = workerName;
        this.submittedAt = submittedAt;
        this.startedAt = startedAt;
        this.finishedAt = finishedAt;
        this.value = value;
        this.errorType = errorType;
        this.errorMessage = errorMessage;
    }

    /** This instance's own job, read as it stands now. */
    public static JobRecord local(String pool, JobResult job, @Nullable String instance) {
        Objects.requireNonNull(job, "job");
        JobStatus status = job.status();
        Throwable error = (status == JobStatus.FAILED) ? job.error() : null;
        return new JobRecord(pool, job.id(), status, instance, true, job, job.workerName(), job.submittedAt(),
                job.startedAt(), job.finishedAt(), (status == JobStatus.SUCCEEDED) ? job.value() : null,
                (error != null) ? error.getClass().getName() : null, (error != null) ? error.getMessage() : null);
    }

    /** A record another instance mirrored. */
    public static JobRecord mirrored(String pool, long id, JobStatus status, String instance,
            @Nullable String workerName, Instant submittedAt, @Nullable Instant startedAt,
            @Nullable Instant finishedAt, @Nullable String value, @Nullable String errorType,
            @Nullable String errorMessage) {
        return new JobRecord(pool, id, status, instance, false, null, workerName, submittedAt, startedAt, finishedAt,
                value, errorType, errorMessage);
    }

    /** The same record with another status: a fleet directory's {@code LOST}. */
    public JobRecord withStatus(JobStatus newStatus) {
        return new JobRecord(this.pool, this.id, newStatus, this.instance, this.local, this.job, this.workerName,
                this.submittedAt, this.startedAt, this.finishedAt, this.value, this.errorType, this.errorMessage);
    }

    /** The pool's name. */
    public String pool() {
        return this.pool;
    }

    /** The instance that accepted the job (the fleet's instance name); {@code null} outside a fleet. */
    public @Nullable String instance() {
        return this.instance;
    }

    /** Whether this instance holds the job itself (else the record came from the fleet). */
    public boolean isLocal() {
        return this.local;
    }

    @Override
    public long id() {
        return this.id;
    }

    @Override
    public JobStatus status() {
        return this.status;
    }

    /** The value of a succeeded job: the object itself when local, the serialiser's text when mirrored. */
    @Override
    public @Nullable Object value() {
        return this.value;
    }

    /** The throwable of a failed local job; {@code null} for a mirrored one (see {@link #errorType()}). */
    @Override
    public @Nullable Throwable error() {
        return (this.job != null && this.status == JobStatus.FAILED) ? this.job.error() : null;
    }

    /** The class name of a failed job's throwable. */
    public @Nullable String errorType() {
        return this.errorType;
    }

    /** The message of a failed job's throwable (may be {@code null} even when it failed). */
    public @Nullable String errorMessage() {
        return this.errorMessage;
    }

    @Override
    public Instant submittedAt() {
        return Objects.requireNonNull(this.submittedAt);
    }

    @Override
    public @Nullable Instant startedAt() {
        return this.startedAt;
    }

    @Override
    public @Nullable Instant finishedAt() {
        return this.finishedAt;
    }

    @Override
    public Duration queueWait() {
        if (this.job != null) {
            return this.job.queueWait();
        }
        Instant end = (this.startedAt != null) ? this.startedAt : this.finishedAt;
        return (end != null && this.submittedAt != null) ? Duration.between(this.submittedAt, end) : Duration.ZERO;
    }

    @Override
    public Duration runTime() {
        if (this.job != null) {
            return this.job.runTime();
        }
        return (this.startedAt != null && this.finishedAt != null) ? Duration.between(this.startedAt, this.finishedAt)
                : Duration.ZERO;
    }

    @Override
    public @Nullable String workerName() {
        return this.workerName;
    }

    @Override
    public String toString() {
        return "JobRecord[pool=" + this.pool + ", id=" + this.id + ", status=" + this.status + ", instance="
                + this.instance + (this.local ? ", local" : ", mirrored") + "]";
    }
}
