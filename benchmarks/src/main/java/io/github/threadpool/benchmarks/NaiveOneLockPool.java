package io.github.threadpool.benchmarks;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The simplest pool that keeps results: one lock, one condition, an {@link ArrayDeque} of jobs, an id
 * per job handed out under the lock, and every finished job — {@code execute}d ones too — pushed with
 * its id to a {@link ConcurrentLinkedQueue}. The design this project started from, kept as a peer so
 * that the benchmarks show what the real pool's bookkeeping costs against it.
 *
 * <p>Unbounded, no statuses, no lookup by id, no resizing, no graceful shutdown: a baseline only.
 */
final class NaiveOneLockPool implements Pools.Target {

    private final ReentrantLock lock = new ReentrantLock();

    private final Condition notEmpty = this.lock.newCondition();

    /** Guarded by {@code lock}. */
    private final ArrayDeque<Job> jobs = new ArrayDeque<>();

    /** The last id handed out. Guarded by {@code lock}. */
    private long lastId;

    /** Guarded by {@code lock}. */
    private boolean closed;

    private final Queue<Job> results = new ConcurrentLinkedQueue<>();

    /** A job and its id: what the queue holds and what is pushed once it has run. */
    private static final class Job {
        final FutureTask<?> task;
        long id;

        Job(FutureTask<?> task) {
            this.task = task;
        }
    }

    private final Thread[] workers;

    NaiveOneLockPool(int workers) {
        this.workers = new Thread[workers];
        for (int i = 0; i < workers; i++) {
            this.workers[i] = new Thread(this::work, "one-lock-worker-" + (i + 1));
            this.workers[i].start();
        }
    }

    @Override
    public <T> Future<T> submit(Callable<T> job) {
        FutureTask<T> task = new FutureTask<>(job);
        enqueue(task);
        return task;
    }

    @Override
    public void execute(Runnable job) {
        enqueue(new FutureTask<>(job, null));
    }

    private void enqueue(FutureTask<?> task) {
        Job job = new Job(task);
        this.lock.lock();
        try {
            job.id = ++this.lastId;
            this.jobs.addLast(job);
            this.notEmpty.signal();
        }
        finally {
            this.lock.unlock();
        }
    }

    private void work() {
        while (true) {
            Job job;
            this.lock.lock();
            try {
                while ((job = this.jobs.pollFirst()) == null) {
                    if (this.closed) {
                        return;
                    }
                    this.notEmpty.awaitUninterruptibly();
                }
            }
            finally {
                this.lock.unlock();
            }
            job.task.run();
            this.results.add(job);
        }
    }

    @Override
    public void close() {
        this.lock.lock();
        try {
            this.closed = true;
            this.jobs.clear();
            this.notEmpty.signalAll();
        }
        finally {
            this.lock.unlock();
        }
    }

}
