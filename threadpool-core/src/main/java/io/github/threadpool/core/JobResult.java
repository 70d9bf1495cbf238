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
