package io.github.threadpool.sample;

import org.jspecify.annotations.Nullable;

/** A cancel of another instance's job that the instance did not answer: it holds its lease, so the job may still run. */
class JobOwnerUnreachableException extends RuntimeException {

    JobOwnerUnreachableException(String pool, long id, @Nullable String instance) {
        super("Job " + id + " in pool '" + pool + "' belongs to instance " + instance
                + ", which did not answer the cancel in time: the job may still be running; try again");
    }

}
