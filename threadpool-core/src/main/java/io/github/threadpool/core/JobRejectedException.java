package io.github.threadpool.core;

import java.util.concurrent.RejectedExecutionException;

/**
 * A job refused by a {@link ThreadPool}: thrown by every submission the pool does not accept
 * ({@code submit}, {@code execute}, {@code submitCompletable}, {@code invokeAll}, {@code invokeAny}).
 * It says which pool refused, why, and how full its queue was, so that a caller can answer "try again
 * later" (an HTTP 503 with {@code Retry-After}) instead of failing.
 */
public class JobRejectedException extends RejectedExecutionException {

    private static final long serialVersionUID = 1L;

    /** Why a job was refused. */
    public enum Reason {
        /** The queue was full: under {@code ABORT} at once, under {@code BLOCK} after its timeout. */
        QUEUE_FULL,
        /** The pool is shut down and accepts no more jobs. */
        SHUT_DOWN,
        /** The submitter was interrupted while waiting for room under {@code BLOCK}. */
        INTERRUPTED,
        /** No worker is alive and none can be started. */
        NO_WORKER
    }

    private final String pool;
    private final Reason reason;
    private final int queueDepth;
    private final int queueCapacity;

    public JobRejectedException(String pool, Reason reason, int queueDepth, int queueCapacity, String message) {
        this(pool, reason, queueDepth, queueCapacity, message, null);
    }

    public JobRejectedException(String pool, Reason reason, int queueDepth, int queueCapacity, String message,
            Throwable cause) {
        super(message, cause);
        if (pool == null || reason == null) {
            throw new IllegalArgumentException("pool and reason must not be null, were " + pool + " and " + reason);
        }
        this.pool = pool;
        this.reason = reason;
        this.queueDepth = queueDepth;
        this.queueCapacity = queueCapacity;
    }

    /** The name of the pool that refused the job. */
    public String pool() {
        return pool;
    }

    /** Why the job was refused. */
    public Reason reason() {
        return reason;
    }

    /** The queue's depth when the job was refused. */
    public int queueDepth() {
        return queueDepth;
    }

    /** The queue's capacity when the job was refused; {@link Integer#MAX_VALUE} for an unbounded queue. */
    public int queueCapacity() {
        return queueCapacity;
    }
}
