package io.github.threadpool.core;

/**
 * What the calling thread is doing for a pool: which job's body it runs, for {@link Job#current()},
 * and whether it is inside a pool callback, for {@link PoolJob#cancel}.
 */
final class CurrentJob {

    /*
     * A worker's job is a plain field of the worker (Worker.running), written around the body by
     * PoolJob.execute: one plain write each way, no thread-local on the hot path. Any other thread that
     * runs a job's body — a CALLER_RUNS submitter, a caller of run() — holds the job in its Frame,
     * saved and restored around the body, as a job's body may run() another job. A thread running a
     * pool callback (a listener, a completion stage) holds IN_CALLBACK there: no job's body runs
     * inside a callback, so Job.current() is empty, on a worker too; and it counts the callbacks it is
     * inside, which a job's body run from a callback does not reset: a cancel there must not wait
     * either. One thread-local, one lookup per enter and exit; a thread keeps its Frame once it has
     * one, which holds no job between calls.
     */

    /** Per thread: read and written by that thread only. */
    private static final class Frame {
        /** The job whose body this thread (not a worker of the job's) runs, IN_CALLBACK, or null. */
        PoolJob<?> elsewhere;
        /** How many pool callbacks this thread is inside. */
        int callbacks;
    }

    private static final ThreadLocal<Frame> FRAME = ThreadLocal.withInitial(Frame::new);

    /** In {@link Frame#elsewhere} while the thread runs a pool callback. */
    private static final PoolJob<?> IN_CALLBACK = PoolJob.sentinel();

    private CurrentJob() {
    }

    /** The job whose body the calling thread runs, or null. */
    static PoolJob<?> get() {
        PoolJob<?> elsewhere = FRAME.get().elsewhere;
        if (elsewhere != null) {
            return elsewhere == IN_CALLBACK ? null : elsewhere;
        }
        Worker worker = Worker.current();
        return worker != null ? worker.running : null;
    }

    /** Whether the calling thread is inside a pool callback (see {@link #enterCallback}). */
    static boolean inCallback() {
        return FRAME.get().callbacks != 0;
    }

    /** The calling thread, not a worker of the job's, is about to run {@code job}'s body; returns what {@link #exit} restores. */
    static PoolJob<?> enter(PoolJob<?> job) {
        Frame frame = FRAME.get();
        PoolJob<?> outer = frame.elsewhere;
        frame.elsewhere = job;
        return outer;
    }

    /** Undoes {@link #enter}. */
    static void exit(PoolJob<?> outer) {
        FRAME.get().elsewhere = outer;
    }

    /** Marks the calling thread as running a pool callback; returns what {@link #exitCallback} restores. */
    static PoolJob<?> enterCallback() {
        Frame frame = FRAME.get();
        PoolJob<?> outer = frame.elsewhere;
        frame.elsewhere = IN_CALLBACK;
        frame.callbacks++;
        return outer;
    }

    /** Undoes {@link #enterCallback}. */
    static void exitCallback(PoolJob<?> outer) {
        Frame frame = FRAME.get();
        frame.elsewhere = outer;
        frame.callbacks--;
    }
}
