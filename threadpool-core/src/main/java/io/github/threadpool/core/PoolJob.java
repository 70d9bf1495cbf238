package io.github.threadpool.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RunnableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;

/**
 * The one object the pool allocates per job: it is at once the caller's {@link Job}, the queue's entry
 * and the result store's entry, so accepting, running and recording a job allocate nothing more. It
 * holds no link to any other job, and once finished none to its pool, so a caller holding it holds
 * nothing else of the pool's.
 *
 * <h2>State machine</h2>
 * <pre>
 *   NEW ─► QUEUED ─► RUNNING ─► COMPLETING ─────► SUCCEEDED | FAILED
 *    │        │         └────► INTERRUPTING ────► CANCELLED_RUNNING
 *    │        └─► CANCELLING ─────────────────► CANCELLED
 *    └────────────────────────────────────────► CANCELLED            (never accepted: no pool effects)
 * </pre>
 * {@code NEW} jobs exist only between {@link ThreadPool#newTaskFor} and acceptance. Every transition out
 * of {@code QUEUED} or {@code RUNNING} is a CAS on {@link #state}, so exactly one thread — the runner or
 * one canceller — wins the job and alone writes its outcome, records it and signals waiters. Every
 * claim ({@code QUEUED} or {@code NEW} to {@code RUNNING}) is made under a queue lock that serialises
 * the job's claimers ({@link JobQueue}: the take lock for a queued job), so claimers never race each other: a claimer checks the state, writes
 * {@code runner}, {@code slotOrStart} and, for a long wait, {@code submittedNanos}, and CASes; it can
 * lose only to a canceller, and a job a canceller won never starts, so its start is never read (the
 * loser clears {@code runner}; see {@link #claim} for the submission time). The
 * winner passes through a transient state ({@code COMPLETING}, {@code CANCELLING},
 * {@code INTERRUPTING}) while it records the result, so that a caller returning from {@link #get()}
 * always finds the result in the store.
 *
 * <h2>Memory visibility</h2>
 * Plain fields are written before the CAS or release store that publishes them: {@code id} and
 * {@code submittedNanos} under the queue's put lock, before the job is queued or indexed;
 * {@code runner}, {@code slotOrStart} and a long wait's corrected {@code submittedNanos} before
 * {@code QUEUED → RUNNING} (see {@link #claim}); the outcome in
 * {@code payload} before {@code RUNNING → COMPLETING}; {@code failureOrFinish} before the final state.
 *
 * <h2>Size</h2>
 * One of these is allocated per job, so its fields are few: the body and then the outcome share
 * {@code payload} (a failure is wrapped, so the two cannot be confused); a decorated body or a
 * {@code Runnable} with a result gets a wrapper only when there is one; start and finish are
 * {@link CompactNanos} offsets, the start from the submission and the finish from the start, so a run
 * time below about a second is exact however long the job waited; the start shares its int with the
 * ring slot, which only a queued job has, and the finish its int with the flag that says whether a
 * failure goes to the thread's handler, which is read only before the finish. So a job is 56 bytes
 * with compressed references (12 header, two longs, three ints, four references). A cancelled queued
 * job drops its body at once.
 *
 * <h2>Waiting</h2>
 * {@link #get()} parks on the stack of waiters of {@link AwaitableJob}, as {@code FutureTask} does.
 * Unlike {@code FutureTask}, a waiter parks in the transient states too: the winner runs the pool's
 * completion listener there, which may take as long as it likes, and a waiter must not spin meanwhile;
 * so {@link #isDone()} and {@link #isCancelled()} say true only from the final state on, when
 * {@code get()} no longer waits. A {@link #cancel} that finds the job in a transient state parks
 * too, until the final state, so that once it returns the job is done (a cancel from inside a pool
 * callback excepted: that thread may be the one the winner waits for). The final state is a volatile
 * store (a full fence): the winner's store of the final state and its read of the stack, and a
 * waiter's push and its read of the state, are then in one total order, and a waiter that saw a
 * transient state after pushing is seen by the winner.
 */
final class PoolJob<T> extends AwaitableJob implements Job<T>, JobResult, RunnableFuture<T> {

