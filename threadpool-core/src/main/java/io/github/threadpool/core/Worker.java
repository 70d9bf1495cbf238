package io.github.threadpool.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A long-lived pool worker, run by one thread from the pool's {@link java.util.concurrent.ThreadFactory}
 * (a platform thread by default, or a virtual thread): takes a job, runs it, clears any interrupt the job left behind, and goes
 * back for the next one; while the queue is empty it searches briefly, yielding, and then parks
 * ({@link JobQueue#take}). It carries its job's finish time into the next take, which saves a clock
 * read when the next job is already waiting.
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

    private static final VarHandle CURRENT;

    static {
        try {
            CURRENT = MethodHandles.lookup().findVarHandle(Worker.class, "current", PoolJob.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * The job this worker is running, or {@code null} while it is idle. Published by the queue just
     * before the worker takes the job (so shutdown sees every job either queued or current) and
     * cleared after it; read by snapshots and by shutdown.
     */
    volatile PoolJob<?> current;

    /**
     * Set while this worker's job is inside {@link ThreadPool#shutdownGracefully}: a drain does not
     * wait for such a worker, nor cancel its job, since the job is the one asking.
     */
    volatile boolean inShutdownCall;

    /** The jobs this worker took and finished; kept by the queue after the worker exits. */
    final WorkerCounts counts = new WorkerCounts();

    /** Whether this worker is on the queue's idle stack; guarded by the queue's popLock once pushed. */
    volatile boolean parked;

    /** The next worker down the queue's idle stack. */
    Worker nextIdle;

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

    /**
     * A release store: cheaper than a volatile write, and enough, because what must follow it in other
     * threads' view (the queue's CAS on its head) is itself a full fence.
     */
    void publishCurrent(PoolJob<?> job) {
        CURRENT.setRelease(this, job);
    }

    boolean belongsTo(ThreadPool candidate) {
        return pool == candidate;
    }

    @Override
    public void run() {
        Throwable death = null;
        SELF.set(this);
        try {
            PoolJob<?> job;
            long freeSince = System.nanoTime();
            while ((job = queue.take(this, freeSince)) != null) {
                freeSince = job.execute(thread);
                publishCurrent(null);
                Thread.interrupted(); // a cancel or the job itself may have set it; the next job starts clean
            }
        } catch (Throwable t) {
            death = t;
        } finally {
            SELF.remove();
            pool.workerExited(this, death);
        }
    }
}
