package io.github.threadpool.core;

/** The pool's run state, as reported by {@link ThreadPool#snapshot()}. */
public enum PoolState {

    /** Accepting jobs. */
    RUNNING,

    /** Shut down: refusing jobs, finishing (or cancelling) those already accepted. */
    SHUTTING_DOWN,

    /**
     * Shut down, every worker has exited and every accepted job has finished — those run by other
     * threads ({@code CALLER_RUNS} submitters, callers of {@code run()}) too: as {@link ThreadPool#isTerminated()}.
     */
    TERMINATED
}