    static final int NEW = 0;
    static final int QUEUED = 1;
    static final int RUNNING = 2;
    static final int COMPLETING = 3;
    static final int CANCELLING = 4;
    /** Cancelling a running job, interrupting it or not; its runner parks until this state is left. */
    static final int INTERRUPTING = 5;
    static final int SUCCEEDED = 6;
    static final int FAILED = 7;
    static final int CANCELLED = 8;
    static final int CANCELLED_RUNNING = 9;

    private static final VarHandle STATE;
    /** Opaque (atomic) access where a claimer and a canceller may both write it, or one read what the other writes. */
    private static final VarHandle SUBMITTED;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            STATE = lookup.findVarHandle(PoolJob.class, "state", int.class);
            SUBMITTED = lookup.findVarHandle(PoolJob.class, "submittedNanos", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * The job's pool until it finishes; {@code null} from then on, so that a finished job (held by a
     * caller, or handed out by the result store) does not keep its pool — and through it the queue,
     * the store and every result in it — reachable. Written {@code null} once, by the thread that
     * finishes the job, before the final state; read only by {@link #run()} (which needs it only while
     * the job can still be claimed) and {@link #finish}. Times are turned into instants with the
     * pool-independent {@link ThreadPool#instantOf}, so no reader needs the pool after the finish.
     */
    private ThreadPool pool;
    /**
     * Until the job has run, its body: a {@link Callable}, a {@link Runnable} or a decorated one ({@link JobBody}).
     * Then its outcome: the value, or a {@link JobBody.Failure}. So a retained result does not pin the body.
     */
    private Object payload;

    /** 0 until accepted. Written once under the queue's put lock, before the job is queued. */
    long id;
    long submittedNanos;
    /**
     * Two ints with two lives each, so that the job is 56 bytes, not 64: {@code slotOrStart} is the
     * job's slot in the queue's ring while it is queued, else -1 (written under the queue's locks, see
     * {@link JobQueue}), and from the claim on the {@link CompactNanos} from submission to start;
     * {@code failureOrFinish} is, until the finish, {@link #REPORTS_FAILURE} for a job whose failure
     * goes to its thread's handler (else 0), and from the finish on the {@code CompactNanos} from start
     * to finish (from submission if it never started). The start is read only once the state says the
     * job started, when the claim has written it; the finish may be read from {@code COMPLETING} on, a
     * moment before it is stamped, so {@link #finishedAfterNanos} reads the flag as 0 ({@code
     * CompactNanos} are never negative).
     */
    private int slotOrStart = -1;
    private int failureOrFinish;
    /**
     * The thread that claimed the job ({@code Thread}) until the job finishes; then, if it started,
     * that thread's name ({@code String}), written by the finisher before the final state. A finished
     * job keeps no thread: since Java 19 a terminated {@code Thread} still holds its {@code Runnable} —
     * for a worker, the {@link Worker} and through it the pool. Read through {@link #runner()} and
     * {@link #workerName()}, which tell the two apart.
     */
    private Object runner;

    private volatile int state;

    /** {@link #failureOrFinish} before the finish of a job whose failure goes to its thread's handler. */
    private static final int REPORTS_FAILURE = -1;

    private PoolJob(ThreadPool pool, Object body, boolean reportsFailure) {
        this.pool = pool;
        this.payload = body;
        if (reportsFailure) {
            this.failureOrFinish = REPORTS_FAILURE;
        }
    }

    /** The job's slot in the queue's ring while it is queued, else -1. Read and written under the queue's locks only. */
    int queueSlot() {
        return slotOrStart;
    }

    void queueSlot(int slot) {
        slotOrStart = slot;
    }

    /** A placeholder job (the live index's tombstone): never claimable, never counted, id 0. */
    static PoolJob<Void> sentinel() {
        PoolJob<Void> sentinel = new PoolJob<>(null, null, false);
        sentinel.state = CANCELLED;
        return sentinel;
    }

    static <T> PoolJob<T> of(ThreadPool pool, Callable<T> task) {
        return new PoolJob<>(pool, task, false);
    }

    /** A job whose value is {@code result}: the {@code Runnable} itself when that is null, else an adapter. */
    static <T> PoolJob<T> of(ThreadPool pool, Runnable task, T result, boolean reportsFailure) {
        return new PoolJob<>(pool, result == null ? task : Executors.callable(task, result), reportsFailure);
    }

    // ---------------------------------------------------------------- acceptance (submitting thread)

    boolean isNewFor(ThreadPool candidate) {
        return pool == candidate && state == NEW;
    }

    /** Called under the queue's put lock, before the job is queued; publishing it in the ring publishes these writes. */
    void accept(long assignedId, long nowNanos) {
        id = assignedId;
        submittedNanos = nowNanos;
        STATE.setRelease(this, QUEUED);
    }

    /**
     * Stamps a job that was never submitted — cancelled while {@code NEW}, or claimed by a caller of
     * {@link #run()} — with the moment that happened. Opaque: a canceller and a claimer may both get
     * here for one {@code NEW} job (only one wins its CAS), and neither may leave a torn value.
     */
    void neverSubmitted(long nowNanos) {
        SUBMITTED.setOpaque(this, nowNanos);
    }

    void decorate(UnaryOperator<Runnable> decorator) {
        payload = JobBody.decorate(payload, decorator);
    }

    // ---------------------------------------------------------------- running (one thread)

    /**
     * Runs the job in the calling thread; a no-op unless it is NEW or QUEUED. Never throws. A queued
     * job leaves the queue as it is claimed, so the queue's counts stay right and its capacity is freed.
     */
    @Override
    public void run() {
        Thread thread = Thread.currentThread();
        int s = state;
        ThreadPool p = pool; // null once the job is finished: only its finisher writes it
        if ((s == NEW || s == QUEUED) && p != null) {
            p.runOutsideQueue(this, thread);
        }
    }

    /**
     * Called under a queue lock only (see the class comment). Makes {@code thread} this job's runner, started at
     * {@code nowNanos}: {@code NEW} or {@code QUEUED} to {@code RUNNING}, one CAS. False if the job was
     * cancelled or already claimed. Every field the start is read from — {@code runner},
     * {@code slotOrStart} and, for a long wait, {@code submittedNanos} — is written before the CAS that
     * publishes it, so a reader that sees {@code RUNNING} (a lock-free {@code findJob}, a caller holding
     * the job) reads the start as it will stay. Claimers are serialised by a queue lock, so a claimer loses only to a
     * canceller: the job then never starts, its runner is cleared again and its ring slot put back
     * (the canceller takes the job out of the ring by it, under the locks this claimer holds); a
     * corrected submission time it wrote stays, within the precision a long wait is kept to anyway
     * (see below), and is read by the canceller as one atomic value.
     */
    boolean claim(Thread thread, long nowNanos) {
        int s = state;
        if (s != QUEUED && s != NEW) {
            return false;
        }
        runner = thread;
        int slot = slotOrStart; // put back if a canceller wins: it takes the job out of the ring by it
        long submitted = (long) SUBMITTED.getOpaque(this); // a canceller of a NEW job may be writing it
        long waited = nowNanos - submitted;
        int encoded = CompactNanos.encode(waited);
        long kept = CompactNanos.decode(encoded);
        if (kept != waited && waited > 0L) {
            // A wait over ~1.07 s is kept to ~1 ms: the rounding goes to the submission time (under
            // 0.1 % of the wait), so that the start, and every run time measured from it, stays exact.
            SUBMITTED.setOpaque(this, nowNanos - kept);
        }
        slotOrStart = encoded;
        if (!STATE.compareAndSet(this, s, RUNNING)) {
            runner = null; // a canceller won: the job never starts, and keeps no thread
            slotOrStart = slot;
            return false;
        }
        return true;
    }

    /**
     * Runs a job claimed by {@code thread} (the current thread). Returns after the job's outcome is
     * recorded, or after a canceller that interrupted this thread has finished doing so — so the caller
     * can clear the interrupt and know it belonged to this job. Throws only what the thread's uncaught
     * exception handler throws when reporting an {@code execute} failure.
     *
     * @param completeLater whether {@code thread} is a worker that hands a job it ran to the end back
     *        to its queue, which then records it and has the worker {@link #publish} it: the job is left
     *        {@code COMPLETING}, its finish stamped and its outcome in place (see {@link JobQueue#take}).
     *        Not for a job whose failure is to be reported: that one is finished here, so that a handler
     *        that throws kills the worker before it claims another job.
     * @return when the job finished, as far as this thread is concerned: the clock it read to stamp the
     *         outcome, which a worker reuses as the start of a job it takes at once
     */
    long execute(Thread thread, Worker worker) {
        boolean completeLater = worker != null;
        if (state == RUNNING) { // not cancelled between its claim and now
            Object body = payload;
            ThreadPool p = pool; // null if a canceller finished the job meanwhile
            if (p != null) {
                p.jobStarted(this);
            }
            Object outcome;
            if (worker != null) {
                worker.running = this; // for Job.current(): one plain write each way
                outcome = JobBody.run(body);
                worker.running = null;
            } else {
                PoolJob<?> outer = CurrentJob.enter(this); // a job's body may run() another job
                outcome = JobBody.run(body);
                CurrentJob.exit(outer);
            }
            payload = outcome; // before the CAS that publishes it
            if (STATE.compareAndSet(this, RUNNING, COMPLETING)) {
                boolean failed = outcome instanceof JobBody.Failure;
                if (failed && failureOrFinish == REPORTS_FAILURE) {
                    long finished = finish(FAILED);
                    JobBody.reportFailure(thread, ((JobBody.Failure) outcome).cause);
                    return finished;
                }
                return completeLater ? stamp(startedNanos()) : finish(failed ? FAILED : SUCCEEDED);
            }
        }
        payload = null; // cancelled while running: nobody reads the body or the outcome again
        if (state == INTERRUPTING) {
            awaitCanceller();
        }
        return System.nanoTime();
    }

    /**
     * Called by the runner of a job a canceller won while it ran: parks until the canceller has
     * published the final state — after its interrupt, its recording and the pool's completion
     * listener, which may take as long as it likes — on the same stack of waiters as {@link #get()},
     * so the canceller's {@link #signalWaiters} wakes it. Never spins nor yields. The canceller's
     * interrupt may land while this thread is parked; it is taken (so the park is not cut short again
     * and again) and set again before returning, where the caller expects it.
     */
    private void awaitCanceller() {
        awaitFinalUninterruptibly();
    }

    /**
     * Fails a job whose worker died while it was running, so that no accepted job is left unfinished.
     * Called by the runner itself, and only a job still {@code RUNNING} is touched: a worker also dies
     * after its job finished (its handler threw on an {@code execute} failure, or its next take failed
     * while the job was still its current one), and a job a canceller won has its own outcome. Only the
     * runner writes {@code payload} of a running job, so after the check below the only other
     * transition possible is a canceller's {@code RUNNING → INTERRUPTING}, which the CAS detects; the
     * failure written for it is dropped again, as {@link #execute} drops an outcome.
     */
    void abandon(Throwable cause) {
        if (state != RUNNING) {
            return; // finished, or won by a canceller: its outcome is already decided
        }
        payload = new JobBody.Failure(cause); // as in execute: before the CAS that publishes it
        if (STATE.compareAndSet(this, RUNNING, COMPLETING)) {
            finish(FAILED);
        } else {
            payload = null; // cancelled meanwhile: nobody reads the outcome of a cancelled job
        }
    }

    // ---------------------------------------------------------------- cancellation (any thread)

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        for (;;) {
            int s = state;
            if (s == NEW) {
                if (STATE.compareAndSet(this, NEW, CANCELLED)) {
                    neverSubmitted(System.nanoTime()); // finished as it would have been
                    pool = null;
                    signalWaiters();
                    return true;
                }
            } else if (s == QUEUED) {
                if (cancelWhileQueued()) {
                    return true;
                }
            } else if (s == RUNNING) {
                if (STATE.compareAndSet(this, RUNNING, INTERRUPTING)) {
                    if (mayInterruptIfRunning) {
                        ((Thread) runner).interrupt(); // still the thread: only the finisher, us, replaces it
                    }
                    finish(CANCELLED_RUNNING);
                    return true;
                }
            } else {
                if (s < SUCCEEDED && !CurrentJob.inCallback()) {
                    awaitFinalUninterruptibly(); // another thread is finishing it: done once we return
                }
                return false;
            }
        }
    }

    /**
     * Cancels the job only if it is still queued: false if it started (or finished) meanwhile. For
     * shutdown, which lists the jobs that never started — a caller of {@link #run()} may claim a queued
     * job between the look at its state and the cancel, and a plain {@link #cancel} would then cancel
     * it running, and list a job that had started.
     */
    boolean cancelWhileQueued() {
        if (!beginCancelWhileQueued()) {
            return false;
        }
        payload = null; // the body goes at once; finish() takes the job out of the queue
        finish(CANCELLED);
        return true;
    }

    /** A canceller's claim on a queued job: {@code QUEUED} to {@code CANCELLING}. */
    boolean beginCancelWhileQueued() {
        return STATE.compareAndSet(this, QUEUED, CANCELLING);
    }

    /** The winner's last steps: timestamp, record, publish. Returns the timestamp. */
    private long finish(int finalState) {
        long now = stamp(finalState == CANCELLED ? (long) SUBMITTED.getOpaque(this) : startedNanos()); // see claim
        ThreadPool owner = pool; // publish() lets go of it
        if (id != 0) {
            owner.jobFinished(this, finalState);
        }
        publish(finalState);
        if (id != 0) {
            owner.jobPublished();
        }
        return now;
    }

    /** Stamps the finish, measured from {@code fromNanos}; returns the clock reading. */
    private long stamp(long fromNanos) {
        long now = System.nanoTime();
        failureOrFinish = CompactNanos.encode(now - fromNanos);
        return now;
    }

    /** The final state of a job its worker left {@code COMPLETING} (see {@link #execute}); read by that worker. */
    int completedState() {
        return payload instanceof JobBody.Failure ? FAILED : SUCCEEDED;
    }

    /**
     * Called by the winner once the job's result is recorded and counted: runs the pool's completion
     * listener, lets go of the pool and the thread, publishes the final state and wakes waiters. The
     * final state is a volatile store, not a release store as in {@code FutureTask}: waiters park during
     * the transient state (see the class comment), so the winner's read of {@code waiters} must not be
     * ordered before it.
     */
    void publish(int finalState) {
        if (id != 0) {
            pool.notifyListener(this);
        }
        pool = null; // the job no longer needs it: see the field
        if (finalState != CANCELLED && runner instanceof Thread) {
            runner = ((Thread) runner).getName(); // for workerName(); see the field
        }
        STATE.setVolatile(this, finalState);
        signalWaiters();
    }

    // ---------------------------------------------------------------- Future

    /**
     * True once the job's cancellation is published: from then on {@link #get()} throws
     * {@code CancellationException} without waiting. {@link #status()} says {@code CANCELLED} a moment
     * earlier, as soon as a canceller has won the job (see {@link #isDone()}).
     */
    @Override
    public boolean isCancelled() {
        return state >= CANCELLED; // CANCELLED or CANCELLED_RUNNING, the last states
    }

    /**
     * True once the job's final state is published: from then on {@link #get()} returns (or throws)
     * without waiting, as the {@code Future} contract requires, and so do Java 19's {@code state()},
     * {@code resultNow()} and {@code exceptionNow()}. {@link #status()} shows the outcome a moment
     * earlier, as soon as it is decided — while its result is being recorded and the pool's completion
     * listener runs, which is when {@code get()} still waits.
     */
    @Override
    public boolean isDone() {
        return state >= SUCCEEDED;
    }

    /** Whether the job's outcome is decided: its winner (runner or canceller) may still be recording and publishing it. */
    boolean isDecided() {
        return state >= COMPLETING;
    }

    @Override
    public T get() throws InterruptedException, ExecutionException {
        int s = state;
        if (s < SUCCEEDED) {
            try {
                s = awaitFinal(false, 0L);
            } catch (TimeoutException impossible) {
                throw new AssertionError(impossible);
            }
        }
        return report(s);
    }

    @Override
    public T get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
        int s = state;
        if (s < SUCCEEDED) {
            s = awaitFinal(true, unit.toNanos(timeout));
        }
        return report(s);
    }

