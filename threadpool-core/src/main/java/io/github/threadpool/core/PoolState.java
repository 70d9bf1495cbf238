package io.github.threadpool.core;

/** The pool's run state, as reported by {@link ThreadPool#snapshot()}. */
public enum PoolState {

    /** Accepting jobs. */
    RUNNING,

    /** Shut down: refusing jobs, finishing (or cancelling) those already accepted. */
    SHUTTING_DOWN,

    /** Shut down, and every worker has exited. */
    TERMINATED
}
