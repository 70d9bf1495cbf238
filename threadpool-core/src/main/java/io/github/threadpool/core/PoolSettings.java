package io.github.threadpool.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The settings of a {@link ThreadPool} and their rules, as {@link ThreadPool.Builder} exposes them:
 * each setter checks its argument at once and throws {@link IllegalArgumentException} naming the
 * setting, the bad value and what is accepted, leaving the settings as they were. The defaults are
 * the {@code DEFAULT_*} constants of {@link ThreadPool.Builder}; the setters are the one copy of
 * each rule, which the Spring Boot starter applies by calling them.
 *
 * @param <B> the builder type the setters return
 */
abstract class PoolSettings<B extends PoolSettings<B>> {

    String name = ThreadPool.Builder.DEFAULT_NAME;
    int workers; // 0: not set, the number of available processors up to maxWorkers
    int maxWorkers = ThreadPool.DEFAULT_MAX_WORKERS;
    ThreadFactory threadFactory; // null: defaultThreadFactory
    String threadNamePrefix; // null: <name>-worker-
    long firstJobId = 1L;
    int queueCapacity = ThreadPool.Builder.DEFAULT_QUEUE_CAPACITY;
    RejectionPolicy rejectionPolicy = ThreadPool.Builder.DEFAULT_REJECTION_POLICY;
    Duration blockTimeout = ThreadPool.Builder.DEFAULT_BLOCK_TIMEOUT;
    int maxRetainedResults = ThreadPool.Builder.DEFAULT_MAX_RETAINED_RESULTS;
    Duration resultTimeToLive = ThreadPool.Builder.DEFAULT_RESULT_TIME_TO_LIVE;
    Duration closeTimeout = ThreadPool.Builder.DEFAULT_CLOSE_TIMEOUT;
    UnaryOperator<Runnable> decorator;
    Thread.UncaughtExceptionHandler uncaughtExceptionHandler;
    final List<JobListener> jobListeners = new ArrayList<>();
    Runnable beforeConsumerWaits; // a test hook of the result store, else null
    Consumer<Worker> beforeTake; // a test hook of the queue, else null

    PoolSettings() {
    }

    /** This builder, as its own type. */
    abstract B self();

