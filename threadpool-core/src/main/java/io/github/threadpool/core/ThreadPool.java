package io.github.threadpool.core;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.RunnableFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
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
 *   <li><b>Ids</b> start at 1 and follow acceptance order; a refused submission gets none.</li>
 *   <li><b>Results</b> of finished jobs go to the {@link #results() result store}.</li>
 *   <li><b>Resizing</b>: {@link #setWorkers(int)} and {@link #setQueueCapacity(int)} at any time
 *       before shutdown.</li>
 *   <li><b>Shutdown</b>: {@link #shutdown()}, {@link #shutdownNow()},
 *       {@link #shutdownGracefully(Duration)} and {@link #close()} are idempotent, thread-safe, and
 *       safe to call from inside a job; {@code close()} is {@code ExecutorService.close()} of Java 19+.
 *       Every accepted job ends {@code SUCCEEDED}, {@code FAILED} or {@code CANCELLED}.</li>
 *   <li><b>Timeouts</b> of zero or less never wait; huge ones saturate (292 years), never overflow.</li>
 * </ul>
 *
 * <h2>Thread-safety and locking</h2>
 * Every public method is thread-safe. The {@link JobQueue}'s two locks guard the queue: its put lock
 * the tail end (ids, capacity, blocked submitters), its take lock the head end and all worker
 * bookkeeping (claims, the registry of live workers and their current jobs, the outcome counts, the
 * recording of results); idle workers and blocked submitters wait on their conditions (see
 * {@link JobQueue} for why no wake-up can be lost). The {@link ResultStore} is written under the take
 * lock and locks only for readers; {@code resizeLock} serialises resizes and worker starts (a dying
 * worker's replacement excepted); {@code exitMonitor} is where shutdown waits for workers to exit and
 * for jobs run by other threads to finish (it is taken with no other lock held, and only the queue's
 * locks are taken inside it). A worker is counted
 * in {@code alive} before the queue's closed flag is read, so a start racing shutdown never revives a
 * terminated pool. Locks nest in one direction only — {@code resizeLock}, then the queue's put lock,
 * then its take lock — so no cycle can form, and no queue lock is held while a job or a listener runs.
 * On the hot path a submission takes the put lock once, and a worker the take lock once per job
 * (handing one back and taking the next in the same critical section).
 */
public final class ThreadPool extends AbstractExecutorService implements AutoCloseable {

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
    private final Thread.UncaughtExceptionHandler uncaughtExceptionHandler;
    /** Every listener added, as one; null if none, so the hot path pays a null check only. */
    private final JobListener jobListener;
    private final ThreadFactory threadFactory;
    private final int maxWorkers;

    private final JobQueue queue;
    private final ResultStore results;

    private final LongAdder rejected = new LongAdder();
    private final AtomicLong workersReplaced = new AtomicLong();
    /**
     * Workers that died and whose replacement could not be started: the next {@link #setWorkers}
     * starts them (whatever count it asks for), so a pool the thread factory failed once can be made
     * whole again. Incremented by the dying worker, taken whole under resizeLock.
     */
    private final AtomicInteger workersOwed = new AtomicInteger();

    /** Live workers: added before start, removed as they exit. */
    private final Set<Worker> workers = ConcurrentHashMap.newKeySet();
    private final AtomicInteger alive = new AtomicInteger();
    private final Object exitMonitor = new Object();

    private final Object resizeLock = new Object();
    private volatile int configuredWorkers; // written under resizeLock

    /**
     * Threads whose job is inside a shutdown call of this pool, so the job is the one asking: a worker
     * in {@link #shutdownGracefully} or {@link #close()}, and a {@code CALLER_RUNS} submitter or a
     * caller of {@code run()} in {@link #shutdownGracefully}. A drain neither waits for them nor cancels
     * their jobs. Added before, and removed after, the call (see {@link #beginAsking}).
     */
    private final Set<Thread> askingThreads = ConcurrentHashMap.newKeySet();

    private final AtomicBoolean gracefulShutdownStarted = new AtomicBoolean();
    /**
     * Work on this pool's jobs by threads that are not its workers: a job's body run by a
     * {@code CALLER_RUNS} submitter or a caller of {@code run()} (counted from before its claim until
     * the body has returned, even if the job was cancelled meanwhile), and the publishing of a job
     * finished other than by a worker's next take ({@link #jobFinished}), whose listener may be running.
     * The pool has not terminated while there is any, as a worker has not exited while it runs a body
     * or publishes its last job.
     */
    private final AtomicInteger outsideWork = new AtomicInteger();
    /**
     * How much of that the current thread does: read only by the thread itself, so that a job or a
     * listener closing the pool sees that it is the one holding it up.
     */
    private final ThreadLocal<int[]> outsideWorkHere = ThreadLocal.withInitial(() -> new int[1]);
    /** Set by the first {@link #isTerminated()} that finds the pool terminated; never cleared. */
    private volatile boolean terminated;
    private final CompletableFuture<ShutdownReport> gracefulShutdownReport = new CompletableFuture<>();

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
        this.uncaughtExceptionHandler = builder.uncaughtExceptionHandler;
        this.jobListener = JobListeners.of(builder.jobListeners);
        this.maxWorkers = builder.maxWorkers;
        this.threadFactory = builder.threadFactory != null ? builder.threadFactory
                : defaultThreadFactory(builder.threadNamePrefix != null ? builder.threadNamePrefix : name + "-worker-");
        this.results = new ResultStore(builder.maxRetainedResults, builder.resultTimeToLive, 0,
                builder.beforeConsumerWaits);
        this.queue = new JobQueue(builder.queueCapacity, results, builder.firstJobId, jobListener != null);
        synchronized (resizeLock) {
            try {
                for (int i = 0; i < builder.workers; i++) {
                    startWorker();
                }
            } catch (Throwable e) {
                abandonBuild(); // no pool is returned, so no thread may stay behind
                throw e;
            }
            configuredWorkers = builder.workers;
        }
    }

    /** Platform, non-daemon threads named {@code prefix + n}, n = 1, 2, ... */
    private static ThreadFactory defaultThreadFactory(String prefix) {
        AtomicInteger numbers = new AtomicInteger();
        return (Runnable worker) -> new Thread(worker, prefix + numbers.incrementAndGet());
    }

    /**
     * A build failed while starting workers: closes the queue so the workers started so far exit at
     * once (they have no job), and waits for them, so the failed build leaves no thread behind.
     */
    private void abandonBuild() {
        queue.close();
        boolean interrupted = false;
        synchronized (exitMonitor) {
            while (alive.get() > 0) {
                try {
                    exitMonitor.wait();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
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
        if (alive.get() == 0) {
            restoreAWorker();
        }
        long now = System.nanoTime();
        JobQueue.Admission admission = queue.offer(job, now);
        if (admission != JobQueue.Admission.ACCEPTED) {
            admitWhenRefused(job, admission, now);
        } else if (jobListener != null) {
            tell(job, jobListener::queued, "queued");
        }
        return job;
    }

    /**
     * No worker is alive: the last one died and its replacement could not be started. Starts one of
     * the workers owed now, as {@code ThreadPoolExecutor} retries on its next {@code execute}; if that
     * fails too, refuses the job, which nobody would run.
     */
    private void restoreAWorker() {
        synchronized (resizeLock) {
            if (alive.get() != 0 || queue.isClosed()) {
                return; // restored meanwhile, or shut down: the offer refuses it
            }
            try {
                startWorker();
                workersOwed.updateAndGet(owed -> Math.max(0, owed - 1));
                LOG.log(Level.WARNING, "Pool '" + name + "' had no live worker; a submission started one");
            } catch (IllegalStateException e) {
                throw refused(JobRejectedException.Reason.NO_WORKER, (depth, capacity) -> "Pool '" + name
                        + "' rejected a job: no worker is alive (they died) and none could be started: "
                        + e.getMessage() + " (capacity " + capacity + ", depth " + depth + ")", e);
            }
        }
    }

    private void admitWhenRefused(PoolJob<?> job, JobQueue.Admission admission, long now) {
        if (admission == JobQueue.Admission.FULL) {
            if (rejectionPolicy == RejectionPolicy.CALLER_RUNS) {
                enterOutsideWork(); // before the claim: the pool does not terminate while the body runs
                try {
                    admission = queue.acceptAndClaim(job, now);
                    if (admission == JobQueue.Admission.ACCEPTED) {
                        if (jobListener != null) {
                            tell(job, jobListener::queued, "queued");
                        }
                        job.execute(Thread.currentThread(), null);
                        return;
                    }
                } finally {
                    leaveOutsideWork();
                }
            } else if (rejectionPolicy == RejectionPolicy.BLOCK) {
                try {
                    admission = queue.offerWaiting(job, blockTimeoutNanos);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw refused(JobRejectedException.Reason.INTERRUPTED, (depth, capacity) -> "Pool '" + name
                            + "' rejected a job: interrupted while waiting for room in its queue", e);
                }
                if (admission == JobQueue.Admission.ACCEPTED) {
                    if (jobListener != null) {
                        tell(job, jobListener::queued, "queued");
                    }
                    return;
                }
            }
        }
        if (admission == JobQueue.Admission.CLOSED) {
            throw refused(JobRejectedException.Reason.SHUT_DOWN,
                    (depth, capacity) -> "Pool '" + name + "' is shut down and accepts no more jobs", null);
        }
        String waited = rejectionPolicy == RejectionPolicy.BLOCK
                ? " after waiting " + Duration.ofNanos(blockTimeoutNanos) + " for room" : "";
        throw refused(JobRejectedException.Reason.QUEUE_FULL, (depth, capacity) -> "Pool '" + name
                + "' rejected a job: its queue is full (capacity " + capacity + ", depth " + depth + ")" + waited, null);
    }

    /** How a refusal reads, given the queue's depth and capacity at that moment. */
    private interface RefusalMessage {
        String of(int depth, int capacity);
    }

    /** Counts a refusal and describes it: the pool, why, and the queue's depth and capacity. */
    private JobRejectedException refused(JobRejectedException.Reason reason, RefusalMessage message, Throwable cause) {
        rejected.increment();
        int[] fullness = queue.fullness();
        return new JobRejectedException(name, reason, fullness[0], fullness[1], message.of(fullness[0], fullness[1]),
                cause);
    }

    // ---------------------------------------------------------------- callbacks from jobs and workers

    /**
     * Called once per accepted job that is finished other than by its worker's next take (a canceller,
     * a CALLER_RUNS submitter, a caller of {@code run()}, a worker reporting or abandoning a failure),
     * before its final state is published: the queue records, counts and drops it in one critical
     * section (see {@link JobQueue#take} for the jobs workers finish).
     */
    void jobFinished(PoolJob<?> job, int finalState) {
        enterOutsideWork(); // before the job leaves the live index: see isTerminated
        queue.finishedElsewhere(job, finalState);
        if (queue.isClosed()) {
            wakeExitWaiters(); // a drain waiting for this job (see awaitOthers) looks again
        }
    }

    /** Called by the thread that finished a job other than by a worker's next take, once it has published the job's final state. */
    void jobPublished() {
        leaveOutsideWork();
    }

    private void enterOutsideWork() {
        outsideWork.incrementAndGet();
        outsideWorkHere.get()[0]++;
    }

    private void leaveOutsideWork() {
        outsideWorkHere.get()[0]--;
        outsideWork.decrementAndGet();
        if (queue.isClosed()) {
            wakeExitWaiters(); // the pool may have terminated with this
        }
    }

    /**
     * {@link PoolJob#run()} on one of this pool's jobs, by {@code thread}: claims it out of the queue
     * (see {@link JobQueue#claimOutsideQueue}) and runs it. Counted as outside work from before the
     * claim until the body has returned, so the pool does not terminate while the body runs, even if
     * the job is cancelled meanwhile.
     */
    void runOutsideQueue(PoolJob<?> job, Thread thread) {
        enterOutsideWork();
        try {
            if (queue.claimOutsideQueue(job, thread, System.nanoTime())) {
                job.execute(thread, null);
            }
        } finally {
            leaveOutsideWork();
        }
    }

    /** Called by a job's winner, after its result is recorded and before its final state is published. */
    void notifyListener(PoolJob<?> job) {
        if (jobListener != null) {
            tell(job, jobListener::finished, "finished");
        }
    }

    /** Called by the thread about to run a job's body. */
    void jobStarted(PoolJob<?> job) {
        if (jobListener != null) {
            tell(job, jobListener::started, "started");
        }
    }

    /**
     * Runs a listener's event, catching whatever it throws, checked exceptions included: a listener
     * never changes the job, nor the thread's bookkeeping around it.
     */
    private void tell(PoolJob<?> job, Consumer<JobResult> event, String what) {
        try {
            PoolJob.inCallback(() -> event.accept(job));
        } catch (Throwable e) {
            LOG.log(Level.WARNING, "Pool '" + name + "': a job listener failed (" + what + ") for job " + job.id(), e);
        }
    }

    /** The instant of a {@code System.nanoTime()} reading of this JVM. */
    static Instant instantOf(long nanos) {
        return CLOCK_BASE.plusNanos(nanos - CLOCK_BASE_NANOS);
    }

    /**
     * Starts one worker, or throws and leaves no trace of it: a factory that throws or returns
     * {@code null}, or a {@code start()} that fails ({@code OutOfMemoryError: unable to create native
     * thread}), undoes the worker's count. A worker is counted alive before the queue's state is checked,
     * so one started as the pool shuts down either sees the queue closed (and is not started) or was
     * alive before the pool could count as terminated: {@link #isTerminated()} never goes back to false.
     * A replacement for a dying worker is started even after shutdown — the queue may still hold jobs
     * to drain — and cannot revive a terminated pool, since the dying worker is still counted alive.
     *
     * @throws IllegalStateException if the thread could not be created or started, or the pool is shut
     *         down and this is not a replacement
     */
    private void startWorker() {
        startWorker(false);
    }

    private void startWorker(boolean replacement) {
        Worker worker = new Worker(this, queue);
        Thread thread;
        try {
            thread = threadFactory.newThread(worker);
        } catch (Throwable e) { // a factory may throw a checked exception it did not declare
            throw new IllegalStateException("Pool '" + name + "': its thread factory failed to create a worker thread: "
                    + e, e);
        }
        if (thread == null) {
            throw new IllegalStateException("Pool '" + name + "': its thread factory returned null instead of a worker thread");
        }
        worker.thread = thread;
        if (uncaughtExceptionHandler != null) {
            thread.setUncaughtExceptionHandler(uncaughtExceptionHandler);
        }
        alive.incrementAndGet();
        workers.add(worker);
        if (!replacement && queue.isClosed()) {
            forgetWorker(worker);
            throw new IllegalStateException("Pool '" + name + "' is shut down; it starts no more workers");
        }
        queue.register(worker);
        try {
            thread.start();
        } catch (Throwable e) {
            forgetWorker(worker);
            throw new IllegalStateException("Pool '" + name + "' could not start a worker thread: " + e, e);
        }
    }

    /** Undoes the counting of a worker whose thread never ran. */
    private void forgetWorker(Worker worker) {
        queue.died(worker);
        workers.remove(worker);
        alive.decrementAndGet();
        wakeExitWaiters();
    }

    /** Called by every worker as it exits, normally (retired, or closed and empty) or by dying. */
    void workerExited(Worker worker, Throwable death) {
        if (death != null) {
            PoolJob<?> job = worker.current;
            if (job != null) {
                job.abandon(death);
            }
            queue.died(worker);
            try {
                startWorker(true); // before this one leaves, so the pool is never left without workers
                workersReplaced.incrementAndGet();
                LOG.log(Level.WARNING, "Pool '" + name + "': worker " + worker.name()
                        + " died and was replaced", death);
            } catch (Throwable e) {
                e.addSuppressed(death);
                workersOwed.incrementAndGet();
                LOG.log(Level.ERROR, "Pool '" + name + "': worker " + worker.name()
                        + " died and could not be replaced; the next resize (with any worker count) starts it", e);
            }
        }
        workers.remove(worker);
        alive.decrementAndGet();
        cancelQueuedJobsIfNoWorkerIsAlive();
        wakeExitWaiters();
    }

    private Worker ownWorker() {
        Worker current = Worker.current();
        return current != null && current.belongsTo(this) ? current : null;
    }

    /**
     * Whether the calling thread is one of this pool's workers — that is, the caller is one of its jobs.
     * Code that waits for the pool (a shutdown hook, a drain) uses it to avoid waiting for itself.
     */
    public boolean isWorkerThread() {
        return ownWorker() != null;
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
    public void setWorkers(int workers) {
        requireWorkers(workers, maxWorkers);
        synchronized (resizeLock) {
            requireRunning();
            applyWorkers(workers);
        }
    }

    private void requireRunning() {
        if (queue.isClosed()) {
            throw new IllegalStateException("Pool '" + name + "' is shut down; it cannot be resized");
        }
    }

    /**
     * Called under resizeLock. All or nothing: see {@link #setWorkers(int)}. Workers that died
     * unreplaced are owed on top of the change in the configured count: they are started here, or
     * netted against a shrink, so alive converges on {@code workers} either way.
     */
    private void applyWorkers(int workers) {
        int owed = workersOwed.getAndSet(0);
        int delta = workers - configuredWorkers + owed;
        if (delta > 0) {
            int added = queue.withdrawRetirement(delta);
            try {
                for (; added < delta; added++) {
                    startWorker();
                }
            } catch (Throwable e) {
                queue.requestRetirement(added); // back to the count before this call
                workersOwed.addAndGet(owed);
                throw e;
            }
            configuredWorkers = workers; // after the starts: a snapshot never sees alive < configured
        } else {
            configuredWorkers = workers; // before the retirements, for the same reason
            if (delta < 0) {
                queue.requestRetirement(-delta);
            }
        }
    }

    /**
     * Sets the queue's capacity. Lowering it below the current depth keeps the queued jobs and refuses
     * new ones until there is room; raising it lets {@link RejectionPolicy#BLOCK blocked} submitters in.
     *
     * @throws IllegalArgumentException if {@code capacity < 1}; nothing changes
     * @throws IllegalStateException if the pool is shut down
     */
    public void setQueueCapacity(int capacity) {
        requireAtLeast("queueCapacity", capacity, 1);
        synchronized (resizeLock) {
            requireRunning();
            queue.setCapacity(capacity);
        }
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
    public void resize(int workers, int capacity) {
        requireWorkers(workers, maxWorkers);
        requireAtLeast("queueCapacity", capacity, 1);
        synchronized (resizeLock) {
            requireRunning();
            applyWorkers(workers);
            queue.setCapacity(capacity);
        }
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
        boolean terminated = isTerminated(); // before the view: a pool terminated by then shows it in every figure
        JobQueue.View q = queue.view(() -> configuredWorkers);
        List<PoolSnapshot.BusyWorker> busy = new ArrayList<>(q.busy());
        busy.sort(Comparator.comparing(PoolSnapshot.BusyWorker::runningFor).reversed());
        long finished = q.succeeded() + q.failed() + q.cancelled();
        long running = q.submitted() - q.depth() - finished; // never negative: see JobQueue.View
        PoolState state = terminated ? PoolState.TERMINATED : q.closed() ? PoolState.SHUTTING_DOWN : PoolState.RUNNING;
        ResultStore.Figures stored = results.figures();
        return new PoolSnapshot(name, state, instantOf(q.nowNanos()), rejectionPolicy,
                new PoolSnapshot.Workers(q.configured(), q.alive(), busy.size(), q.alive() - busy.size(),
                        workersReplaced.get(), busy),
                new PoolSnapshot.Queue(q.depth(), q.capacity(), Math.max(0, q.capacity() - q.depth()),
                        Duration.ofNanos(q.nowNanos() - q.oldestSubmittedNanos())),
                new PoolSnapshot.JobCounts(q.submitted(), q.depth(), running, q.succeeded(), q.failed(),
                        q.cancelled(), rejected.sum()),
                new PoolSnapshot.Results(stored.retained(), stored.evicted(), results.maxRetained(),
                        results.timeToLive()));
    }

    // ---------------------------------------------------------------- shutdown

    /** Stops accepting jobs; queued and running jobs go on to finish. Does not wait. */
    @Override
    public void shutdown() {
        closeQueue();
    }

    /**
     * Stops accepting jobs. A pool with no live worker left (they died and could not be replaced)
     * cancels its queued jobs here, as no worker will ever take them; and a pool with nothing left to
     * do has terminated now, so waiters in {@link #awaitTermination} are woken to see it.
     */
    private void closeQueue() {
        queue.close();
        cancelQueuedJobsIfNoWorkerIsAlive();
        wakeExitWaiters();
    }

    /**
     * Wakes every thread waiting on {@code exitMonitor} — for termination, for a drain, for other workers —
     * to look again: called, holding no other lock, after each change they wait for (a worker exits, a job
     * run elsewhere finishes or is published once the queue is closed, the queue closes, a job starts
     * asking).
     */
    private void wakeExitWaiters() {
        synchronized (exitMonitor) {
            exitMonitor.notifyAll();
        }
    }

    /**
     * Once the queue is closed and no worker is alive — which happens with jobs still queued only when
     * workers died and could not be replaced, since the last worker never retires and every other
     * exits only with the queue closed and empty — no worker can start again and nothing will take the
     * queued jobs: cancels them, so that none is left {@code QUEUED} for ever (a graceful shutdown
     * reports them as cancelled unstarted). Called as the queue closes and as a worker exits. Not
     * after {@code shutdownNow}, whose workers exit leaving the queued jobs to its caller to cancel and list.
     */
    private void cancelQueuedJobsIfNoWorkerIsAlive() {
        if (alive.get() != 0 || !queue.isClosed() || queue.isStopping() || queue.depth() == 0) {
            return;
        }
        int cancelled = 0;
        for (PoolJob<?> job : queue.unfinished()) {
            if (job.cancelWhileQueued()) {
                cancelled++;
            }
        }
        if (cancelled > 0) {
            LOG.log(Level.ERROR, "Pool '" + name + "' is shut down with no live worker (workers died and could not"
                    + " be replaced): cancelled " + cancelled + " queued job(s) that no worker could run");
        }
    }

    /**
     * Stops accepting jobs, cancels the queued ones and cancels (interrupting) the running ones —
     * except the caller's own job when called from inside the pool. Does not wait.
     *
     * @return the jobs that never started, now {@code CANCELLED}
     */
    @Override
    public List<Runnable> shutdownNow() {
        List<Runnable> neverStarted = cancelEverything(true);
        wakeExitWaiters(); // a pool with nothing left to cancel has terminated now: see closeQueue
        return neverStarted;
    }

    /**
     * Stops the queue (no job is taken from now on), cancels every queued job and cancels every running
     * one — interrupting this pool's workers, but not threads that are not the pool's (a
     * {@code CALLER_RUNS} submitter, a caller of {@code run()}): their jobs are cancelled without an
     * interrupt, or, unless {@code alsoOtherThreadsJobs}, left alone (a graceful shutdown's deadline:
     * a job we cannot interrupt would only be marked cancelled while its code runs on, and reported as
     * interrupted when it was not). Spares the caller's own job and those of workers inside a shutdown
     * call of their own (they are the ones asking). Returns the jobs that never started.
     */
    private List<Runnable> cancelEverything(boolean alsoOtherThreadsJobs) {
        Thread caller = Thread.currentThread();
        Set<Thread> workerThreads = workerThreads();
        List<Runnable> neverStarted = new ArrayList<>();
        for (PoolJob<?> job : queue.stop()) {
            int s = job.state();
            if (s == PoolJob.QUEUED) {
                if (job.cancelWhileQueued()) {
                    neverStarted.add(job);
                }
            } else if (s == PoolJob.RUNNING && !isAsking(job.runner(), caller)) {
                boolean onWorker = workerThreads.contains(job.runner());
                if (onWorker || alsoOtherThreadsJobs) {
                    job.cancel(onWorker);
                }
            }
        }
        return neverStarted;
    }

    /**
     * The threads of this pool's live workers (O(workers), once per shutdown call): a runner is one of
     * the pool's workers only if it is in here, whatever its thread's class.
     */
    private Set<Thread> workerThreads() {
        Set<Thread> threads = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Worker worker : workers) {
            threads.add(worker.thread);
        }
        return threads;
    }

    /** Whether {@code runner} is the thread calling for shutdown, or blocked in a shutdown call of its own. */
    private boolean isAsking(Thread runner, Thread caller) {
        return runner != null && (runner == caller || askingThreads.contains(runner)); // null: not started, or finished
    }

    /** Marks {@code thread}'s job as asking, and lets a drain in progress stop waiting for it. */
    private void beginAsking(Thread thread) {
        askingThreads.add(thread);
        wakeExitWaiters();
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
        if (timeout == null) {
            throw new IllegalArgumentException("timeout must not be null");
        }
        Thread caller = Thread.currentThread();
        beginAsking(caller); // a worker's job, a CALLER_RUNS job or a run() caller may be the one asking
        try {
            if (!gracefulShutdownStarted.compareAndSet(false, true)) {
                return gracefulShutdownReport.join();
            }
            try {
                ShutdownReport report = drainThenCancel(timeout);
                gracefulShutdownReport.complete(report);
                return report;
            } catch (RuntimeException | Error e) {
                gracefulShutdownReport.completeExceptionally(e);
                throw e;
            }
        } finally {
            askingThreads.remove(caller);
        }
    }

    /**
     * {@link #shutdownGracefully(Duration)} with the builder's {@linkplain Builder#closeTimeout close
     * timeout} (30 s by default): the bounded, reported alternative to {@link #close()}.
     */
    public ShutdownReport shutdownGracefully() {
        return shutdownGracefully(closeTimeout);
    }

    private ShutdownReport drainThenCancel(Duration timeout) {
        long start = System.nanoTime();
        long nanos = saturatedNanos(timeout);
        queue.close();
        List<PoolJob<?>> pending = queue.unfinished();
        closeQueue(); // after the list is taken: the jobs it may cancel are among the pending ones
        if (!awaitWorkersExit(start, nanos) || !awaitOthers(pending, start, nanos)) {
            cancelEverything(false);
        }
        long succeeded = 0;
        long failed = 0;
        long cancelledUnstarted = 0;
        long interrupted = 0;
        long stillRunning = 0;
        for (PoolJob<?> job : pending) {
            switch (job.settledState()) {
                case PoolJob.SUCCEEDED:
                    succeeded++;
                    break;
                case PoolJob.FAILED:
                    failed++;
                    break;
                case PoolJob.CANCELLING:
                case PoolJob.CANCELLED:
                    cancelledUnstarted++;
                    break;
                case PoolJob.INTERRUPTING:
                case PoolJob.CANCELLED_RUNNING:
                    interrupted++;
                    break;
                default:
                    stillRunning++;
                    break;
            }
        }
        if (cancelledUnstarted == 0 && interrupted == 0 && stillRunning == 0) {
            awaitTerminatedAfterDrain(); // drained: return with the pool terminated, as the report says
        }
        return new ShutdownReport(pending.size(), succeeded, failed, cancelledUnstarted, interrupted, stillRunning,
                Duration.ofNanos(System.nanoTime() - start));
    }

    /**
     * Every pending job has finished: what is left is workers exiting and the last outcomes being
     * published, which take no user code but a listener's. Waits for that, unless the caller itself holds
     * the pool up (a listener that shuts down its own pool); an interrupt ends the wait and is kept.
     */
    private void awaitTerminatedAfterDrain() {
        try {
            awaitTerminationOrOwnJob(Thread.currentThread(), Long.MAX_VALUE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Waits until the pending jobs run by threads that are not this pool's workers ({@code CALLER_RUNS}
     * submitters, callers of {@code run()}) have finished — once the workers have exited, that is every
     * pending job but the caller's own — for at most {@code nanos} from {@code start}. A job whose
     * runner is itself inside {@link #shutdownGracefully} is not waited for: that call waits for this
     * drain's report. Waits on {@code exitMonitor}, like {@link #awaitWorkersExit}: false if some job
     * remains at the deadline, or the caller was interrupted.
     */
    private boolean awaitOthers(List<PoolJob<?>> pending, long start, long nanos) {
        Thread caller = Thread.currentThread();
        // Woken when such a job finishes (jobFinished, once the queue is closed) and when its runner
        // enters a shutdown call of its own (it is then the one asking, and is not waited for).
        return awaitOnExitMonitor(() -> waitsForAnyOf(pending, caller), start, nanos);
    }

    /**
     * Whether a pending job is neither done (its outcome decided) nor run by a thread that is asking,
     * nor still queued. Called once no worker is working: every worker left is inside a shutdown call
     * (asking), so a queued job waits for one of them, which waits for this drain — a drain from a job
     * on the last working worker would wait for itself. Queued jobs are left to the asking workers,
     * which run them once their own jobs end, and reported as still running.
     */
    private boolean waitsForAnyOf(List<PoolJob<?>> pending, Thread caller) {
        for (PoolJob<?> job : pending) {
            Thread runner = job.runner();
            if (!job.isDecided() && runner != null && !isAsking(runner, caller)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Waits until every worker has exited, except those blocked in a shutdown call of their own, for at
     * most {@code nanos} from {@code start}; false if some remain, or the caller was interrupted.
     */
    private boolean awaitWorkersExit(long start, long nanos) {
        return awaitOnExitMonitor(this::hasWorkingWorker, start, nanos);
    }

    /**
     * Waits on {@code exitMonitor} while {@code waiting} holds (checked under the monitor), for at most
     * {@code nanos} from {@code start}; false if it still holds then, or the caller was interrupted.
     */
    private boolean awaitOnExitMonitor(BooleanSupplier waiting, long start, long nanos) {
        synchronized (exitMonitor) {
            while (waiting.getAsBoolean()) {
                long left = nanos <= 0L ? 0L : nanos - (System.nanoTime() - start);
                if (left <= 0L) {
                    return false;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(exitMonitor, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt(); // the caller wants out: stop draining now
                    return false;
                }
            }
            return true;
        }
    }

    private boolean hasWorkingWorker() {
        for (Worker worker : workers) {
            if (!askingThreads.contains(worker.thread)) {
                return true;
            }
        }
        return false;
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
        if (isTerminated()) {
            return;
        }
        Thread caller = Thread.currentThread();
        beginAsking(caller); // if the caller runs one of this pool's jobs, that job is the one asking
        boolean interrupted = false;
        try {
            shutdown();
            for (;;) {
                try {
                    awaitTerminationOrOwnJob(caller, Long.MAX_VALUE);
                    break;
                } catch (InterruptedException e) {
                    if (!interrupted) {
                        shutdownNow();
                        interrupted = true;
                    }
                }
            }
        } finally {
            askingThreads.remove(caller);
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isShutdown() {
        return queue.isClosed();
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
        if (terminated) {
            return true;
        }
        // closed before alive: once closed, no worker starts unless a dying one, still counted, replaces
        // itself, so alive == 0 read after it stays 0; and the live index before publishing, which a
        // job enters before it leaves the index
        if (!queue.isClosed() || alive.get() != 0 || !queue.allSettled() || outsideWork.get() != 0) {
            return false;
        }
        terminated = true; // for good: closed, so no job is accepted again, and no worker starts again
        return true;
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
        Objects.requireNonNull(unit, "unit");
        long nanos = unit.toNanos(timeout); // saturates
        if (nanos <= 0L || ownWorker() != null) {
            return isTerminated();
        }
        return awaitTerminationOrOwnJob(Thread.currentThread(), nanos);
    }

    /**
     * Under exitMonitor, for a shut-down pool not yet terminated: whether what keeps it from terminating
     * is only the caller — its worker, a job it runs, a job whose outcome it is publishing (a completion
     * listener that closes the pool) — and threads inside shutdown calls, which wait for the caller's.
     * {@code caller} is the current thread, whose own count of jobs it is publishing is read.
     */
    private boolean heldUpOnlyBy(Thread caller, boolean onWorker) {
        if (hasWorkingWorker() || !queue.isClosed()) {
            return false;
        }
        // Others publishing need not be waited for here: they end by themselves, and the caller holds the pool up anyway.
        boolean callerHoldsItUp = onWorker || outsideWorkHere.get()[0] > 0;
        return queue.unfinishedOnlyByCallerOrAsking(caller, askingThreads, onWorker, callerHoldsItUp);
    }

    /**
     * Waits on {@code exitMonitor} until the pool has terminated (true), for at most {@code nanos}, or
     * until only {@code caller}'s own job — and jobs inside shutdown calls, which wait for the caller's,
     * and, when the caller is a worker, the queued jobs, which it takes once its job ends — keeps it from
     * terminating (false): the caller runs one of this pool's jobs, on a worker (every
     * other worker has exited, or is inside a shutdown call too), as a {@code CALLER_RUNS} submitter or
     * through {@code run()}, and the pool cannot terminate while that job waits for it. Whether the
     * caller runs a job is known for free only for workers, so for other threads it is looked up once
     * no worker is working (then the live index holds only the jobs other threads run).
     */
    private boolean awaitTerminationOrOwnJob(Thread caller, long nanos) throws InterruptedException {
        boolean onWorker = ownWorker() != null; // then the queued jobs wait for the caller: it takes them next
        long start = System.nanoTime();
        synchronized (exitMonitor) {
            while (!isTerminated()) {
                if (heldUpOnlyBy(caller, onWorker)) {
                    return false;
                }
                long left = nanos - (System.nanoTime() - start);
                if (left <= 0L) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(exitMonitor, left);
            }
            return true;
        }
    }

    @Override
    public String toString() {
        return "ThreadPool[" + name + "]";
    }

    // ---------------------------------------------------------------- validation

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

    /** {@code duration} in nanoseconds, saturated at {@code Long.MIN_VALUE} and {@code Long.MAX_VALUE} (292 years). */
    static long saturatedNanos(Duration duration) {
        try {
            return duration.toNanos();
        } catch (ArithmeticException tooLong) {
            return duration.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    static void requireNonNegative(String setting, Duration value) {
        if (value == null || value.isNegative()) {
            throw new IllegalArgumentException(setting + " must be zero or positive, was " + value);
        }
    }

    /**
     * Configures a {@link ThreadPool}. Each setter checks its argument at once and throws
     * {@link IllegalArgumentException} naming the setting and the bad value, leaving the builder as it
     * was. Not thread-safe; a builder may build several pools.
     */
    public static final class Builder {

        /** The most results a store may retain: its ring of slots is allocated up front, so this bounds what a careless setting can claim (4 to 8 MiB). */
        public static final int MAX_RETAINED_RESULTS_LIMIT = 1 << 20;

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

        private String name = DEFAULT_NAME;
        private int workers; // 0: not set, the number of available processors up to maxWorkers
        private int maxWorkers = DEFAULT_MAX_WORKERS;
        private ThreadFactory threadFactory; // null: defaultThreadFactory
        private String threadNamePrefix; // null: <name>-worker-
        private long firstJobId = 1L;
        private int queueCapacity = DEFAULT_QUEUE_CAPACITY;
        private RejectionPolicy rejectionPolicy = DEFAULT_REJECTION_POLICY;
        private Duration blockTimeout = DEFAULT_BLOCK_TIMEOUT;
        private int maxRetainedResults = DEFAULT_MAX_RETAINED_RESULTS;
        private Duration resultTimeToLive = DEFAULT_RESULT_TIME_TO_LIVE;
        private Duration closeTimeout = DEFAULT_CLOSE_TIMEOUT;
        private UnaryOperator<Runnable> decorator;
        private Thread.UncaughtExceptionHandler uncaughtExceptionHandler;
        private final List<JobListener> jobListeners = new ArrayList<>();
        private Runnable beforeConsumerWaits; // a test hook of the result store, else null

        private Builder() {
        }

        /** The pool's name, for its threads ({@code <name>-worker-<n>}), errors and snapshots. Default {@code threadpool}. */
        public Builder name(String name) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("name must not be blank, was "
                        + (name == null ? "null" : "'" + name + "'"));
            }
            this.name = name;
            return this;
        }

        /**
         * The number of worker threads, from 1 to {@link #maxWorkers(int) maxWorkers} (checked here
         * against {@link ThreadPool#WORKER_CEILING}, and by {@link #build()} against {@code maxWorkers}).
         * Default: the number of available processors, at most {@code maxWorkers}.
         */
        public Builder workers(int workers) {
            requireWorkers(workers, WORKER_CEILING, "the ceiling");
            this.workers = workers;
            return this;
        }

        /**
         * The most workers the pool may have — at build and at every later {@link ThreadPool#setWorkers}
         * or {@link ThreadPool#resize} — from 1 to {@value ThreadPool#WORKER_CEILING}. A bound on what a
         * careless setting or resize request can claim: each platform worker is a native thread with its
         * own stack. Default {@value ThreadPool#DEFAULT_MAX_WORKERS}.
         */
        public Builder maxWorkers(int maxWorkers) {
            if (maxWorkers < 1 || maxWorkers > WORKER_CEILING) {
                throw new IllegalArgumentException("maxWorkers must be between 1 and " + WORKER_CEILING
                        + " (the ceiling), was " + maxWorkers);
            }
            this.maxWorkers = maxWorkers;
            return this;
        }

        /**
         * Creates the worker threads. Each call must return a new, unstarted thread that runs the
         * {@code Runnable} it is given; the pool starts it. Default: platform threads named
         * {@code <name>-worker-<n>}, not daemons. On Java 21+, {@code Thread.ofVirtual().name("reports-", 1).factory()}
         * runs workers as virtual threads: then the pool is a cheap concurrency limit with a queue, ids
         * and results for blocking work. If the factory throws or returns {@code null}, the build or
         * resize that called it fails and is rolled back.
         */
        public Builder threadFactory(ThreadFactory threadFactory) {
            if (threadFactory == null) {
                throw new IllegalArgumentException("threadFactory must not be null");
            }
            this.threadFactory = threadFactory;
            return this;
        }

        /**
         * The prefix of the default thread factory's thread names: its threads are named
         * {@code prefix + n}, n = 1, 2, ... Default {@code <name>-worker-}. Not used when a
         * {@link #threadFactory(ThreadFactory) thread factory} is set.
         */
        public Builder threadNamePrefix(String prefix) {
            if (prefix == null || prefix.isBlank()) {
                throw new IllegalArgumentException("threadNamePrefix must not be blank, was "
                        + (prefix == null ? "null" : "'" + prefix + "'"));
            }
            this.threadNamePrefix = prefix;
            return this;
        }

        /**
         * The id of the pool's first accepted job, at least 1; ids then increase by one per accepted job.
         * Lets several instances of one application give their jobs disjoint ranges of ids. Lookups by
         * id stay O(1) whatever the first id. Default 1.
         */
        public Builder firstJobId(long firstId) {
            if (firstId < 1L) {
                throw new IllegalArgumentException("firstJobId must be at least 1, was " + firstId);
            }
            this.firstJobId = firstId;
            return this;
        }

        /** The most jobs that may wait in the queue, at least 1. Default 1024. */
        public Builder queueCapacity(int queueCapacity) {
            requireAtLeast("queueCapacity", queueCapacity, 1);
            this.queueCapacity = queueCapacity;
            return this;
        }

        /** Lets the queue grow without bound. Only for producers that bound themselves. */
        public Builder unboundedQueue() {
            this.queueCapacity = Integer.MAX_VALUE;
            return this;
        }

        /** What a submission does when the queue is full. Default {@link RejectionPolicy#ABORT}. */
        public Builder rejectionPolicy(RejectionPolicy rejectionPolicy) {
            if (rejectionPolicy == null) {
                throw new IllegalArgumentException("rejectionPolicy must be one of ABORT, CALLER_RUNS, BLOCK, was null");
            }
            this.rejectionPolicy = rejectionPolicy;
            return this;
        }

        /**
         * How long a {@link RejectionPolicy#BLOCK} submitter waits for room, zero (do not wait) or more; a
         * duration too long for a {@code long} of nanoseconds saturates at 292 years. Default 1 s.
         */
        public Builder blockTimeout(Duration blockTimeout) {
            requireNonNegative("blockTimeout", blockTimeout);
            this.blockTimeout = blockTimeout;
            return this;
        }

        /**
         * The most results the store retains, from 0 (off: only the returned {@link Job} carries the
         * outcome) to {@value #MAX_RETAINED_RESULTS_LIMIT}. Default 1024.
         */
        public Builder maxRetainedResults(int maxRetainedResults) {
            if (maxRetainedResults < 0 || maxRetainedResults > MAX_RETAINED_RESULTS_LIMIT) {
                throw new IllegalArgumentException("maxRetainedResults must be between 0 and "
                        + MAX_RETAINED_RESULTS_LIMIT + ", was " + maxRetainedResults);
            }
            this.maxRetainedResults = maxRetainedResults;
            return this;
        }

        /**
         * How long a result is retained at most, positive; a duration too long for a {@code long} of
         * nanoseconds saturates at 292 years. Default 10 minutes.
         */
        public Builder resultTimeToLive(Duration resultTimeToLive) {
            if (resultTimeToLive == null || resultTimeToLive.isNegative() || resultTimeToLive.isZero()) {
                throw new IllegalArgumentException("resultTimeToLive must be positive, was " + resultTimeToLive);
            }
            this.resultTimeToLive = resultTimeToLive;
            return this;
        }

        /**
         * How long {@link ThreadPool#shutdownGracefully()} (without an argument) drains before
         * cancelling, zero or more; a duration too long for a {@code long} of nanoseconds saturates at
         * 292 years. Default 20 s. {@link ThreadPool#close()} does not use it: per the
         * {@code ExecutorService} contract, it waits until the pool has terminated.
         */
        public Builder closeTimeout(Duration closeTimeout) {
            requireNonNegative("closeTimeout", closeTimeout);
            this.closeTimeout = closeTimeout;
            return this;
        }

        /**
         * Wraps every job's body, in the submitting thread, with what runs it in the worker: the place to
         * carry context such as an MDC or a security context from submitter to worker. Default: none.
         */
        public Builder decorator(UnaryOperator<Runnable> decorator) {
            if (decorator == null) {
                throw new IllegalArgumentException("decorator must not be null");
            }
            this.decorator = decorator;
            return this;
        }

        /**
         * The workers' handler for failures of jobs submitted with {@link ThreadPool#execute}. Default:
         * the thread's default (the JVM prints the stack trace). A {@code CALLER_RUNS} job runs in its
         * submitter's thread, so its failure goes to that thread's handler, as an uncaught exception would.
         */
        public Builder uncaughtExceptionHandler(Thread.UncaughtExceptionHandler handler) {
            if (handler == null) {
                throw new IllegalArgumentException("uncaughtExceptionHandler must not be null");
            }
            this.uncaughtExceptionHandler = handler;
            return this;
        }

        /**
         * Adds a listener told of every accepted job once its outcome is final, by the thread that
         * finished it (a worker, a canceller, or a {@code CALLER_RUNS} submitter) — for metrics and
         * audit: a {@link JobListener} whose {@code finished} calls it. It runs on the pool's hot path,
         * so it must be quick; what it throws is logged and ignored. Listeners added by several calls
         * (of this method and of {@link #jobListener}) run in the order added.
         */
        public Builder completionListener(Consumer<? super JobResult> listener) {
            if (listener == null) {
                throw new IllegalArgumentException("completionListener must not be null");
            }
            jobListeners.add(new JobListener() {
                @Override
                public void finished(JobResult job) {
                    listener.accept(job);
                }
            });
            return this;
        }

        /**
         * Adds a listener told when each accepted job is queued, started and finished: see
         * {@link JobListener}. Listeners added by several calls run in the order added.
         */
        public Builder jobListener(JobListener listener) {
            if (listener == null) {
                throw new IllegalArgumentException("jobListener must not be null");
            }
            jobListeners.add(listener);
            return this;
        }

        /** For tests: see the result store's {@code beforeConsumerWaits}. */
        Builder beforeConsumerWaits(Runnable hook) {
            this.beforeConsumerWaits = hook;
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
            requireWorkers(workers, maxWorkers);
            return new ThreadPool(this);
        }
    }
}
