package io.github.threadpool.autoconfigure;

import java.time.Duration;

import io.github.threadpool.core.RejectionPolicy;
import org.jspecify.annotations.Nullable;

/**
 * The settings every pool has, as written under {@code threadpool.*} (defaults for every pool) or
 * under {@code threadpool.pools.<name>.*} (one pool). Every field is {@code null} until set, so that
 * a pool can tell its own setting from one it inherits; {@link PoolSpecs} resolves each pool's values
 * as: the pool's own, else the top-level one, else the built-in default named in each Javadoc.
 */
public abstract class PoolSettings {

    /** Number of worker threads. Default: the number of available processors. */
    private @Nullable Integer workers;

    /**
     * Most workers the pool may be resized to at run time (the actuator's resize, setWorkers).
     * Default 1024; at most 32767.
     */
    private @Nullable Integer maxWorkers;

    /** Whether the workers are virtual threads (needs Java 21 or later). Default false: platform threads. */
    private @Nullable Boolean virtualThreads;

    /**
     * Most jobs that may wait in the queue, at least 1; when it is full, the rejection policy applies.
     * 'unbounded' lets the queue grow without bound (start-up warns: only memory bounds it, and the
     * rejection policy never applies). Default 1024.
     */
    private @Nullable QueueCapacity queueCapacity;

    /**
     * Prefix of the worker threads' names, which are the prefix and a number. Not inherited from the top
     * level by named pools, whose threads would then share names. Default '<pool name>-worker-'.
     */
    private @Nullable String threadNamePrefix;

    /**
     * What a submission does when the queue is full: 'abort' throws RejectedExecutionException,
     * 'caller-runs' runs the job in the submitting thread, 'block' waits up to block-timeout for room.
     * Default abort.
     */
    private @Nullable RejectionPolicy rejectionPolicy;

    /** How long a submitter waits for room under the 'block' policy before it is rejected, zero or more. Default 1s. */
    private @Nullable Duration blockTimeout;

    private final Results results = new Results();

    private final Shutdown shutdown = new Shutdown();

    public @Nullable Integer getWorkers() {
        return this.workers;
    }

    public void setWorkers(@Nullable Integer workers) {
        this.workers = workers;
    }

    public @Nullable Integer getMaxWorkers() {
        return this.maxWorkers;
    }

    public void setMaxWorkers(@Nullable Integer maxWorkers) {
        this.maxWorkers = maxWorkers;
    }

    public @Nullable Boolean getVirtualThreads() {
        return this.virtualThreads;
    }

    public void setVirtualThreads(@Nullable Boolean virtualThreads) {
        this.virtualThreads = virtualThreads;
    }

    public @Nullable QueueCapacity getQueueCapacity() {
        return this.queueCapacity;
    }

    public void setQueueCapacity(@Nullable QueueCapacity queueCapacity) {
        this.queueCapacity = queueCapacity;
    }

    public @Nullable String getThreadNamePrefix() {
        return this.threadNamePrefix;
    }

    public void setThreadNamePrefix(@Nullable String threadNamePrefix) {
        this.threadNamePrefix = threadNamePrefix;
    }

    public @Nullable RejectionPolicy getRejectionPolicy() {
        return this.rejectionPolicy;
    }

    public void setRejectionPolicy(@Nullable RejectionPolicy rejectionPolicy) {
        this.rejectionPolicy = rejectionPolicy;
    }

    public @Nullable Duration getBlockTimeout() {
        return this.blockTimeout;
    }

    public void setBlockTimeout(@Nullable Duration blockTimeout) {
        this.blockTimeout = blockTimeout;
    }

    public Results getResults() {
        return this.results;
    }

    public Shutdown getShutdown() {
        return this.shutdown;
    }

    /** Retention of finished jobs' results. */
    public static class Results {

        /**
         * Most results retained, by id and in completion order; older ones are evicted. 0 turns the
         * result store off (only the returned Job carries the outcome). Default 1024.
         */
        private @Nullable Integer maxRetained;

        /** How long a result is retained at most. Default 10m. */
        private @Nullable Duration timeToLive;

        public @Nullable Integer getMaxRetained() {
            return this.maxRetained;
        }

        public void setMaxRetained(@Nullable Integer maxRetained) {
            this.maxRetained = maxRetained;
        }

        public @Nullable Duration getTimeToLive() {
            return this.timeToLive;
        }

        public void setTimeToLive(@Nullable Duration timeToLive) {
            this.timeToLive = timeToLive;
        }
    }

    /** Behaviour when the application context closes. */
    public static class Shutdown {

        /**
         * How long a graceful shutdown lets queued and running jobs finish before it cancels the rest, zero
         * (cancel at once) or more.
         * Pools drain in parallel, each within its own await-termination, and never longer than
         * spring.lifecycle.timeout-per-shutdown-phase (start-up warns when it is longer). Default 20s.
         */
        private @Nullable Duration awaitTermination;

        public @Nullable Duration getAwaitTermination() {
            return this.awaitTermination;
        }

        public void setAwaitTermination(@Nullable Duration awaitTermination) {
            this.awaitTermination = awaitTermination;
        }
    }
}
