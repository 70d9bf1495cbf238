package io.github.threadpool.core;

/**
 * Told of each accepted job's life: queued, started, finished. Added with
 * {@link ThreadPool.Builder#jobListener}; several run in the order added.
 *
 * <p>{@code queued} is called by the submitting thread once the job is accepted (also for a job a
 * {@code CALLER_RUNS} submitter runs at once); {@code started} by the thread about to run its body;
 * {@code finished} by the thread that finished it, once its outcome is final and recorded, before
 * {@code get()} returns. No queue lock is held. The three events of one job may reach a listener from
 * different threads, so {@code started} may arrive before {@code queued}: the {@link JobResult} passed
 * is the live job, whose {@link JobResult#status()} tells which is newest (QUEUED, then RUNNING, then a
 * terminal status). Listeners run on the pool's hot path and must be quick. What a listener throws —
 * any {@code Throwable}, checked ones included — is logged and ignored; it never changes the job.
 */
public interface JobListener {

    /** The job was accepted. */
    default void queued(JobResult job) {
    }

    /** A thread is about to run the job's body. */
    default void started(JobResult job) {
    }

    /** The job's outcome is final. */
    default void finished(JobResult job) {
    }
}