    @SuppressWarnings("unchecked")
    private T report(int s) throws ExecutionException {
        if (s == SUCCEEDED) {
            return (T) payload;
        }
        if (s == FAILED) {
            throw new ExecutionException(((JobBody.Failure) payload).cause);
        }
        throw new CancellationException("job " + id + " was cancelled");
    }

    // ---------------------------------------------------------------- Job and JobResult

    @Override
    public long id() {
        return id;
    }

    @Override
    public JobStatus status() {
        return statusOf(state);
    }

    private JobStatus statusOf(int s) {
        switch (s) {
            case NEW:
            case QUEUED:
                return JobStatus.QUEUED;
            case RUNNING:
                return JobStatus.RUNNING;
            case COMPLETING:
                return payload instanceof JobBody.Failure ? JobStatus.FAILED : JobStatus.SUCCEEDED;
            case SUCCEEDED:
                return JobStatus.SUCCEEDED;
            case FAILED:
                return JobStatus.FAILED;
            default:
                return JobStatus.CANCELLED;
        }
    }

    /** The raw state, for the pool's shutdown accounting. */
    int state() {
        return state;
    }

    /**
     * The raw state, with {@code COMPLETING} read as the outcome it has already decided:
     * {@code SUCCEEDED} or {@code FAILED}. Never waits: the runner stays in {@code COMPLETING} while it
     * records the job and runs the pool's completion listener, which may take as long as it likes (or
     * call {@code shutdownGracefully} itself). The outcome in {@code payload} was written before the
     * CAS to {@code COMPLETING} and is never written again, so reading that state makes it visible.
     */
    int settledState() {
        int s = state;
        if (s == COMPLETING) {
            return payload instanceof JobBody.Failure ? FAILED : SUCCEEDED;
        }
        return s;
    }

