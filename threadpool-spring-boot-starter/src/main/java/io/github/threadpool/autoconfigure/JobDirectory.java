package io.github.threadpool.autoconfigure;

import java.util.Optional;

/**
 * Finds and cancels a job by its pool and id. The starter always defines one: over this instance's
 * pools alone, or — with {@code threadpool.fleet.enabled=true} — over the whole fleet, this instance's
 * pools first, then the records every instance mirrors to Redis. What the actuator endpoint's and an
 * application's lookups by id go through.
 */
public interface JobDirectory {

    /**
     * The job with this id in the pool named {@code pool}: queued, running or retained here, or (in a
     * fleet) mirrored by any instance and not yet expired. Empty if no such job is known.
     */
    Optional<JobRecord> find(String pool, long id);

    /**
     * Cancels the job with this id, wherever it runs, as {@link io.github.threadpool.core.ThreadPool#cancel(long, boolean)}
     * would on its own instance, and says honestly what happened.
     */
    CancelOutcome cancel(String pool, long id, boolean mayInterruptIfRunning);
}
