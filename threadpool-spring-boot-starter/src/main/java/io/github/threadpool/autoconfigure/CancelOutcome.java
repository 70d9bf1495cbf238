package io.github.threadpool.autoconfigure;

import org.jspecify.annotations.Nullable;

/**
 * What a {@link JobDirectory#cancel} did.
 *
 * @param result what happened
 * @param job the job as it now stands, when it is known (always for {@code CANCELLED} and {@code FINISHED},
 *        unless its pool retains no results)
 * @param instance the instance that owns the job, when it is known; {@code null} outside a fleet
 */
public record CancelOutcome(Result result, @Nullable JobRecord job, @Nullable String instance) {

    /** What happened. */
    public enum Result {

        /** The job was queued or running, and is now cancelled. */
        CANCELLED,

        /** The job had already finished (its status says how, {@code LOST} included): nothing to cancel. */
        FINISHED,

        /** No such job is known: never accepted, or its record has expired. */
        NOT_FOUND,

        /** The job's instance holds a lease but did not answer in time: the job may still be running. */
        OWNER_UNREACHABLE
    }
}
