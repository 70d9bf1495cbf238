package io.github.threadpool.autoconfigure;

import java.time.Duration;

import io.github.threadpool.core.RejectionPolicy;
import org.jspecify.annotations.Nullable;

/**
 * One pool's settings, resolved and validated: the pool's own, else the top-level defaults, else the
 * core builder's defaults. {@code workers} and {@code maxWorkers} are null when neither level sets them: the core's
 * defaults apply (one worker per available processor, at most {@code ThreadPool.DEFAULT_MAX_WORKERS}).
 * {@code queueCapacity} is {@link Integer#MAX_VALUE} for an unbounded queue; {@code threadNamePrefix} is
 * null for the builder's default, {@code <name>-worker-}.
 */
record PoolSpec(String name, boolean primary, @Nullable Integer workers, @Nullable Integer maxWorkers, boolean virtualThreads,
        int queueCapacity, RejectionPolicy rejectionPolicy, Duration blockTimeout, int maxRetainedResults,
        Duration resultTimeToLive, Duration awaitTermination, @Nullable String threadNamePrefix) {

    /**
     * The same settings for a pool of another name, not primary, its threads named after it: what
     * {@link ThreadPoolBuilders} hands out, and what a named pool inherits.
     */
    PoolSpec named(String name) {
        return new PoolSpec(name, false, this.workers, this.maxWorkers, this.virtualThreads, this.queueCapacity,
                this.rejectionPolicy, this.blockTimeout, this.maxRetainedResults, this.resultTimeToLive,
                this.awaitTermination, null);
    }

    /** The prefix of the pool's thread names. */
    String effectiveThreadNamePrefix() {
        return (this.threadNamePrefix != null) ? this.threadNamePrefix : this.name + "-worker-";
    }
}
