package io.github.threadpool.core;

/**
 * A long-lived pool thread: takes a job, runs it, clears any interrupt the job left behind, and goes
 * back for the next one, blocking (never spinning) while the queue is empty.
 *
 * <p>A job's failure is the job's outcome, never the worker's: {@link PoolJob#runBy} catches every
 * {@code Throwable} a job throws. A worker therefore dies only if something outside a job throws —
 * an {@link Thread.UncaughtExceptionHandler} reporting an {@code execute} failure, or an
 * {@link Error} in the pool's own bookkeeping — and the pool then replaces it.
 */
final class Worker extends Thread {

    private final ThreadPool pool;
    private final JobQueue queue;

    /**
     * The job this worker is running, or {@code null} while it is idle. Written under the queue lock
     * when a job is taken (so shutdown sees every job either queued or current) and cleared by the
     * worker after the job; read by snapshots and by shutdown.
     */
    volatile PoolJob<?> current;

    /**
     * Set while this worker's job is inside {@link ThreadPool#shutdownGracefully}: a drain does not
     * wait for such a worker, nor cancel its job, since the job is the one asking.
     */
    volatile boolean inShutdownCall;

    Worker(ThreadPool pool, JobQueue queue, String name) {
        super(name);
        this.pool = pool;
        this.queue = queue;
    }

    @Override
    public void run() {
        Throwable death = null;
        try {
            PoolJob<?> job;
            while ((job = queue.take(this)) != null) {
                job.runBy(this);
                current = null;
                Thread.interrupted(); // a cancel or the job itself may have set it; the next job starts clean
            }
        } catch (Throwable t) {
            death = t;
        } finally {
            pool.workerExited(this, death);
        }
    }
}
