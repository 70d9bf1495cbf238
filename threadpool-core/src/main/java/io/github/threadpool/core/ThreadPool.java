package io.github.threadpool.core;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RunnableFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import java.util.function.UnaryOperator;

/**
 * A fixed set of long-lived worker threads, one shared FIFO job queue, and a store of job results
 * keyed by job id.
 *
 * <pre>{@code
 * try (ThreadPool pool = ThreadPool.builder().name("reports").workers(4).queueCapacity(1_000).build()) {
 *     Job<Report> job = pool.submit(() -> render(request));
 *     Report report = job.get();
 *     pool.results().get(job.id());          // the outcome, by id, while retained
 *     pool.results().drain(100);             // outcomes in completion order
 *     pool.setWorkers(8);                    // resize at run time
 * }                                          // close(): shut down, wait until terminated
 * }</pre>
 *
 * <h2>Behaviour</h2>
 * <ul>
 *   <li><b>Workers</b> run on threads from the {@linkplain Builder#threadFactory thread factory} —
 *       by default platform threads named {@code <name>-worker-<n>}, or virtual threads on Java 21+ —
 *       at most {@link #maxWorkers()} of them, started by {@link Builder#build()} and kept between
 *       jobs; idle, they wait on the queue's condition (no spinning). A job's {@code Throwable} fails
 *       that job only. A worker that dies outside a job is replaced, and counted. A thread that cannot
 *       be started rolls back the build or resize that asked for it.</li>
 *   <li><b>Queue</b>: one FIFO of bounded capacity (unbounded only by
 *       {@link Builder#unboundedQueue()}); when full, the {@link RejectionPolicy} applies.</li>
 *   <li><b>Ids</b> start at 1 (or {@link Builder#firstJobId(long)}) and follow acceptance order; a refused
 *       submission gets none and throws a {@link JobRejectedException} saying why.</li>
 *   <li><b>Results</b> of finished jobs go to the {@link #results() result store}.</li>
 *   <li><b>Resizing</b>: {@link #setWorkers(int)} and {@link #setQueueCapacity(int)} at any time
 *       before shutdown.</li>
 *   <li><b>Shutdown</b>: {@link #shutdown()}, {@link #shutdownNow()},
 *       {@link #shutdownGracefully(Duration)} and {@link #close()} are idempotent, thread-safe, and
 *       safe to call from inside a job; {@code close()} is {@code ExecutorService.close()} of Java 19+.
 *       Every accepted job ends {@code SUCCEEDED}, {@code FAILED} or {@code CANCELLED}, and the pool
 *       is not terminated while any accepted job's body runs, whichever thread runs it.</li>
 *   <li><b>Timeouts</b> of zero or less never wait; huge ones saturate (292 years), never overflow.</li>
 * </ul>
 *
 * <h2>Thread-safety</h2>
 * Every public method is thread-safe. No lock of the pool is held while a job's body or a listener
 * runs. On the hot path a submission takes the queue's put lock once, and a worker its take lock once
 * per job (handing one back and taking the next in the same critical section; twice when the pool has
 * a {@link JobListener}, which runs between the two).
 */
public final class ThreadPool extends AbstractExecutorService implements AutoCloseable {

    /*
     * A facade over its parts (JobQueue, Workers, Lifecycle, ResultStore, PoolJob), each with one
     * responsibility: the table is in docs/design.md ("The shape"). Admission stays here: the rejection
     * policies and the listeners' queued event; Refusals builds and counts what a refusal throws.
     */

    static final System.Logger LOG = System.getLogger(ThreadPool.class.getName());

    /** The default for {@link Builder#maxWorkers(int)}: the most workers a pool may have unless set otherwise. */
    public static final int DEFAULT_MAX_WORKERS = 1024;

    /**
     * The highest {@link Builder#maxWorkers(int)} accepted. Each platform worker reserves a thread stack
     * (1 MiB by default) and a native thread; the operating system's limit is usually lower.
     */
    public static final int WORKER_CEILING = 32767;

