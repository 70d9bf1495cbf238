package io.github.threadpool.core;

import java.time.Duration;
import java.time.Instant;

/**
 * A job's status and outcome: its value or error, when it was submitted, started and finished, and
 * which thread ran it.
 *
 * <p>The {@link ResultStore} holds only finished jobs, whose every accessor returns the same answer on
 * every call and in every thread. {@link ThreadPool#findJob(long)} may also return a job still queued
 * or running: its status then moves on, and the accessors of what has not happened yet return
 * {@code null} (or zero).
 *
 * <p>Times come from {@link System#nanoTime()}, read once at submission, once at the finish, and at
 * the start unless the worker takes the job the moment it finishes its previous one (then that finish
 * is the start, or the submission if later). Start and finish are kept as offsets from the submission:
 * to the nanosecond below about 1.07 s, to about a millisecond (2^20 ns) beyond that.
 */
public interface JobResult {

    /** The job's id. */
    long id();

    /** The job's terminal status. */
    JobStatus status();

    /** The value returned by a {@link JobStatus#SUCCEEDED} job; {@code null} for any other status. */
    Object value();

    /** The throwable of a {@link JobStatus#FAILED} job; {@code null} for any other status. */
    Throwable error();

    /** When the pool accepted the job. */
    Instant submittedAt();

    /** When a thread started the job, or {@code null} if it was cancelled before it started. */
    Instant startedAt();

    /** When the job reached its terminal status. */
    Instant finishedAt();

    /** How long the job waited in the queue: until it started, or until it was cancelled unstarted. */
    Duration queueWait();

    /** How long the job ran; {@link Duration#ZERO} if it never started. */
    Duration runTime();

    /** The name of the thread that ran the job, or {@code null} if it never started. */
    String workerName();
}
