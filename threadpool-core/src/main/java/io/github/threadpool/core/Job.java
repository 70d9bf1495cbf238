package io.github.threadpool.core;

import java.util.Optional;
import java.util.concurrent.Future;

/**
 * A job accepted by a {@link ThreadPool}: a {@link Future} with an id and a status.
 *
 * <p>Ids are unique within a pool, start at 1 and increase in the order in which the pool accepted
 * the jobs, which is also the order in which workers take them from the queue.
 *
 * <p>Thread-safe: any thread may query or cancel a job. Cancelling a queued job removes it from the
 * queue, so it never runs; cancelling a running job with {@code mayInterruptIfRunning} interrupts
 * the worker running it, which clears the interrupt before it takes its next job.
 *
 * @param <T> the type of the job's value
 */
public interface Job<T> extends Future<T> {

    /** The job's id, unique within its pool. */
    long id();

    /** The job's current status; once terminal it never changes. */
    JobStatus status();

    /**
     * The job whose body the calling thread is running — on a worker, on a {@code CALLER_RUNS}
     * submitter, or on a caller of {@code run()} — or empty anywhere else, including inside job and
     * completion listeners.
     */
    static Optional<Job<?>> current() {
        return Optional.ofNullable(CurrentJob.get());
    }
}
