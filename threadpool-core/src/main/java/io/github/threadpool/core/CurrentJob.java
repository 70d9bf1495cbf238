package io.github.threadpool.core;

/**
 * Which job's body the calling thread is running, for {@link Job#current()}.
 */
final class CurrentJob {

    /*
     * A worker's job is a plain field of the worker (Worker.running), written around the body by
     * PoolJob.execute: one plain write each way, no thread-local on the hot path. Any other thread that
     * runs a job's body — a CALLER_RUNS submitter, a caller of run() — holds the job in RUN_ELSEWHERE,
     * saved and restored around the body, as a job's body may run() another job. A thread running a
     * pool callback (a listener, a completion stage) holds IN_CALLBACK there: no job's body runs
     * inside a callback, so Job.current() is empty, on a worker too.
     */

    /** The job whose body a thread other than a worker runs, or IN_CALLBACK; read and written by that thread only. */
    private static final ThreadLocal<PoolJob<?>> RUN_ELSEWHERE = new ThreadLocal<>();

    /** In {@link #RUN_ELSEWHERE} while the thread runs a pool callback. */
    private static final PoolJob<?> IN_CALLBACK = PoolJob.sentinel();

    private CurrentJob() {
    }

    /** The job whose body the calling thread runs, or null. */
    static PoolJob<?> get() {
        PoolJob<?> elsewhere = RUN_ELSEWHERE.get();
        if (elsewhere != null) {
            return elsewhere == IN_CALLBACK ? null : elsewhere;
        }
        Worker worker = Worker.current();
        return worker != null ? worker.running : null;
    }

    /** The calling thread, not a worker of the job's, is about to run {@code job}'s body; returns what {@link #exit} restores. */
    static PoolJob<?> enter(PoolJob<?> job) {
        PoolJob<?> outer = RUN_ELSEWHERE.get();
        RUN_ELSEWHERE.set(job);
        return outer;
    }

    /** Marks the calling thread as running a pool callback; returns what {@link #exit} restores. */
    static PoolJob<?> enterCallback() {
        return enter(IN_CALLBACK);
    }

    /** Undoes {@link #enter} or {@link #enterCallback}. */
    static void exit(PoolJob<?> outer) {
        if (outer == null) {
            RUN_ELSEWHERE.remove();
        } else {
            RUN_ELSEWHERE.set(outer);
        }
    }
}