    /** The pool's name, for its threads ({@code <name>-worker-<n>}), errors and snapshots. Default {@code threadpool}. */
    public B name(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name must not be blank, was "
                    + (name == null ? "null" : "'" + name + "'"));
        }
        this.name = name;
        return self();
    }

    /**
     * The number of worker threads, from 1 to {@link #maxWorkers(int) maxWorkers} (checked here
     * against {@link ThreadPool#WORKER_CEILING}, and by {@link ThreadPool.Builder#build()} against {@code maxWorkers}).
     * Default: the number of available processors, at most {@code maxWorkers}.
     */
    public B workers(int workers) {
        requireWorkers(workers, ThreadPool.WORKER_CEILING, "the ceiling");
        this.workers = workers;
        return self();
    }

    /**
     * The most workers the pool may have — at build and at every later {@link ThreadPool#setWorkers}
     * or {@link ThreadPool#resize} — from 1 to {@value ThreadPool#WORKER_CEILING}. A bound on what a
     * careless setting or resize request can claim: each platform worker is a native thread with its
     * own stack. Default {@value ThreadPool#DEFAULT_MAX_WORKERS}.
     */
    public B maxWorkers(int maxWorkers) {
        if (maxWorkers < 1 || maxWorkers > ThreadPool.WORKER_CEILING) {
            throw new IllegalArgumentException("maxWorkers must be between 1 and " + ThreadPool.WORKER_CEILING
                    + " (the ceiling), was " + maxWorkers);
        }
        this.maxWorkers = maxWorkers;
        return self();
    }

    /**
     * Creates the worker threads. Each call must return a new, unstarted thread that runs the
     * {@code Runnable} it is given; the pool starts it. Default: platform threads named
     * {@code <name>-worker-<n>}, not daemons. On Java 21+, {@code Thread.ofVirtual().name("reports-", 1).factory()}
     * runs workers as virtual threads: then the pool is a cheap concurrency limit with a queue, ids
     * and results for blocking work. If the factory throws or returns {@code null}, the build or
     * resize that called it fails and is rolled back.
     */
    public B threadFactory(ThreadFactory threadFactory) {
        if (threadFactory == null) {
            throw new IllegalArgumentException("threadFactory must not be null");
        }
        this.threadFactory = threadFactory;
        return self();
    }

    /**
     * The prefix of the default thread factory's thread names: its threads are named
     * {@code prefix + n}, n = 1, 2, ... Default {@code <name>-worker-}. Not used when a
     * {@link #threadFactory(ThreadFactory) thread factory} is set.
     */
    public B threadNamePrefix(String prefix) {
        if (prefix == null || prefix.isBlank()) {
            throw new IllegalArgumentException("threadNamePrefix must not be blank, was "
                    + (prefix == null ? "null" : "'" + prefix + "'"));
        }
        this.threadNamePrefix = prefix;
        return self();
    }

    /**
     * The id of the pool's first accepted job, from 1 to {@value ThreadPool.Builder#MAX_FIRST_JOB_ID} (2^62);
     * ids then increase by one per accepted job. Lets several instances of one application give their
     * jobs disjoint ranges of ids. The bound leaves room for 2^62 jobs after the first, so ids never
     * wrap to negative. Lookups by id stay O(1) whatever the first id. Default 1.
     */
    public B firstJobId(long firstId) {
        if (firstId < 1L || firstId > ThreadPool.Builder.MAX_FIRST_JOB_ID) {
            throw new IllegalArgumentException("firstJobId must be between 1 and " + ThreadPool.Builder.MAX_FIRST_JOB_ID
                    + ", was " + firstId);
        }
        this.firstJobId = firstId;
        return self();
    }

    /** The most jobs that may wait in the queue, at least 1. Default 1024. */
    public B queueCapacity(int queueCapacity) {
        requireAtLeast("queueCapacity", queueCapacity, 1);
        this.queueCapacity = queueCapacity;
        return self();
    }

    /** Lets the queue grow without bound. Only for producers that bound themselves. */
    public B unboundedQueue() {
        this.queueCapacity = Integer.MAX_VALUE;
        return self();
    }

    /** What a submission does when the queue is full. Default {@link RejectionPolicy#ABORT}. */
    public B rejectionPolicy(RejectionPolicy rejectionPolicy) {
        if (rejectionPolicy == null) {
            throw new IllegalArgumentException("rejectionPolicy must be one of ABORT, CALLER_RUNS, BLOCK, was null");
        }
        this.rejectionPolicy = rejectionPolicy;
        return self();
    }

    /**
     * How long a {@link RejectionPolicy#BLOCK} submitter waits for room, zero (do not wait) or more; a
     * duration too long for a {@code long} of nanoseconds saturates at 292 years. Default 1 s.
     */
    public B blockTimeout(Duration blockTimeout) {
        requireNonNegative("blockTimeout", blockTimeout);
        this.blockTimeout = blockTimeout;
        return self();
    }

    /**
     * The most results the store retains, from 0 (off: only the returned {@link Job} carries the
     * outcome) to {@value ThreadPool.Builder#MAX_RETAINED_RESULTS_LIMIT}. Default 1024.
     */
    public B maxRetainedResults(int maxRetainedResults) {
        if (maxRetainedResults < 0 || maxRetainedResults > ThreadPool.Builder.MAX_RETAINED_RESULTS_LIMIT) {
            throw new IllegalArgumentException("maxRetainedResults must be between 0 and "
                    + ThreadPool.Builder.MAX_RETAINED_RESULTS_LIMIT + ", was " + maxRetainedResults);
        }
        this.maxRetainedResults = maxRetainedResults;
        return self();
    }

    /**
     * How long a result is retained at most, positive; a duration too long for a {@code long} of
     * nanoseconds saturates at 292 years. Default 10 minutes.
     */
    public B resultTimeToLive(Duration resultTimeToLive) {
        if (resultTimeToLive == null || resultTimeToLive.isNegative() || resultTimeToLive.isZero()) {
            throw new IllegalArgumentException("resultTimeToLive must be positive, was " + resultTimeToLive);
        }
        this.resultTimeToLive = resultTimeToLive;
        return self();
    }

    /**
     * How long {@link ThreadPool#shutdownGracefully()} (without an argument) drains before
     * cancelling, zero or more; a duration too long for a {@code long} of nanoseconds saturates at
     * 292 years. Default 20 s. {@link ThreadPool#close()} does not use it: per the
     * {@code ExecutorService} contract, it waits until the pool has terminated.
     */
    public B closeTimeout(Duration closeTimeout) {
        requireNonNegative("closeTimeout", closeTimeout);
        this.closeTimeout = closeTimeout;
        return self();
    }

    /**
     * Wraps every job's body, in the submitting thread, with what runs it in the worker: the place to
     * carry context such as an MDC or a security context from submitter to worker. Default: none.
     */
    public B decorator(UnaryOperator<Runnable> decorator) {
        if (decorator == null) {
            throw new IllegalArgumentException("decorator must not be null");
        }
        this.decorator = decorator;
        return self();
    }

    /**
     * The workers' handler for failures of jobs submitted with {@link ThreadPool#execute}. Default:
     * the thread's default (the JVM prints the stack trace). A {@code CALLER_RUNS} job runs in its
     * submitter's thread, so its failure goes to that thread's handler, as an uncaught exception would.
     */
    public B uncaughtExceptionHandler(Thread.UncaughtExceptionHandler handler) {
        if (handler == null) {
            throw new IllegalArgumentException("uncaughtExceptionHandler must not be null");
        }
        this.uncaughtExceptionHandler = handler;
        return self();
    }

    /**
     * Adds a listener told of every accepted job once its outcome is final, by the thread that
     * finished it (a worker, a canceller, or a {@code CALLER_RUNS} submitter) — for metrics and
     * audit: a {@link JobListener} whose {@code finished} calls it. It runs on the pool's hot path,
     * so it must be quick; what it throws is logged and ignored. Listeners added by several calls
     * (of this method and of {@link #jobListener}) run in the order added.
     */
    public B completionListener(Consumer<? super JobResult> listener) {
        if (listener == null) {
            throw new IllegalArgumentException("completionListener must not be null");
        }
        jobListeners.add(new JobListener() {
            @Override
            public void finished(JobResult job) {
                listener.accept(job);
            }
        });
        return self();
    }

    /**
     * Adds a listener told when each accepted job is queued, started and finished: see
     * {@link JobListener}. Listeners added by several calls run in the order added.
     */
    public B jobListener(JobListener listener) {
        if (listener == null) {
            throw new IllegalArgumentException("jobListener must not be null");
        }
        jobListeners.add(listener);
        return self();
    }

    /** For tests: see the result store's {@code beforeConsumerWaits}. */
    B beforeConsumerWaits(Runnable hook) {
        this.beforeConsumerWaits = hook;
        return self();
    }

    /** For tests: see the queue's {@code beforeTake}. */
    B beforeTake(Consumer<Worker> hook) {
        this.beforeTake = hook;
        return self();
    }

    // ---------------------------------------------------------------- the rules other classes apply too

    static void requireAtLeast(String setting, int value, int minimum) {
        if (value < minimum) {
            throw new IllegalArgumentException(setting + " must be at least " + minimum + ", was " + value);
        }
    }

    static void requireWorkers(int workers, int maxWorkers) {
        requireWorkers(workers, maxWorkers, "maxWorkers");
    }

    static void requireWorkers(int workers, int bound, String boundName) {
        if (workers < 1 || workers > bound) {
            throw new IllegalArgumentException("workers must be between 1 and " + bound + " (" + boundName + "), was "
                    + workers);
        }
    }

    static void requireNonNegative(String setting, Duration value) {
        if (value == null || value.isNegative()) {
            throw new IllegalArgumentException(setting + " must be zero or positive, was " + value);
        }
    }
}
