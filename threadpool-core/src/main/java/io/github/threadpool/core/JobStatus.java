package io.github.threadpool.core;

/**
 * The life cycle of an accepted job.
 *
 * <pre>
 *   QUEUED ──► RUNNING ──► SUCCEEDED | FAILED | CANCELLED
 *      └──────────────────────────────────────► CANCELLED
 * </pre>
 *
 * Every accepted job reaches exactly one terminal status, and never leaves it. A job refused at
 * submission never gets a status: the submitting call throws instead.
 */
public enum JobStatus {

    /** Accepted and waiting in the queue. */
    QUEUED,

    /** Taken by a worker (or by the submitting thread under {@link RejectionPolicy#CALLER_RUNS}). */
    RUNNING,

    /** Returned normally; its value is the job's result. */
    SUCCEEDED,

    /** Threw; the {@link Throwable} is the job's result. */
    FAILED,

    /** Cancelled, by a caller or by shutdown, before it could finish. */
    CANCELLED;

    /** Whether this status is final. */
    public boolean isTerminal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }
}
