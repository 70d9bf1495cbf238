package io.github.threadpool.autoconfigure;

import java.util.Optional;

import io.github.threadpool.core.JobResult;
import io.github.threadpool.core.ThreadPool;
import org.jspecify.annotations.Nullable;

/** The {@link JobDirectory} of one instance: its own pools, nothing else. */
public final class LocalJobDirectory implements JobDirectory {

    private final ThreadPools pools;

    private final @Nullable String instance;

    /**
     * @param pools this instance's pools
     * @param instance the name records carry as their instance, or null outside a fleet
     */
    public LocalJobDirectory(ThreadPools pools, @Nullable String instance) {
        this.pools = pools;
        this.instance = instance;
    }

    @Override
    public Optional<JobRecord> find(String pool, long id) {
        return this.pools.find(pool).flatMap((found) -> found.findJob(id))
            .map((job) -> JobRecord.local(pool, job, this.instance));
    }

    @Override
    public CancelOutcome cancel(String pool, long id, boolean mayInterruptIfRunning) {
        ThreadPool target = this.pools.find(pool).orElse(null);
        if (target == null) {
            return new CancelOutcome(CancelOutcome.Result.NOT_FOUND, null, this.instance);
        }
        boolean cancelled = target.cancel(id, mayInterruptIfRunning);
        JobResult job = target.findJob(id).orElse(null);
        JobRecord record = (job != null) ? JobRecord.local(pool, job, this.instance) : null;
        if (cancelled) {
            return new CancelOutcome(CancelOutcome.Result.CANCELLED, record, this.instance);
        }
        return new CancelOutcome((record != null) ? CancelOutcome.Result.FINISHED : CancelOutcome.Result.NOT_FOUND,
                record, this.instance);
    }
}
