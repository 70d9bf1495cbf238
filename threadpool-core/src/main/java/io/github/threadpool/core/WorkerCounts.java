package io.github.threadpool.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * How many jobs one worker finished, by outcome. Written only by its worker — a read of its own field
 * and a release store, no atomic instruction, no lock — and read by snapshots under the queue's lock.
 * When the worker exits, the queue folds these counts into its own totals (under its lock, in the
 * same step that drops the worker), so totals never go down and no exited worker is kept.
 */
final class WorkerCounts extends WorkerCountFields {

    long q01, q02, q03, q04, q05, q06, q07, q08;

    private static final VarHandle SUCCEEDED;
    private static final VarHandle FAILED;
    private static final VarHandle CANCELLED;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            SUCCEEDED = lookup.findVarHandle(WorkerCountFields.class, "succeeded", long.class);
            FAILED = lookup.findVarHandle(WorkerCountFields.class, "failed", long.class);
            CANCELLED = lookup.findVarHandle(WorkerCountFields.class, "cancelled", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
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
    volatile long succeeded;
    volatile long failed;
    volatile long cancelled;
}
