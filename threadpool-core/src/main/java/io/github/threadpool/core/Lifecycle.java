package io.github.threadpool.core;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * A pool's run state after it starts: shutting down ({@code shutdown}, {@code shutdownNow}, the
 * graceful drain that produces the {@link ShutdownReport}, {@code close}) and terminating
 * ({@code isTerminated}, {@code awaitTermination}).
 *
 * <p>The run state is one word, {@link RunState} (its comment lists the states and transitions):
 * SHUTDOWN (no job accepted) and STOP (no job taken, the queued ones cancelled) are advanced by the
 * {@link JobQueue} with both its locks held, so a submission and a take see them in one critical
 * section. TERMINATED is advanced here, by {@link #isTerminated()}, never at a caller's request: once
 * the pool is shut down, no worker is alive, every accepted job's result is recorded, and no thread
 * outside the workers is running a job's body or publishing a job ({@link #outsideWork}).
 *
 * <p>Everyone who waits for a change of these waits on {@link #exitMonitor}, which is taken with no
 * other lock held (only the queue's locks are taken inside it) and notified, holding no other lock,
 * after each change they wait for: a worker exits, a job finished outside the workers is published,
 * the queue closes, a job starts asking. A job that calls a shutdown method of its own pool is
 * "asking" ({@link #askingThreads}): a drain neither waits for it nor cancels it, and a wait for
 * termination that only the caller's own job holds up returns rather than wait for itself.
 */
final class Lifecycle {

    private final String name;
    private final JobQueue queue;
    /** The pool's run state, shared with the queue; advanced to TERMINATED only by {@link #isTerminated()}. */
    private final RunState runState;
    /** The registry of workers; set once, by the pool's constructor, before any worker starts. */
    private Workers workers;

    /** Where shutdown waits for workers to exit and for jobs run by other threads to finish. */
    private final Object exitMonitor = new Object();

    /**
     * Threads whose job is inside a shutdown call of this pool, so the job is the one asking: a worker
     * in {@code shutdownGracefully} or {@code close()}, and a {@code CALLER_RUNS} submitter or a
     * caller of {@code run()} in {@code shutdownGracefully}. A drain neither waits for them nor cancels
     * their jobs. Added before, and removed after, the call (see {@link #beginAsking}).
     */
    private final Set<Thread> askingThreads = ConcurrentHashMap.newKeySet();

    private final AtomicBoolean gracefulShutdownStarted = new AtomicBoolean();
    private final CompletableFuture<ShutdownReport> gracefulShutdownReport = new CompletableFuture<>();
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

    Lifecycle(String name, JobQueue queue, RunState runState) {
        this.name = name;
        this.queue = queue;
        this.runState = runState;
    }

    void attach(Workers registry) {
        this.workers = registry;
    }

    /**
     * A build failed while starting workers: closes the queue so the workers started so far exit at
     * once (they have no job), and waits for them, so the failed build leaves no thread behind.
     */
    void abandonBuild() {
        queue.close();
        boolean interrupted = false;
        synchronized (exitMonitor) {
            while (workers.alive() > 0) {
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

    /**
     * Called once per accepted job that is finished other than by its worker's next take (a canceller,
     * a CALLER_RUNS submitter, a caller of {@code run()}, a worker reporting or abandoning a failure),
     * before its final state is published: the queue records, counts and drops it in one critical
     * section (see {@link JobQueue#take} for the jobs workers finish).
     */
    void jobFinished(PoolJob<?> job, int finalState) {
        enterOutsideWork(); // before the job leaves the live index: see isTerminated
        queue.finishedElsewhere(job, finalState);
        if (runState.isShutdown()) {
            wakeExitWaiters(); // a drain waiting for this job (see awaitOthers) looks again
        }
    }

    /** Called by the thread that finished a job other than by a worker's next take, once it has published the job's final state. */
    void jobPublished() {
        leaveOutsideWork();
    }

    void enterOutsideWork() {
        outsideWork.incrementAndGet();
        outsideWorkHere.get()[0]++;
    }

    void leaveOutsideWork() {
        outsideWorkHere.get()[0]--;
        outsideWork.decrementAndGet();
        if (runState.isShutdown()) {
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
     * run elsewhere finishes or is published once the pool is shut down, the pool shuts down, a job starts
     * asking).
     */
    void wakeExitWaiters() {
        synchronized (exitMonitor) {
            exitMonitor.notifyAll();
        }
    }

    /**
     * Once the pool is shut down and no worker is alive — which happens with jobs still queued only when
     * workers died and could not be replaced, since the last worker never retires and every other
     * exits only once the pool is shut down and its queue empty — no worker can start again and nothing will take the
     * queued jobs: cancels them, so that none is left {@code QUEUED} for ever (a graceful shutdown
     * reports them as cancelled unstarted). Called as the queue closes and as a worker exits. Not
     * after {@code shutdownNow}, whose workers exit leaving the queued jobs to its caller to cancel and list.
     */
    void cancelQueuedJobsIfNoWorkerIsAlive() {
        if (workers.alive() != 0 || runState.get() != RunState.SHUTDOWN || queue.depth() == 0) {
            return;
        }
        int cancelled = 0;
        for (PoolJob<?> job : queue.unfinished()) {
            if (job.cancelWhileQueued()) {
                cancelled++;
            }
        }
        if (cancelled > 0) {
            ThreadPool.LOG.log(Level.ERROR, "Pool '" + name + "' is shut down with no live worker (workers died and could not"
                    + " be replaced): cancelled " + cancelled + " queued job(s) that no worker could run");
        }
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
        Set<Thread> workerThreads = workers.threads();
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

    /** Whether {@code runner} is the thread calling for shutdown, or blocked in a shutdown call of its own. */
    private boolean isAsking(Thread runner, Thread caller) {
        return runner != null && (runner == caller || askingThreads.contains(runner)); // null: not started, or finished
    }

    /** Marks {@code thread}'s job as asking, and lets a drain in progress stop waiting for it. */
    private void beginAsking(Thread thread) {
        askingThreads.add(thread);
        wakeExitWaiters();
    }

    private ShutdownReport drainThenCancel(Duration timeout) {
        long start = System.nanoTime();
        long nanos = ThreadPool.saturatedNanos(timeout);
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
        // Woken when such a job finishes (jobFinished, once the pool is shut down) and when its runner
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
        return awaitOnExitMonitor(() -> workers.hasWorkingWorker(askingThreads), start, nanos);
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

    /**
     * Under exitMonitor, for a shut-down pool not yet terminated: whether what keeps it from terminating
     * is only the caller — its worker, a job it runs, a job whose outcome it is publishing (a completion
     * listener that closes the pool) — and threads inside shutdown calls, which wait for the caller's.
     * {@code caller} is the current thread, whose own count of jobs it is publishing is read.
     */
    private boolean heldUpOnlyBy(Thread caller, boolean onWorker) {
        if (workers.hasWorkingWorker(askingThreads) || !runState.isShutdown()) {
            return false;
        }
        // Others publishing need not be waited for here: they end by themselves, and the caller holds the pool up anyway.
        boolean callerHoldsItUp = onWorker || outsideWorkHere.get()[0] > 0;
        // O(length of the live index): no other worker is working, so it holds only the caller's job,
        // jobs other threads run, and (for a worker) the queue, which the caller takes once its job ends.
        for (PoolJob<?> job : queue.unfinished()) {
            Thread runner = job.runner();
            if (runner == caller) {
                callerHoldsItUp = true;
            } else if (runner == null ? !onWorker : !askingThreads.contains(runner)) {
                return false;
            }
        }
        return callerHoldsItUp;
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
        boolean onWorker = workers.ownWorker() != null; // then the queued jobs wait for the caller: it takes them next
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

    void shutdown() {
        closeQueue();
    }

    List<Runnable> shutdownNow() {
        List<Runnable> neverStarted = cancelEverything(true);
        wakeExitWaiters(); // a pool with nothing left to cancel has terminated now: see closeQueue
        return neverStarted;
    }

    ShutdownReport shutdownGracefully(Duration timeout) {
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


    void close() {
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

    boolean isShutdown() {
        return runState.isShutdown();
    }

    /** Advances the run state to TERMINATED if the pool has terminated; whether it has. */
    boolean isTerminated() {
        if (runState.isTerminated()) {
            return true;
        }
        // shut down before alive: once shut down, no worker starts unless a dying one, still counted,
        // replaces itself, so alive == 0 read after it stays 0; and the live index before publishing,
        // which a job enters before it leaves the index
        if (!runState.isShutdown() || workers.alive() != 0 || !queue.allSettled() || outsideWork.get() != 0) {
            return false;
        }
        runState.advanceTo(RunState.TERMINATED); // for good: no job is accepted again, and no worker starts again
        return true;
    }

    boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        Objects.requireNonNull(unit, "unit");
        long nanos = unit.toNanos(timeout); // saturates
        if (nanos <= 0L || workers.ownWorker() != null) {
            return isTerminated();
        }
        return awaitTerminationOrOwnJob(Thread.currentThread(), nanos);
    }
}
