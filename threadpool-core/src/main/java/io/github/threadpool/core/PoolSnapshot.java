package io.github.threadpool.core;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * An immutable view of a pool for monitoring, taken by {@link ThreadPool#snapshot()}.
 *
 * <p>Consistent where it matters: the job counts always satisfy
 * {@code submitted == queued + running + succeeded + failed + cancelled}, where {@code running} is
 * derived so that the identity holds; each other figure is exact at the moment it was read. Taking a
 * snapshot holds both of the queue's locks for a moment (O(workers)), as submitters and workers do for
 * a cancellation or a ring rebuild, and never waits for a job.
 *
 * @param name the pool's name
 * @param state the pool's run state
 * @param takenAt when the snapshot was taken
 * @param rejectionPolicy what a submission does when the queue is full
 * @param workers the workers
 * @param queue the queue
 * @param jobs the job counts since the pool started
 * @param results the result store
 */
public record PoolSnapshot(String name, PoolState state, Instant takenAt, RejectionPolicy rejectionPolicy,
        Workers workers, Queue queue, JobCounts jobs, Results results) {

    /**
     * The snapshot of a pool named {@code name} whose figures under both queue locks are {@code q}, with
     * {@code replaced} workers replaced, {@code rejected} refusals and the result store {@code store}.
     * The running count is derived here, so that the identity above holds.
     */
    static PoolSnapshot of(String name, RejectionPolicy rejectionPolicy, JobQueue.View q, long replaced, long rejected,
            ResultStore store) {
        List<PoolSnapshot.BusyWorker> busy = new ArrayList<>(q.busy());
        busy.sort(Comparator.comparing(PoolSnapshot.BusyWorker::runningFor).reversed());
        long finished = q.succeeded() + q.failed() + q.cancelled();
        long running = q.submitted() - q.depth() - finished; // never negative: see JobQueue.View
        PoolState state = RunState.poolState(q.runState());
        ResultStore.Figures stored = store.figures();
        return new PoolSnapshot(name, state, ThreadPool.instantOf(q.nowNanos()), rejectionPolicy,
                new PoolSnapshot.Workers(q.configured(), q.alive(), busy.size(), q.alive() - busy.size(),
                        replaced, busy),
                new PoolSnapshot.Queue(q.depth(), q.capacity(), Math.max(0, q.capacity() - q.depth()),
                        Duration.ofNanos(q.nowNanos() - q.oldestSubmittedNanos())),
                new PoolSnapshot.JobCounts(q.submitted(), q.depth(), running, q.succeeded(), q.failed(),
                        q.cancelled(), rejected),
                new PoolSnapshot.Results(stored.retained(), stored.evicted(), store.maxRetained(),
                        store.timeToLive()));
    }

    /**
     * The workers.
     *
     * @param configured the number the pool is sized to
     * @param alive worker threads alive now; above {@code configured} while surplus workers finish
     *        their last job after a shrink, below it after a shutdown, or after a worker died and its
     *        replacement could not be started (until the next {@link ThreadPool#setWorkers})
     * @param busy workers running a job's code, including a job cancelled while it ran until its code
     *        returns (a job that ignores the interrupt keeps its worker busy), so {@code busy} may exceed
     *        {@link JobCounts#running()}, which counts such a job as finished at once
     * @param idle alive workers not running a job's code
     * @param replaced workers that died outside a job and were replaced, since the pool started
     * @param busyWorkers each busy worker and its job, longest-running first
     */
    public record Workers(int configured, int alive, int busy, int idle, long replaced, List<BusyWorker> busyWorkers) {
        public Workers {
            busyWorkers = List.copyOf(busyWorkers);
        }
    }

    /**
     * A worker running a job.
     *
     * @param worker the worker thread's name
     * @param jobId the id of the job it runs
     * @param runningFor how long the job has run
     */
    public record BusyWorker(String worker, long jobId, Duration runningFor) { }

    /**
     * The queue.
     *
     * @param depth jobs waiting
     * @param capacity the most jobs that may wait; {@link Integer#MAX_VALUE} for an unbounded queue
     * @param remaining room left; 0 while a lowered capacity is still below the depth
     * @param oldestWait how long the oldest waiting job has waited; zero when the queue is empty
     */
    public record Queue(int depth, int capacity, int remaining, Duration oldestWait) {

        /** Whether the queue was built without a bound. */
        public boolean unbounded() {
            return capacity == Integer.MAX_VALUE;
        }
    }

    /**
     * Job counts since the pool started.
     *
     * @param submitted jobs accepted (refused submissions are not jobs; see {@code rejected})
     * @param queued jobs waiting
     * @param running jobs accepted and neither waiting nor finished
     * @param succeeded jobs that {@linkplain JobStatus#SUCCEEDED succeeded}
     * @param failed jobs that {@linkplain JobStatus#FAILED failed}
     * @param cancelled jobs {@linkplain JobStatus#CANCELLED cancelled}
     * @param rejected submissions refused
     */
    public record JobCounts(long submitted, long queued, long running, long succeeded, long failed, long cancelled,
            long rejected) {

        /** Jobs finished: {@code succeeded + failed + cancelled}. */
        public long finished() {
            return succeeded + failed + cancelled;
        }
    }

    /**
     * The result store.
     *
     * @param retained results retained now
     * @param evicted results evicted since the pool started
     * @param maxRetained the most results retained at once (0: the store is off)
     * @param timeToLive how long a result is retained at most
     */
    public record Results(int retained, long evicted, int maxRetained, Duration timeToLive) { }
}
