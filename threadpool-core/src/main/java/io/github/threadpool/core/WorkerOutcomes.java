package io.github.threadpool.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * How many jobs one worker finished, by outcome. Written only by its worker — a read of its own field
 * and a release store, no atomic instruction — and read by snapshots, which add up every worker's
 * counts. A worker's counts outlive it (the pool keeps them), so totals never go down.
 */
final class WorkerOutcomes extends WorkerOutcomeFields {

    long q01, q02, q03, q04, q05, q06, q07, q08;

    private static final VarHandle SUCCEEDED;
    private static final VarHandle FAILED;
    private static final VarHandle CANCELLED;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            SUCCEEDED = lookup.findVarHandle(WorkerOutcomeFields.class, "succeeded", long.class);
            FAILED = lookup.findVarHandle(WorkerOutcomeFields.class, "failed", long.class);
            CANCELLED = lookup.findVarHandle(WorkerOutcomeFields.class, "cancelled", long.class);
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

/** The counts, between the padding of {@link LinePadding} and that of {@link WorkerOutcomes}. */
abstract class WorkerOutcomeFields extends LinePadding {
    volatile long succeeded;
    volatile long failed;
    volatile long cancelled;
}