    /** How long the job has been running at {@code nowNanos}; zero if it has not started. */
    long runningNanos(long nowNanos) {
        return started() ? nowNanos - startedNanos() : 0L;
    }

    /** The value of a job whose final state is {@code SUCCEEDED}. */
    @SuppressWarnings("unchecked")
    T valueNow() {
        return (T) payload;
    }

    @Override
    public Object value() {
        return status() == JobStatus.SUCCEEDED ? payload : null;
    }

    @Override
    public Throwable error() {
        return status() == JobStatus.FAILED ? ((JobBody.Failure) payload).cause : null;
    }

    private boolean started() {
        int s = state;
        return s == RUNNING || s == COMPLETING || s == INTERRUPTING || s == SUCCEEDED || s == FAILED
                || s == CANCELLED_RUNNING;
    }

    @Override
    public Instant submittedAt() {
        return ThreadPool.instantOf(submittedNanos);
    }

    @Override
    public Instant startedAt() {
        return started() ? ThreadPool.instantOf(startedNanos()) : null;
    }

    @Override
    public Instant finishedAt() {
        return isDecided() ? ThreadPool.instantOf(finishedNanos()) : null;
    }

    @Override
    public Duration queueWait() {
        if (started()) {
            return Duration.ofNanos(startedAfterNanos());
        }
        return isDecided() ? Duration.ofNanos(finishedAfterNanos()) : Duration.ZERO;
    }

