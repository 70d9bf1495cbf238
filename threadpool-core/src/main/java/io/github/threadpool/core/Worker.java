package io.github.threadpool.core;

import java.util.function.Consumer;

/**
 * A long-lived pool worker, run by one thread from the pool's {@link java.util.concurrent.ThreadFactory}
 * (a platform thread by default, or a virtual thread): asks the queue for a job ({@link JobQueue#take}, which waits on a
 * condition while there is none — no spinning, no yielding), runs it, and goes back for the next one,
 * handing the finished job back in the same call, so a job costs one lock round trip. The queue
 * clears any stray interrupt before it hands over a job, so a job never starts interrupted.
 *
 * <p>A job's failure is the job's outcome, never the worker's: {@link PoolJob#execute} catches every
 * {@code Throwable} a job throws. A worker therefore dies only if something outside a job throws —
 * an {@link Thread.UncaughtExceptionHandler} reporting an {@code execute} failure, or an
 * {@link Error} in the pool's own bookkeeping — and the pool then replaces it.
 */
final class Worker implements Runnable {

    /** The worker the current thread runs, if any: set for the whole of {@link #run}. */
    private static final ThreadLocal<Worker> SELF = new ThreadLocal<>();


    private final ThreadPool pool;
    private final JobQueue queue;

    /**
     * The job this worker is running (or has run, until it hands it back), or {@code null} while it is
     * idle. Written only under the queue's take lock, by this worker: set as it claims a job, cleared when
     * it comes back for the next. Read by this worker, and by others only under the lock.
     */
    PoolJob<?> current;

    /**
     * The job whose body this worker is running right now, for {@link Job#current()}: written and
     * read by this worker's thread only, just around the body (not while a listener runs).
     */
    PoolJob<?> running;

    /** Whether the queue counts this worker as alive. Guarded by the queue's take lock. */
    boolean registered;

    /**
     * The thread that runs this worker, from the pool's thread factory. Set once, before that thread is
     * started (its start publishes it to the worker), and by the pool before it publishes the worker.
     */
    Thread thread;

    Worker(ThreadPool pool, JobQueue queue) {
        this.pool = pool;
        this.queue = queue;
    }

    /** The worker run by the current thread, or {@code null} if it runs none. */
    static Worker current() {
        return SELF.get();
    }

    String name() {
        return thread.getName();
    }

    boolean belongsTo(ThreadPool candidate) {
        return pool == candidate;
    }

    @Override
    public void run() {
        Throwable death = null;
        SELF.set(this);
        try {
            long finished = 0L;
            Consumer<Worker> hook = queue.beforeTake; // a test hook, else null: read once
            for (;;) {
                if (hook != null) {
                    hook.accept(this);
                }
                if (queue.take(this, finished) == null) {
                    break;
                }
                finished = current.execute(thread, this); // no local: an idle worker's stack holds no finished job
            }
        } catch (Throwable t) {
            death = t;
        } finally {
            SELF.remove();
            pool.workerExited(this, death);
        }
    }
}
