package io.github.threadpool.core;

/**
 * What a submission does when the queue is full. A submission after shutdown is always rejected
 * with a {@link java.util.concurrent.RejectedExecutionException}, whatever the policy.
 */
public enum RejectionPolicy {

    /** Throw a {@link java.util.concurrent.RejectedExecutionException} naming the pool, its capacity and its depth. */
    ABORT,

    /**
     * Run the job in the submitting thread. Back-pressure for producers that can afford to wait; the
     * job still gets an id, a status and a recorded result.
     */
    CALLER_RUNS,

    /**
     * Wait up to the pool's block timeout for space, then reject as {@link #ABORT} does. Back-pressure
     * with a bound on how long a producer can be held.
     */
    BLOCK
}