    private final String name;
    private final RejectionPolicy rejectionPolicy;
    private final long blockTimeoutNanos;
    private final Duration closeTimeout;
    private final UnaryOperator<Runnable> decorator;
    /** Every listener added, as one; null if none, so the hot path pays a null check only. */
    private final JobListener jobListener;
    private final int maxWorkers;

    private final JobQueue queue;
    private final ResultStore results;
    private final Lifecycle lifecycle;
    private final Workers workers;

    private final Refusals refusals;

    /**
     * One clock base for every pool, so that a job turns its {@code System.nanoTime} stamps into
     * instants without its pool (it lets go of its pool when it finishes).
     */
    private static final long CLOCK_BASE_NANOS = System.nanoTime();
    private static final Instant CLOCK_BASE = Instant.now();

    private ThreadPool(Builder builder) {
        this.name = builder.name;
        this.rejectionPolicy = builder.rejectionPolicy;
        this.blockTimeoutNanos = saturatedNanos(builder.blockTimeout);
        this.closeTimeout = builder.closeTimeout;
        this.decorator = builder.decorator;
        this.jobListener = JobListeners.of(builder.jobListeners);
        this.maxWorkers = builder.maxWorkers;
        this.results = new ResultStore(builder.maxRetainedResults, builder.resultTimeToLive, 0,
                builder.beforeConsumerWaits);
        RunState runState = new RunState();
        this.queue = new JobQueue(builder.queueCapacity, results, runState, builder.firstJobId, jobListener != null,
                builder.beforeTake);
        this.lifecycle = new Lifecycle(name, queue, runState);
        this.refusals = new Refusals(name, queue, rejectionPolicy, blockTimeoutNanos);
        ThreadFactory threadFactory = builder.threadFactory != null ? builder.threadFactory
                : Workers.defaultThreadFactory(builder.threadNamePrefix != null ? builder.threadNamePrefix : name + "-worker-");
        this.workers = new Workers(this, queue, lifecycle, threadFactory, builder.uncaughtExceptionHandler, maxWorkers);
        lifecycle.attach(workers);
        workers.startFirst(builder.workers); // a failed build leaves no thread behind
    }

    /** A builder with defaults: see each setter. */
    public static Builder builder() {
        return new Builder();
    }

    /** The pool's name, as given to its threads and shown in its errors and snapshots. */
    public String name() {
        return name;
    }

    /** The most workers this pool accepts: see {@link Builder#maxWorkers(int)}. */
    public int maxWorkers() {
        return maxWorkers;
    }

    /** For tests. */
    JobQueue queue() {
        return queue;
    }

    /** The store of finished jobs' results. */
    public ResultStore results() {
        return results;
    }

    // ---------------------------------------------------------------- submission

    /** Submits a job that returns a value. */
    @Override
    public <T> Job<T> submit(Callable<T> task) {
        Objects.requireNonNull(task, "task");
        return admit(PoolJob.of(this, task));
    }

    /** Submits a job whose value is {@code null}. */
    @Override
    public Job<?> submit(Runnable task) {
        Objects.requireNonNull(task, "task");
        return admit(PoolJob.of(this, task, null, false));
    }

    /** Submits a job whose value is {@code result}. */
    @Override
    public <T> Job<T> submit(Runnable task, T result) {
        Objects.requireNonNull(task, "task");
        return admit(PoolJob.of(this, task, result, false));
    }

    /**
     * Submits a job that returns a value, as {@link #submit(Callable)}, and returns it as a
     * {@link CompletableFuture}: see {@link CompletableJob}.
     */
    public <T> CompletableJob<T> submitCompletable(Callable<T> task) {
        Objects.requireNonNull(task, "task");
        PoolJob<T> job = PoolJob.of(this, task);
        CompletableJob<T> completable = new CompletableJob<>(job);
        admit(job);
        return completable;
    }

