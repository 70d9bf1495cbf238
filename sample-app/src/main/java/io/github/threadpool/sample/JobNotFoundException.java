package io.github.threadpool.sample;

/** No job with this id in this pool: never accepted there, or its result was evicted. */
class JobNotFoundException extends RuntimeException {

    JobNotFoundException(String pool, long id) {
        super("No job " + id + " in pool '" + pool + "': it was never accepted there, or its result has been evicted");
    }

}
