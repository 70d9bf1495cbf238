package io.github.threadpool.sample;

import io.github.threadpool.core.JobStatus;
import org.jspecify.annotations.Nullable;

/** A cancellation asked of a job that has already finished: only a queued or running job can be cancelled. */
class JobFinishedException extends RuntimeException {

    JobFinishedException(String pool, long id, @Nullable JobStatus status) {
        super("Job " + id + " in pool '" + pool + "' has already finished (" + status
                + "): only a QUEUED or RUNNING job can be cancelled");
    }

}
