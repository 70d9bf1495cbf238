package io.github.threadpool.core;

import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The pool's account of its accepted jobs: the live ones by id ({@link LiveIndex}), the outcome
 * counts, and the recording of each finished job's result in the {@link ResultStore}.
 *
 * <p>Guarded by the queue's locks, which it is given: a job is added under the put lock, as it is
 * accepted and before it is published in the ring; it is settled — recorded, counted and dropped from
 * the live index, in that order — under the take lock, which serialises the store's recorders, and
 * always before its final state is published. So the live index holds exactly the accepted jobs whose
 * results are not yet recorded, {@code findJob} finds every job in one of the two, and
 * {@code submitted = queued + running + finished} holds in every view taken under both locks.
 */
final class Ledger {

    private final ReentrantLock putLock;
    private final ReentrantLock takeLock;
    private final ResultStore results;
    private final LiveIndex live;
    /** Outcomes of the jobs settled so far: guarded by the take lock, on a cache line of their own. */
    private final Counts counts = new Counts();

    abstract static class CountFields extends LinePadding {
        long succeeded;
        long failed;
        long cancelled;
    }

    static final class Counts extends CountFields {
        long q01, q02, q03, q04, q05, q06, q07, q08;
    }

    Ledger(ReentrantLock putLock, ReentrantLock takeLock, ResultStore results) {
        this.putLock = putLock;
        this.takeLock = takeLock;
        this.results = results;
        this.live = new LiveIndex(putLock, takeLock);
    }

    /** A job accepted, with its id: live from now on. */
    void accepted(PoolJob<?> job) {
        assert putLock.isHeldByCurrentThread();
        live.add(job);
    }

    /** A job whose outcome is decided: records its result, counts it, and drops it from the live index. */
    void settle(PoolJob<?> job, int finalState) {
        assert takeLock.isHeldByCurrentThread();
        results.record(job);
        switch (finalState) {
            case PoolJob.SUCCEEDED:
                counts.succeeded++;
                break;
            case PoolJob.FAILED:
                counts.failed++;
                break;
            default:
                counts.cancelled++;
                break;
        }
        live.remove(job); // after the record: findJob now finds it in the store
    }

    /** A live job that leaves without a result of its own to record (its dying worker's, already settled by its finisher). */
    void forget(PoolJob<?> job) {
        assert takeLock.isHeldByCurrentThread();
        live.remove(job);
    }

    /** The live job with this id, or null. O(1), lock-free. */
    PoolJob<?> find(long id) {
        return live.find(id);
    }

    /** The live jobs, in no order. Both locks held. */
    List<PoolJob<?>> liveJobs() {
        assert putLock.isHeldByCurrentThread() && takeLock.isHeldByCurrentThread();
        return live.jobs();
    }

    /** How many jobs are live. Both locks held. */
    int liveCount() {
        assert putLock.isHeldByCurrentThread() && takeLock.isHeldByCurrentThread();
        return live.size();
    }

    /** For tests: the live index's table length. */
    int liveCapacity() {
        return live.capacity();
    }

    long succeeded() {
        assert takeLock.isHeldByCurrentThread();
        return counts.succeeded;
    }

    long failed() {
        assert takeLock.isHeldByCurrentThread();
        return counts.failed;
    }

    long cancelled() {
        assert takeLock.isHeldByCurrentThread();
        return counts.cancelled;
    }
}
