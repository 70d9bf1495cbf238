package io.github.threadpool.sample;

/** No job with this id: never accepted, or its result was evicted. */
class JobNotFoundException extends RuntimeException {

    JobNotFoundException(long id) {
        super("No job " + id + ": it was never accepted, or its result has been evicted");
    }

}
