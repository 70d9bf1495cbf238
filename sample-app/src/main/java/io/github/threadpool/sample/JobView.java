package io.github.threadpool.sample;

import java.time.Instant;

import io.github.threadpool.autoconfigure.JobRecord;
import io.github.threadpool.core.JobResult;
import io.github.threadpool.core.JobStatus;
import org.jspecify.annotations.Nullable;

/**
 * A job as the REST API shows it: status, timings, and the value or error once it has finished; with the
 * fleet on, the instance that ran it ({@code instance}, absent otherwise).
 */
record JobView(long id, JobStatus status, Instant submittedAt, @Nullable Instant startedAt,
        @Nullable Instant finishedAt, long queueWaitMs, long runTimeMs, @Nullable String worker,
        @Nullable Object value, @Nullable String error, @Nullable String instance) {

    static JobView of(JobResult job) {
        Throwable error = job.error();
        return new JobView(job.id(), job.status(), job.submittedAt(), job.startedAt(), job.finishedAt(),
                job.queueWait().toMillis(), job.runTime().toMillis(), job.workerName(), job.value(),
                (error != null) ? error.getClass().getSimpleName() + ": " + error.getMessage() : null, null);
    }

    static JobView of(JobRecord job) {
        String type = job.errorType();
        String error = (type != null) ? type.substring(type.lastIndexOf('.') + 1) + ": " + job.errorMessage() : null;
        return new JobView(job.id(), job.status(), job.submittedAt(), job.startedAt(), job.finishedAt(),
                job.queueWait().toMillis(), job.runTime().toMillis(), job.workerName(), job.value(), error,
                job.instance());
    }

}