    @Override
    public Duration runTime() {
        return started() && isDecided() ? Duration.ofNanos(finishedAfterNanos()) : Duration.ZERO;
    }

    private long startedNanos() {
        return submittedNanos + startedAfterNanos();
    }

    long finishedNanos() {
        return (started() ? startedNanos() : submittedNanos) + finishedAfterNanos();
    }

    /** From submission to start; read only once the state says the job started, when the claim has written it. */
    private long startedAfterNanos() {
        return CompactNanos.decode(slotOrStart);
    }

    /**
     * From start (or submission) to finish. {@link #isDone()} is true from {@code COMPLETING} on, a
     * moment before the finisher stamps the finish: a reader in that moment finds the field still in
     * its first life, where {@link #REPORTS_FAILURE} would decode to some 13 days, so anything
     * negative reads as 0 — an unstamped finish, as it read before the two shared an int.
     */
    private long finishedAfterNanos() {
        int f = failureOrFinish;
        return f < 0 ? 0L : CompactNanos.decode(f);
    }

    @Override
    public String workerName() {
        if (!started()) {
            return null;
        }
        Object r = runner;
        return r instanceof Thread ? ((Thread) r).getName() : (String) r;
    }

    /** The thread that claimed the job while it is unfinished; {@code null} before its claim and once it has finished. */
    Thread runner() {
        Object r = runner;
        return r instanceof Thread ? (Thread) r : null;
    }

    @Override
    public String toString() {
        return "Job[id=" + id + ", status=" + status() + "]";
    }
}