    /** Submits a job whose value is {@code null}, as {@link #submit(Runnable)}, as a {@link CompletableJob}. */
    public CompletableJob<Void> submitCompletable(Runnable task) {
        Objects.requireNonNull(task, "task");
        PoolJob<Void> job = PoolJob.of(this, task, null, false);
        CompletableJob<Void> completable = new CompletableJob<>(job);
        admit(job);
        return completable;
    }

    /**
     * Submits a job without returning its {@link Job}. Its id and outcome still reach the result
     * store; as the caller cannot observe a failure, the worker's
     * {@linkplain Builder#uncaughtExceptionHandler uncaught exception handler} is given it too.
     *
     * <p>A {@code Runnable} that is itself a future — the {@code FutureTask} an
     * {@code ExecutorCompletionService} wraps each task in — becomes one job like any other: that job has
     * the id, the count and the result in the store (its value is {@code null}); the task's own value is
     * what the wrapping future returns. A future this pool made with {@code newTaskFor} and runs inside
     * such a wrapper runs through {@code run()} as a job that was never accepted: no id, no result, no
     * count. Submit tasks with {@link #submit} or {@link #submitCompletable} to have each recorded.
     */
    @Override
    public void execute(Runnable command) {
        Objects.requireNonNull(command, "command");
        if (command instanceof PoolJob && ((PoolJob<?>) command).isNewFor(this)) {
            admit((PoolJob<?>) command); // from newTaskFor, via invokeAll
        } else {
            admit(PoolJob.of(this, command, null, true));
        }
    }

