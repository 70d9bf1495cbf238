package io.github.threadpool.core;

import java.util.concurrent.RejectedExecutionException;

/**
 * Thrown when a pool refuses a job — by {@code submit}, {@code execute}, {@code submitCompletable},
 * {@code invokeAll} or {@code invokeAny} — with why, and how full the queue was. A refused job gets
 * no id and never runs.
 */
public class JobRejectedException extends RejectedExecutionException {

    private static final long serialVersionUID = 1L;

    /** Why a job was refused. */
    public enum Reason {
        /** The queue was full: {@link RejectionPolicy#ABORT}, or {@link RejectionPolicy#BLOCK} after its timeout. */
        QUEUE_FULL,
        /** The pool is shut down. */
        SHUT_DOWN,
        /** A {@link RejectionPolicy#BLOCK} submitter was interrupted while it waited for room. */
        INTERRUPTED,
        /** No worker is alive and none could be started, so nobody would run the job. */
        NO_WORKER
    }

    private final String pool;
    private final Reason reason;
    private final int queueDepth;
    private final int queueCapacity;

    /**
     * @param pool the refusing pool's name
     * @param reason why it refused the job
     * @param queueDepth the queue's depth when the job was refused
     * @param queueCapacity the queue's capacity then; {@code Integer.MAX_VALUE} for an unbounded queue
     * @param message the message, naming the pool, the depth and the capacity
     */
    public JobRejectedException(String pool, Reason reason, int queueDepth, int queueCapacity, String message) {
        this(pool, reason, queueDepth, queueCapacity, message, null);
    }

    /** As {@link #JobRejectedException(String, Reason, int, int, String)}, with the failure that caused the refusal. */
    public JobRejectedException(String pool, Reason reason, int queueDepth, int queueCapacity, String message,
            Throwable cause) {
        super(message, cause);
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

    /** The queue's capacity when the job was refused; {@code Integer.MAX_VALUE} for an unbounded queue. */
    public int queueCapacity() {
        return queueCapacity;
    }
}
