package io.github.threadpool.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * How many jobs one worker took from the queue, and how many it finished, by outcome. Written only by
 * its worker — a read of its own field and a release store, no atomic instruction — and read by the
 * queue (its depth) and by snapshots, which add up every worker's counts. A worker's counts outlive it
 * (the queue keeps them), so totals never go down.
 */
final class WorkerCounts extends WorkerCountFields {

    long q01, q02, q03, q04, q05, q06, q07, q08;

    private static final VarHandle TAKEN;
    private static final VarHandle SUCCEEDED;
    private static final VarHandle FAILED;
    private static final VarHandle CANCELLED;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            TAKEN = lookup.findVarHandle(WorkerCountFields.class, "taken", long.class);
            SUCCEEDED = lookup.findVarHandle(WorkerCountFields.class, "succeeded", long.class);
            FAILED = lookup.findVarHandle(WorkerCountFields.class, "failed", long.class);
            CANCELLED = lookup.findVarHandle(WorkerCountFields.class, "cancelled", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Called by the owning worker only, once it has claimed a job from the queue. */
    void tookOne() {
        TAKEN.setRelease(this, taken + 1);
    }

    /** Called by the owning worker only. */
    void record(int finalState) {
        switch (finalState) {
            case PoolJob.SUCCEEDED:
                SUCCEEDED.setRelease(this, succeeded + 1);
                break;
            case PoolJob.FAILED:
                FAILED.setRelease(this, failed + 1);
                break;
            default:
                CANCELLED.setRelease(this, cancelled + 1);
                break;
        }
    }

    long taken() {
        return taken;
    }

    long succeeded() {
        return succeeded;
    }

    long failed() {
        return failed;
    }

    long cancelled() {
        return cancelled;
    }
}

/** The counts, between the padding of {@link LinePadding} and that of {@link WorkerCounts}. */
abstract class WorkerCountFields extends LinePadding {
    volatile long taken;
    volatile long succeeded;
    volatile long failed;
    volatile long cancelled;
}
