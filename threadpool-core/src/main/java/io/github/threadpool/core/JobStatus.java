package io.github.threadpool.core;

/**
 * The life cycle of an accepted job.
 *
 * <pre>
 *   QUEUED ──► RUNNING ──► SUCCEEDED | FAILED | CANCELLED
 *      └──────────────────────────────────────► CANCELLED
 *   (either, on an instance that died)  ──────► LOST
 * </pre>
 *
 * Every accepted job reaches exactly one terminal status, and never leaves it. A job refused at
 * submission never gets a status: the submitting call throws instead. A pool never reports its own
 * jobs as {@link #LOST}; only a view of several instances (a fleet directory) does.
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
    CANCELLED,

    /**
     * The instance that queued or ran the job stopped without a shutdown (it died) before the job
     * finished. A pool never reports its own jobs as LOST; a fleet directory reports another
     * instance's unfinished jobs so once that instance's lease has expired.
     */
    LOST;

    /** Whether this status is final. */
    public boolean isTerminal() {
        return this != QUEUED && this != RUNNING;
    }
}