    /**
     * Runs every task as a job of this pool and waits until all are done.
     *
     * @throws NullPointerException if {@code tasks} or any element is null; then no job is created
     */
    @Override
    public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks) throws InterruptedException {
        return super.invokeAll(requireNoNullTask(tasks));
    }

    /**
     * As {@link #invokeAll(Collection)}, but cancels the jobs not done when {@code timeout} has passed. A
     * timeout of zero or less submits no job: all are returned cancelled.
     *
     * @throws NullPointerException if {@code tasks}, any element or {@code unit} is null; then no job is created
     */
    @Override
    public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
            throws InterruptedException {
        Objects.requireNonNull(unit, "unit");
        return super.invokeAll(requireNoNullTask(tasks), timeout, unit);
    }

    /**
     * Runs the tasks as jobs of this pool and returns the value of one that succeeded, cancelling the
     * others (interrupting those running). Each task is a job of its own, with its id and its outcome
     * recorded and counted; the next task is submitted only while none has finished yet, as
     * {@code AbstractExecutorService} does. If every job fails (or is cancelled, by a shutdown), throws
     * the last failure.
     *
     * @throws NullPointerException if {@code tasks} or any element is null; then no job is created
     */
    @Override
    public <T> T invokeAny(Collection<? extends Callable<T>> tasks) throws InterruptedException, ExecutionException {
        try {
            return InvokeAny.invoke(this, requireNoNullTask(tasks), false, 0L);
        } catch (TimeoutException impossible) {
            throw new AssertionError(impossible); // an untimed call
        }
    }

    /**
     * As {@link #invokeAny(Collection)}, within {@code timeout}; with a timeout of zero or less, at most
     * one job is submitted and, unless it is already done, cancelled at once.
     *
     * @throws NullPointerException if {@code tasks}, any element or {@code unit} is null; then no job is created
     */
    @Override
    public <T> T invokeAny(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
            throws InterruptedException, ExecutionException, TimeoutException {
        Objects.requireNonNull(unit, "unit");
        return InvokeAny.invoke(this, requireNoNullTask(tasks), true, unit.toNanos(timeout));
    }

    /** Checks every element before a job is made of any, so a null costs no id and runs nothing. */
    private static <C extends Collection<?>> C requireNoNullTask(C tasks) {
        Objects.requireNonNull(tasks, "tasks");
        int i = 0;
        for (Object task : tasks) {
            if (task == null) {
                throw new NullPointerException("tasks[" + i + "] is null");
            }
            i++;
        }
        return tasks;
    }

    @Override
    protected <T> RunnableFuture<T> newTaskFor(Callable<T> callable) {
        return PoolJob.of(this, callable);
    }

    @Override
    protected <T> RunnableFuture<T> newTaskFor(Runnable runnable, T value) {
        return PoolJob.of(this, runnable, value, false);
    }

    private <T> PoolJob<T> admit(PoolJob<T> job) {
        if (decorator != null) {
            job.decorate(decorator);
        }
        if (workers.alive() == 0) {
            restoreAWorker();
        }
        long now = System.nanoTime();
        JobQueue.Admission admission = queue.offer(job, now);
        if (admission != JobQueue.Admission.ACCEPTED) {
            admitWhenRefused(job, admission, now);
        } else if (jobListener != null) {
            tell(job, JobListener::queued, "queued");
        }
        return job;
    }

    private void admitWhenRefused(PoolJob<?> job, JobQueue.Admission admission, long now) {
        if (admission == JobQueue.Admission.FULL) {
            if (rejectionPolicy == RejectionPolicy.CALLER_RUNS) {
                lifecycle.enterOutsideWork(); // before the claim: the pool does not terminate while the body runs
                try {
                    admission = queue.acceptAndClaim(job, now);
                    if (admission == JobQueue.Admission.ACCEPTED) {
                        if (jobListener != null) {
                            tell(job, JobListener::queued, "queued");
                        }
                        job.execute(Thread.currentThread(), null);
                        return;
                    }
                } finally {
                    lifecycle.leaveOutsideWork();
                }
            } else if (rejectionPolicy == RejectionPolicy.BLOCK) {
                try {
                    admission = queue.offerWaiting(job, blockTimeoutNanos);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw refusals.interrupted(e);
                }
                if (admission == JobQueue.Admission.ACCEPTED) {
                    if (jobListener != null) {
                        tell(job, JobListener::queued, "queued");
                    }
                    return;
                }
            }
        }
        throw admission == JobQueue.Admission.SHUT_DOWN ? refusals.shutDown() : refusals.queueFull();
    }

    // ---------------------------------------------------------------- callbacks from jobs and workers

    /**
     * No worker is alive: the last one died and its replacement could not be started. Starts one now,
     * as {@code ThreadPoolExecutor} retries on its next {@code execute}; if that fails too, refuses the
     * job, which nobody would run.
     */
    private void restoreAWorker() {
        try {
            workers.restoreAWorker();
        } catch (IllegalStateException e) {
            throw refusals.noWorker(e);
        }
    }

    /** See {@link Lifecycle#jobFinished}. */
    void jobFinished(PoolJob<?> job, int finalState) {
        lifecycle.jobFinished(job, finalState);
    }

    /** See {@link Lifecycle#jobPublished}. */
    void jobPublished() {
        lifecycle.jobPublished();
    }

    /** {@link PoolJob#run()} on one of this pool's jobs: see {@link Lifecycle#runOutsideQueue}. */
    void runOutsideQueue(PoolJob<?> job, Thread thread) {
        lifecycle.runOutsideQueue(job, thread);
    }

    /** Called by a job's winner, after its result is recorded and before its final state is published. */
    void notifyListener(PoolJob<?> job) {
        if (jobListener != null) {
            tell(job, JobListener::finished, "finished");
        }
    }

    /** Called by the thread about to run a job's body. */
    void jobStarted(PoolJob<?> job) {
        if (jobListener != null) {
            tell(job, JobListener::started, "started");
        }
    }

    /**
     * Runs a listener's event, catching whatever it throws, checked exceptions included: a listener
     * never changes the job, nor the thread's bookkeeping around it. The event is an unbound method
     * reference ({@code JobListener::queued}), so telling allocates nothing.
     */
    private void tell(PoolJob<?> job, BiConsumer<JobListener, JobResult> event, String what) {
        try {
            PoolJob.inCallback(event, jobListener, job);
        } catch (Throwable e) {
            LOG.log(Level.WARNING, "Pool '" + name + "': a job listener failed (" + what + ") for job " + job.id(), e);
        }
    }

    /** The instant of a {@code System.nanoTime()} reading of this JVM. */
    static Instant instantOf(long nanos) {
        return CLOCK_BASE.plusNanos(nanos - CLOCK_BASE_NANOS);
    }

    /**
     * Whether the calling thread is one of this pool's workers — that is, the caller is one of its jobs.
     * Code that waits for the pool (a shutdown hook, a drain) uses it to avoid waiting for itself.
     */
    public boolean isWorkerThread() {
        return workers.ownWorker() != null;
    }

    /** Called by every worker as it exits, normally (retired, or shut down with the queue empty) or by dying. */
    void workerExited(Worker worker, Throwable death) {
        workers.exited(worker, death);
    }

    // ---------------------------------------------------------------- resizing

    /**
     * Sets the number of workers. Growing starts threads at once; shrinking asks surplus workers to
     * exit at their next take — idle ones immediately — and never interrupts a running job.
     *
     * <p>If a thread cannot be started (the thread factory throws or returns {@code null}, or the JVM
     * cannot create a native thread), the resize is rolled back: workers started by this call are
     * asked to exit, the configured count stays as it was, and the failure is thrown.
     *
     * <p>A worker that died and could not be replaced (its thread factory failed then) leaves fewer
     * workers alive than configured; the next call (or {@link #resize}) starts it, whatever count it
     * asks for — so calling this with the configured count makes such a pool whole again.
     *
     * @throws IllegalArgumentException if {@code workers} is not between 1 and {@link #maxWorkers()}; nothing changes
     * @throws IllegalStateException if the pool is shut down, or a worker thread could not be started
     */
    public void setWorkers(int count) {
        workers.setWorkers(count);
    }

    /**
     * Sets the queue's capacity. Lowering it below the current depth keeps the queued jobs and refuses
     * new ones until there is room; raising it lets {@link RejectionPolicy#BLOCK blocked} submitters in.
     *
     * @throws IllegalArgumentException if {@code capacity < 1}; nothing changes
     * @throws IllegalStateException if the pool is shut down
     */
    public void setQueueCapacity(int capacity) {
        workers.setQueueCapacity(capacity);
    }

    /**
     * Sets the number of workers and the queue's capacity together, as {@link #setWorkers(int)} and
     * {@link #setQueueCapacity(int)} do, after checking both: either both change or neither does.
     *
     * @throws IllegalArgumentException if {@code workers} is not between 1 and {@link #maxWorkers()} or
     *         {@code capacity < 1}; nothing changes
     * @throws IllegalStateException if the pool is shut down, or a worker thread could not be started
     *         (then neither changes)
     */
    public void resize(int count, int capacity) {
        workers.resize(count, capacity);
    }

    // ---------------------------------------------------------------- monitoring

    /**
     * Cancels the queued or running job with this id, as its {@link Job#cancel(boolean)} would: a queued
     * job leaves the queue at once and never runs; a running one is cancelled, its worker interrupted if
     * {@code mayInterruptIfRunning}. O(1), through the index of live jobs, for callers that know a job
     * only by its id (a REST API, an operator). False if no job with this id is queued or running —
     * never accepted, or already finished — or if it finished before the cancellation could win.
     */
    public boolean cancel(long id, boolean mayInterruptIfRunning) {
        PoolJob<?> job = queue.findLive(id);
        return job != null && job.cancel(mayInterruptIfRunning);
    }

    /**
     * The job with this id, while it is queued, running, or finished and retained by the result store;
     * empty once its result is evicted, or if no such job was accepted. Queued and running jobs are
     * found in O(1) with no lock (the queue's live index); a job leaves that index only after its
     * result is recorded, so one that finishes meanwhile is found in the store.
     */
    public Optional<JobResult> findJob(long id) {
        PoolJob<?> live = queue.findLive(id);
        return live != null ? Optional.of(live) : results.get(id);
    }

    /**
     * An immutable, consistent view of the pool; see {@link PoolSnapshot}. Its queue, worker and count
     * figures are read together under both queue locks (O(workers)); it never waits for a job.
     */
    public PoolSnapshot snapshot() {
        isTerminated(); // before the view: advances the run state, so a pool terminated by then shows it in every figure
        return PoolSnapshot.of(name, rejectionPolicy, queue.view(workers::configured), workers.replaced(),
                refusals.count(), results);
    }

    // ---------------------------------------------------------------- shutdown

    /** Stops accepting jobs; queued and running jobs go on to finish. Does not wait. */
    @Override
    public void shutdown() {
        lifecycle.shutdown();
    }

    /**
     * Stops accepting jobs, cancels the queued ones and cancels (interrupting) the running ones —
     * except the caller's own job when called from inside the pool. Does not wait.
     *
     * @return the jobs that never started, now {@code CANCELLED}
     */
    @Override
    public List<Runnable> shutdownNow() {
        return lifecycle.shutdownNow();
    }

    /**
     * Stops accepting jobs, lets queued and running jobs finish until {@code timeout} has passed,
     * then cancels the queued jobs left and cancels (interrupting) those its workers still run — jobs
     * run by other threads ({@code CALLER_RUNS} submitters, callers of {@code run()}) are left to
     * finish, reported as still running — and reports what
     * happened to every job that was pending when it began.
     *
     * <p>Idempotent: later and concurrent calls return the first call's report, once it is ready.
     * Called from inside one of this pool's jobs — run by a worker, by a {@code CALLER_RUNS} submitter
     * or by a caller of {@code run()} — it does not wait for that job (it cannot finish while its caller
     * waits), nor cancel it, and reports it as still running; so does a drain already in progress that
     * this call joins. A caller interrupted while it waits stops
     * waiting, cancels as at the timeout, and keeps its interrupt status.
     *
     * <p>As with every timed method of the pool, a timeout of zero or less (down to
     * {@code Duration.ofNanos(Long.MIN_VALUE)} and beyond) does not wait, and one too long for a
     * {@code long} of nanoseconds waits 292 years.
     *
     * @throws IllegalArgumentException if {@code timeout} is null
     */
    public ShutdownReport shutdownGracefully(Duration timeout) {
        return lifecycle.shutdownGracefully(timeout);
    }

    /**
     * {@link #shutdownGracefully(Duration)} with the builder's {@linkplain Builder#closeTimeout close
     * timeout} (30 s by default): the bounded, reported alternative to {@link #close()}.
     */
    public ShutdownReport shutdownGracefully() {
        return lifecycle.shutdownGracefully(closeTimeout);
    }

    /**
     * Shuts down and waits until the pool has terminated, as {@code ExecutorService.close()} of Java 19+
     * specifies (and the same on Java 17): queued and running jobs finish first — those of workers,
     * and those run by other threads ({@code CALLER_RUNS} submitters, callers of {@code run()}) —
     * however long that takes. If the calling thread is interrupted while waiting, it calls {@link #shutdownNow()} (once)
     * and goes on waiting — for the running jobs to respond to their interrupt — and returns with its
     * interrupt status set. Does nothing if the pool has terminated.
     *
     * <p>For a bounded wait with a report of what happened to each job, use
     * {@link #shutdownGracefully(Duration)}. Called from inside one of this pool's jobs, it cannot wait
     * for termination (which needs the caller's job to end): it shuts down, waits for every other job as
     * above — but not for jobs inside shutdown calls of their own, which wait for the caller's, nor, on
     * the last working worker, for the queued jobs, which that worker takes once the caller's job ends —
     * and returns; the pool terminates when the caller's job ends.
     */
    @Override
    public void close() {
        lifecycle.close();
    }

    @Override
    public boolean isShutdown() {
        return lifecycle.isShutdown();
    }

    /**
     * Whether the pool has shut down and every accepted job has finished: every worker has exited, and
     * so has every job run by another thread — a {@code CALLER_RUNS} submitter's, or one a caller ran
     * with {@code run()} — since such a job, too, was accepted, has an id and records a result; and
     * every job's final state is published, so its {@code get()} returns at once. (Where
     * {@code ThreadPoolExecutor} runs a rejected task in its caller, that task is not the executor's,
     * and it may terminate while the task runs.) Once true, stays true.
     */
    @Override
    public boolean isTerminated() {
        return lifecycle.isTerminated();
    }

    /**
     * Waits until the pool has terminated, per the {@link java.util.concurrent.ExecutorService}
     * contract: a timeout of zero or less (down to {@code Long.MIN_VALUE}) does not wait, and
     * {@code Long.MAX_VALUE} of any unit waits 292 years. Called from inside one of this pool's jobs it
     * returns {@code false} rather than wait for itself — the pool cannot terminate while the caller's
     * job waits for it: at once on a worker; on a {@code CALLER_RUNS} submitter or a caller of
     * {@code run()}, once the pool is shut down and only that job (and jobs inside shutdown calls) is
     * left, since only then is it cheap to see that the caller runs one of the pool's jobs.
     */
    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return lifecycle.awaitTermination(timeout, unit);
    }

    @Override
    public String toString() {
        return "ThreadPool[" + name + "]";
    }

    /** {@code duration} in nanoseconds, saturated at {@code Long.MIN_VALUE} and {@code Long.MAX_VALUE} (292 years). */
    static long saturatedNanos(Duration duration) {
        try {
            return duration.toNanos();
        } catch (ArithmeticException tooLong) {
            return duration.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    /**
     * Configures a {@link ThreadPool}: see each setter for its rule and default. Each setter checks its
     * argument at once and throws {@link IllegalArgumentException} naming the setting and the bad value,
     * leaving the builder as it was. Not thread-safe; a builder may build several pools.
     */
    public static final class Builder extends PoolSettings<Builder> {

        /** The most results a store may retain: its ring of slots is allocated up front, so this bounds what a careless setting can claim (4 to 8 MiB). */
        public static final int MAX_RETAINED_RESULTS_LIMIT = 1 << 20;

        /** The highest {@link #firstJobId(long)} accepted, 2^62: the ids after it cannot run out. */
        public static final long MAX_FIRST_JOB_ID = 1L << 62;

        /** The default {@link #name(String)}. */
        public static final String DEFAULT_NAME = "threadpool";
        /** The default {@link #queueCapacity(int)}. */
        public static final int DEFAULT_QUEUE_CAPACITY = 1024;
        /** The default {@link #rejectionPolicy(RejectionPolicy)}. */
        public static final RejectionPolicy DEFAULT_REJECTION_POLICY = RejectionPolicy.ABORT;
        /** The default {@link #blockTimeout(Duration)}. */
        public static final Duration DEFAULT_BLOCK_TIMEOUT = Duration.ofSeconds(1);
        /** The default {@link #maxRetainedResults(int)}. */
        public static final int DEFAULT_MAX_RETAINED_RESULTS = 1024;
        /** The default {@link #resultTimeToLive(Duration)}. */
        public static final Duration DEFAULT_RESULT_TIME_TO_LIVE = Duration.ofMinutes(10);
        /** The default {@link #closeTimeout(Duration)}: 20 s, inside Spring Boot's default 30 s shutdown phase. */
        public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(20);

        private Builder() {
        }

        @Override
        Builder self() {
            return this;
        }

        /**
         * Builds the pool and starts its workers. If a worker thread cannot be created or started, the
         * workers already started are stopped and waited for, and the failure is thrown: a failed build
         * leaves no thread behind.
         *
         * @throws IllegalArgumentException if {@code workers} is above {@code maxWorkers}
         * @throws IllegalStateException if a worker thread could not be created or started
         */
        public ThreadPool build() {
            if (workers == 0) {
                workers = Math.min(Runtime.getRuntime().availableProcessors(), maxWorkers);
                try {
                    return new ThreadPool(this);
                } finally {
                    workers = 0; // still "not set" for this builder's next build
                }
            }
            PoolSettings.requireWorkers(workers, maxWorkers);
            return new ThreadPool(this);
        }
    }
}
