package io.github.threadpool.core;

import java.lang.System.Logger.Level;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The pool's one registry of workers: starts them (at build, on a resize, to replace one that died,
 * or on a submission that finds none alive), retires them on a lowered count, and counts those
 * replaced and those owed (died, replacement failed).
 *
 * <p>{@link #resizeLock} serialises resizes and worker starts (a dying worker's replacement excepted).
 * A worker is counted in {@link #alive} before the run state is read, so a start racing
 * shutdown never revives a terminated pool. Locks nest in one direction only: {@code resizeLock},
 * then the queue's put lock, then its take lock. The queue keeps its own array of the same workers,
 * guarded by its take lock, for what a worker does at each take (claims, retirement, snapshots).
 */
final class Workers {

    private final ThreadPool pool;
    private final String name;
    private final JobQueue queue;
    private final Lifecycle lifecycle;
    private final ThreadFactory threadFactory;
    private final Thread.UncaughtExceptionHandler uncaughtExceptionHandler;
    private final int maxWorkers;

    /** Live workers: added before start, removed as they exit. */
    private final Set<Worker> workers = ConcurrentHashMap.newKeySet();
    private final AtomicInteger alive = new AtomicInteger();
    private final AtomicLong workersReplaced = new AtomicLong();
    /**
     * Workers that died and whose replacement could not be started: the next {@code setWorkers}
     * starts them (whatever count it asks for), so a pool the thread factory failed once can be made
     * whole again. Incremented by the dying worker, taken whole under resizeLock.
     */
    private final AtomicInteger workersOwed = new AtomicInteger();

    private final Object resizeLock = new Object();
    private volatile int configuredWorkers; // written under resizeLock

    Workers(ThreadPool pool, JobQueue queue, Lifecycle lifecycle, ThreadFactory threadFactory,
            Thread.UncaughtExceptionHandler uncaughtExceptionHandler, int maxWorkers) {
        this.pool = pool;
        this.name = pool.name();
        this.queue = queue;
        this.lifecycle = lifecycle;
        this.threadFactory = threadFactory;
        this.uncaughtExceptionHandler = uncaughtExceptionHandler;
        this.maxWorkers = maxWorkers;
    }

    /**
     * Starts the pool's first {@code count} workers; if one cannot be started, stops and waits for those
     * started so far and throws, so a failed build leaves no thread behind.
     */
    void startFirst(int count) {
        synchronized (resizeLock) {
            try {
                for (int i = 0; i < count; i++) {
                    startWorker();
                }
            } catch (Throwable e) {
                lifecycle.abandonBuild();
                throw e;
            }
            configuredWorkers = count;
        }
    }

    /** Workers alive now: started and not yet exited. */
    int alive() {
        return alive.get();
    }

    /** The count set by the build or the last resize. */
    int configured() {
        return configuredWorkers;
    }

    /** Workers that died outside a job and were replaced. */
    long replaced() {
        return workersReplaced.get();
    }

    /** Platform, non-daemon threads named {@code prefix + n}, n = 1, 2, ... */
    static ThreadFactory defaultThreadFactory(String prefix) {
        AtomicInteger numbers = new AtomicInteger();
        return (Runnable worker) -> new Thread(worker, prefix + numbers.incrementAndGet());
    }

    /**
     * No worker is alive: the last one died and its replacement could not be started. Starts one of
     * the workers owed now, as {@code ThreadPoolExecutor} retries on its next {@code execute}; if that
     * fails too, refuses the job, which nobody would run.
     */
    void restoreAWorker() {
        synchronized (resizeLock) {
            if (alive.get() != 0 || lifecycle.isShutdown()) {
                return; // restored meanwhile, or shut down: the offer refuses it
            }
            startWorker(); // throws IllegalStateException if it cannot: the pool refuses the job
            workersOwed.updateAndGet(owed -> Math.max(0, owed - 1));
            ThreadPool.LOG.log(Level.WARNING, "Pool '" + name + "' had no live worker; a submission started one");
        }
    }

    /**
     * Starts one worker, or throws and leaves no trace of it: a factory that throws or returns
     * {@code null}, or a {@code start()} that fails ({@code OutOfMemoryError: unable to create native
     * thread}), undoes the worker's count. A worker is counted alive before the queue's state is checked,
     * so one started as the pool shuts down either sees the pool shut down (and is not started) or was
     * alive before the pool could count as terminated: {@code isTerminated()} never goes back to false.
     * A replacement for a dying worker is started even after shutdown — the queue may still hold jobs
     * to drain — and cannot revive a terminated pool, since the dying worker is still counted alive.
     *
     * @throws IllegalStateException if the thread could not be created or started, or the pool is shut
     *         down and this is not a replacement
     */
    private void startWorker() {
        startWorker(false);
    }

    private void startWorker(boolean replacement) {
        Worker worker = new Worker(pool, queue);
        Thread thread;
        try {
            thread = threadFactory.newThread(worker);
        } catch (Throwable e) { // a factory may throw a checked exception it did not declare
            throw new IllegalStateException("Pool '" + name + "': its thread factory failed to create a worker thread: "
                    + e, e);
        }
        if (thread == null) {
            throw new IllegalStateException("Pool '" + name + "': its thread factory returned null instead of a worker thread");
        }
        worker.thread = thread;
        if (uncaughtExceptionHandler != null) {
            thread.setUncaughtExceptionHandler(uncaughtExceptionHandler);
        }
        alive.incrementAndGet();
        workers.add(worker);
        if (!replacement && lifecycle.isShutdown()) {
            forgetWorker(worker);
            throw new IllegalStateException("Pool '" + name + "' is shut down; it starts no more workers");
        }
        queue.register(worker);
        try {
            thread.start();
        } catch (Throwable e) {
            forgetWorker(worker);
            throw new IllegalStateException("Pool '" + name + "' could not start a worker thread: " + e, e);
        }
    }

    /** Undoes the counting of a worker whose thread never ran. */
    private void forgetWorker(Worker worker) {
        queue.died(worker);
        workers.remove(worker);
        alive.decrementAndGet();
        lifecycle.wakeExitWaiters();
    }

    Worker ownWorker() {
        Worker current = Worker.current();
        return current != null && current.belongsTo(pool) ? current : null;
    }

    private void requireRunning() {
        if (lifecycle.isShutdown()) {
            throw new IllegalStateException("Pool '" + name + "' is shut down; it cannot be resized");
        }
    }

    /**
     * All or nothing: see {@link ThreadPool#setWorkers(int)}. Workers that died
     * unreplaced are owed on top of the change in the configured count: they are started here, or
     * netted against a shrink, so alive converges on {@code workers} either way.
     */
    private void applyWorkers(int workers) {
        assert Thread.holdsLock(resizeLock);
        int owed = workersOwed.getAndSet(0);
        int delta = workers - configuredWorkers + owed;
        if (delta > 0) {
            int added = queue.withdrawRetirement(delta);
            try {
                for (; added < delta; added++) {
                    startWorker();
                }
            } catch (Throwable e) {
                queue.requestRetirement(added); // back to the count before this call
                workersOwed.addAndGet(owed);
                throw e;
            }
            configuredWorkers = workers; // after the starts: a snapshot never sees alive < configured
        } else {
            configuredWorkers = workers; // before the retirements, for the same reason
            if (delta < 0) {
                queue.requestRetirement(-delta);
            }
        }
    }

    /**
     * The threads of this pool's live workers (O(workers), once per shutdown call): a runner is one of
     * the pool's workers only if it is in here, whatever its thread's class.
     */
    Set<Thread> threads() {
        Set<Thread> threads = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Worker worker : workers) {
            threads.add(worker.thread);
        }
        return threads;
    }

    boolean hasWorkingWorker(Set<Thread> askingThreads) {
        for (Worker worker : workers) {
            if (!askingThreads.contains(worker.thread)) {
                return true;
            }
        }
        return false;
    }

    /** Called by every worker as it exits, normally (retired, or shut down with the queue empty) or by dying. */
    void exited(Worker worker, Throwable death) {
        if (death != null) {
            PoolJob<?> job = worker.current;
            if (job != null) {
                job.abandon(death);
            }
            queue.died(worker);
            try {
                startWorker(true); // before this one leaves, so the pool is never left without workers
                workersReplaced.incrementAndGet();
                ThreadPool.LOG.log(Level.WARNING, "Pool '" + name + "': worker " + worker.name()
                        + " died and was replaced", death);
            } catch (Throwable e) {
                e.addSuppressed(death);
                workersOwed.incrementAndGet();
                ThreadPool.LOG.log(Level.ERROR, "Pool '" + name + "': worker " + worker.name()
                        + " died and could not be replaced; the next resize (with any worker count) starts it", e);
            }
        }
        workers.remove(worker);
        alive.decrementAndGet();
        if (death != null && alive.get() == 0 && !lifecycle.isShutdown() && queue.depth() > 0) {
            retryForQueuedJobs(); // jobs accepted while this worker was dying would wait for the next submission
        }
        lifecycle.cancelQueuedJobsIfNoWorkerIsAlive();
        lifecycle.wakeExitWaiters();
    }

    /** The last worker died unreplaced with jobs queued: one more start, else they wait for the next submission's. */
    private void retryForQueuedJobs() {
        try {
            restoreAWorker();
        } catch (RuntimeException | Error e) {
            ThreadPool.LOG.log(Level.ERROR, "Pool '" + name + "' has no live worker and could not start one; its "
                    + queue.depth() + " queued job(s) wait until the next submission or resize starts one", e);
        }
    }

    void setWorkers(int workers) {
        PoolSettings.requireWorkers(workers, maxWorkers);
        synchronized (resizeLock) {
            requireRunning();
            applyWorkers(workers);
        }
    }

    void setQueueCapacity(int capacity) {
        PoolSettings.requireAtLeast("queueCapacity", capacity, 1);
        synchronized (resizeLock) {
            requireRunning();
            queue.setCapacity(capacity);
        }
    }

    void resize(int workers, int capacity) {
        PoolSettings.requireWorkers(workers, maxWorkers);
        PoolSettings.requireAtLeast("queueCapacity", capacity, 1);
        synchronized (resizeLock) {
            requireRunning();
            applyWorkers(workers);
            queue.setCapacity(capacity);
        }
    }
}
