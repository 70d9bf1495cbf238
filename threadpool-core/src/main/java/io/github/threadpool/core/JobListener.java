package io.github.threadpool.core;

/**
 * Told of each accepted job's life: queued, started, finished. Added with
 * {@link ThreadPool.Builder#jobListener(JobListener)}; for metrics, audit and mirroring jobs elsewhere.
 *
 * <p>{@code queued} is called by the submitting thread after the job is accepted (also for a job a
 * {@code CALLER_RUNS} submitter runs at once), {@code started} by the thread about to run its body, and
 * {@code finished} by the thread that decided its outcome, once it is final (as a completion listener).
 * No queue lock is held. The three events of one job may reach a listener from different threads, so
 * {@code started} may arrive before {@code queued}: the {@link JobResult} passed is the live job, whose
 * {@code status()} tells which is newest ({@code QUEUED < RUNNING <} terminal).
 *
 * <p>Listeners run on the pool's hot path and must be quick. What one throws (any {@link Throwable}) is
 * logged and ignored; it never changes the job.
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
