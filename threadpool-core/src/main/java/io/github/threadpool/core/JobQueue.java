package io.github.threadpool.core;

import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.IntSupplier;

/**
 * The pool's one shared FIFO queue, its workers' take (their slots are {@link WorkerSlots}), and the
 * place where idle workers and {@link RejectionPolicy#BLOCK BLOCK} submitters wait.
 *
 * <h2>Locking</h2>
 * Two locks, as in {@link java.util.concurrent.LinkedBlockingQueue}: {@link #putLock} guards the tail
 * end (ids, the ring's tail, the capacity, BLOCK submitters on {@link #notFull}), {@link #takeLock}
 * the head end and everything a worker does (claims, the worker slots, retirement, the ledger, idle
 * workers on {@link #notEmpty}). They meet only in {@link #depth}, the ring's count. Whole-queue
 * operations take both, {@code putLock} first ({@link #lockBoth}); a holder of {@code takeLock} alone
 * never waits for {@code putLock}. Waiters are counted ({@link #idleWorkers}, {@link #blockedSubmitters}) and announce
 * themselves before their last look, so no wake-up is lost: the argument is in docs/design.md ("The
 * queue and its locks", "Wake-ups", "The ring"), and {@code JobQueueLincheckTest} model-checks it.
 *
 * <h2>Structure</h2>
 * The queued jobs are a {@link JobRing}, guarded by these two locks; this class keeps the locks, the
 * conditions and their waits, admission (ids, capacity, the run state) and the take protocol.
 *
 * <h2>Invariants</h2>
 * <ul>
 *   <li>Ids are handed out under {@code putLock}, as jobs are accepted and in the order they enter the
 *       ring: id order is queue order is take order.</li>
 *   <li>{@code depth} is the number of jobs in the ring; every one of them is {@code QUEUED}, or being
 *       cancelled by a caller that has not yet reached the locks. A job leaves the ring exactly once:
 *       taken (and claimed in the same critical section), or tombstoned.</li>
 *   <li>{@code depth <= capacity} after every accepted offer: only {@code putLock}'s holder increments
 *       it. A capacity lowered below the depth keeps the queued jobs and refuses offers until depth
 *       drops below it.</li>
 *   <li>Every job is claimed ({@code QUEUED} or {@code NEW} to {@code RUNNING}) under a lock that
 *       serialises its claimers ({@code takeLock} for queued jobs), so claimers never race each other:
 *       only a canceller can beat a claimer, and then the job never starts.</li>
 *   <li>A worker's {@link Worker#current} is written only under {@code takeLock}: set as it claims a
 *       job, cleared when it comes back for the next. A worker is registered here before it starts and
 *       deregistered in the same critical section in which it decides to exit: so
 *       {@code busy <= alive} in every view, and the worker array holds only live workers.</li>
 *   <li>Every job is settled in the {@link Ledger} — its result recorded, its outcome counted, and
 *       dropped from the live index — under {@code takeLock}, before its final state is published
 *       (see {@link Ledger} for what that guarantees).</li>
 *   <li>A worker retires only if another is alive ({@code alive > 1}), so a lowered
 *       {@code setWorkers} never leaves the pool without a worker; each retirement consumes exactly
 *       one request, so no more workers retire than were asked to.</li>
 *   <li>The pool's {@link RunState} is advanced to {@code SHUTDOWN} ({@link #close}) and {@code STOP}
 *       ({@link #stop}) here, with both locks held, and read inside the critical section that acts on
 *       it: once shut down, no job is accepted again; once stopping (shutdownNow), no job is taken
 *       again either: every worker exits at its next look.</li>
 * </ul>
 */
final class JobQueue {

    /** The outcome of an offer. */
    enum Admission { ACCEPTED, FULL, SHUT_DOWN }

    private final ReentrantLock putLock = new ReentrantLock();
    /** BLOCK-policy submitters wait here for room. */
    private final Condition notFull = putLock.newCondition();
    private final ReentrantLock takeLock = new ReentrantLock();
    /** Idle workers wait here. */
    private final Condition notEmpty = takeLock.newCondition();

    /** The queued jobs: guarded by the two locks, as each of its methods says. */
    private final JobRing ring;
    /** The ring's count of queued jobs (tombstones not counted): incremented under putLock, decremented under takeLock. */
    private final AtomicInteger depth;
    /** The ids below the first job's, which no job of this pool has: the count of jobs accepted is {@code lastId - idsBefore}. */
    private final long idsBefore;

    // ---- guarded by putLock
    private int capacity;
    /** BLOCK submitters waiting for room; changed under putLock, read by workers as they make room. */
    private volatile int blockedSubmitters;

    // ---- guarded by takeLock
    /** Idle workers; changed under takeLock, read by submitters as they publish a job. */
    private volatile int idleWorkers;
    /** The live workers and the retirement requests: guarded by takeLock. */
    private final WorkerSlots slots = new WorkerSlots(takeLock);

    /** The live jobs, the counts and the recording of results: added to under putLock, settled under takeLock. */
    private final Ledger ledger;
    /** The pool's run state: advanced to SHUTDOWN and STOP here, with both locks held; read by anyone. */
    private final RunState runState;

    /**
     * For tests, else null: run by each worker as it comes back for a job, before it takes the lock.
     * Read by a worker once, as it starts (see {@link Worker#run}), never per take.
     */
    final Consumer<Worker> beforeTake;

    /**
     * Whether a worker publishes its finished job (runs its listener, wakes its waiters) before it
     * claims the next: so when the pool has a job listener, which must not see, nor be interrupted by,
     * the next job (a job with completion callbacks is published first too: see
     * {@link AwaitableJob#hasCallbacks()}). Without either, publishing is a state write and an unpark,
     * and the worker claims the next job in the same critical section that settles the last.
     */
    private final boolean publishBeforeClaim;

    JobQueue(int capacity, ResultStore results) {
        this(capacity, results, new RunState(), 1L, false, null);
    }

    JobQueue(int capacity, ResultStore results, RunState runState, long firstJobId, boolean publishBeforeClaim,
            Consumer<Worker> beforeTake) {
        this.runState = runState;
        this.beforeTake = beforeTake;
        this.capacity = capacity;
        this.ledger = new Ledger(putLock, takeLock, results);
        this.idsBefore = firstJobId - 1L;
        this.ring = new JobRing(putLock, takeLock, idsBefore);
        this.depth = ring.depth;
        this.publishBeforeClaim = publishBeforeClaim;
    }

    /** Both locks, in the one order that cannot deadlock. */
    private void lockBoth() {
        putLock.lock();
        takeLock.lock();
    }

    private void unlockBoth() {
        takeLock.unlock();
        putLock.unlock();
    }

    // ---------------------------------------------------------------- submitters

    /** Accepts {@code job} if there is room: gives it the next id and queues it. */
    Admission offer(PoolJob<?> job, long nowNanos) {
        boolean wasEmpty;
        putLock.lock();
        try {
            if (runState.isShutdown()) {
                return Admission.SHUT_DOWN;
            }
            if (depth.get() >= capacity) {
                return Admission.FULL;
            }
            wasEmpty = enqueue(job, nowNanos);
        } finally {
            putLock.unlock();
        }
        if (wasEmpty) {
            wakeAWorker();
        }
        return Admission.ACCEPTED;
    }

    /**
     * As {@link #offer(PoolJob, long)}, but waits up to {@code timeoutNanos} for room, parked on
     * {@link #notFull}: every take, cancellation, capacity change and close signals it when someone
     * waits. The time left is carried from one wait to the next, so no deadline is computed and no
     * timeout can overflow.
     */
    Admission offerWaiting(PoolJob<?> job, long timeoutNanos) throws InterruptedException {
        boolean wasEmpty;
        putLock.lockInterruptibly();
        try {
            long left = timeoutNanos;
            while (!runState.isShutdown() && depth.get() >= capacity) {
                if (left <= 0L) {
                    return Admission.FULL;
                }
                blockedSubmitters++; // announced, then looked at once more: see the class comment
                try {
                    if (depth.get() < capacity) {
                        continue;
                    }
                    left = notFull.awaitNanos(left);
                } finally {
                    blockedSubmitters--;
                }
            }
            if (runState.isShutdown()) {
                return Admission.SHUT_DOWN;
            }
            wasEmpty = enqueue(job, System.nanoTime());
        } finally {
            putLock.unlock();
        }
        if (wasEmpty) {
            wakeAWorker();
        }
        return Admission.ACCEPTED;
    }

    /** Accepts {@code job} without queueing it and claims it for the calling thread, which will run it. */
    Admission acceptAndClaim(PoolJob<?> job, long nowNanos) {
        putLock.lock();
        try {
            if (runState.isShutdown()) {
                return Admission.SHUT_DOWN;
            }
            job.accept(ring.nextId(), nowNanos);
            ledger.accepted(job);
            job.claim(Thread.currentThread(), nowNanos);
            return Admission.ACCEPTED;
        } finally {
            putLock.unlock();
        }
    }

    /**
     * With room in the queue: queues {@code job}. Returns whether the queue was empty: only then may
     * a worker wait for this job (see the class comment).
     */
    private boolean enqueue(PoolJob<?> job, long nowNanos) {
        assert putLock.isHeldByCurrentThread();
        job.accept(ring.nextId(), nowNanos);
        ledger.accepted(job); // before the job is published in the ring: a worker may finish it at once
        int before = ring.add(job);
        if (blockedSubmitters > 0 && before + 1 < capacity) {
            notFull.signal(); // room for another blocked submitter too
        }
        return before == 0;
    }

    /** After a job was queued into an empty queue: wakes an idle worker, if there is one (see the class comment). */
    private void wakeAWorker() {
        if (idleWorkers > 0) {
            takeLock.lock();
            try {
                notEmpty.signal();
            } finally {
                takeLock.unlock();
            }
        }
    }

    /** After a worker or a canceller made room, holding no lock: wakes a blocked submitter, if there is one. */
    private void wakeASubmitter() {
        if (blockedSubmitters > 0) {
            putLock.lock();
            try {
                notFull.signal();
            } finally {
                putLock.unlock();
            }
        }
    }

    // ---------------------------------------------------------------- workers

    /**
     * Called by {@code worker} for its next job: settles its previous job (if any), then waits for a
     * job, claims it (it is {@code RUNNING} when returned) and makes it the worker's current job.
     * Returns {@code null} when the worker should exit (retired, shut down with the queue empty, or stopping); the
     * worker is then already deregistered. Clears a stray interrupt before claiming, so a job never
     * starts interrupted by something meant for an idle worker; an interrupt while waiting is a stray
     * one too, and the worker simply waits again. The finished job is read from the worker's field and
     * kept in no local once published, so an idle worker's stack holds no job.
     *
     * <p><b>One lock round trip per job.</b> A job its worker ran to the end is left {@code COMPLETING}
     * by {@link PoolJob#execute}: this critical section records its result, counts its outcome and
     * drops it from the live index — the work that would otherwise take a lock of its own, or atomic
     * instructions on lines every worker writes — and claims the next job; the final state of the
     * finished job is published (waiters woken, the completion listener run) after the lock is
     * released, and before the worker looks at its queue again if it must wait.
     *
     * <p>A worker retires only while another is alive: the last one stays whatever is asked of it, so a
     * pool that is not shut down always has a worker for its queue. Retirement requests exceed the
     * surplus only when workers died and could not be replaced (alive below configured); the request
     * the last worker declines stays pending, so that a replacement registering later, or a worker
     * started by a later resize, retires instead and alive converges on the configured count; a later
     * {@code setWorkers} withdraws it first, as it withdraws any pending request.
     *
     * @param finishedNanos when the worker's previous job finished (the clock read that stamped it), or
     *        0: a job already queued by then is stamped as started at that moment, without a clock read
     */
    PoolJob<?> take(Worker worker, long finishedNanos) {
        PoolJob<?> completed = handedBack(worker);
        if (completed != null) {
            int finalState = completed.completedState();
            PoolJob<?> job;
            takeLock.lock();
            try {
                settle(worker, completed, finalState);
                job = publishBeforeClaim || completed.hasCallbacks() || exits(worker) ? null
                        : claimNext(worker, finishedNanos);
            } finally {
                takeLock.unlock();
            }
            wakeASubmitter();
            completed.publish(finalState);
            completed = null; // an idle worker's frame must not keep its last job reachable
            if (job != null || !worker.registered) {
                return job;
            }
            finishedNanos = 0L; // the queue was empty, or a listener ran: the next job is stamped when it is claimed
        }
        return waitForJob(worker, finishedNanos);
    }

    /**
     * The worker's current job if the worker ran it to the end and has yet to hand it back (it is
     * {@code COMPLETING}, which only this worker leaves), else null. Called by the worker itself: the
     * field is its own, set and cleared by this thread.
     */
    private static PoolJob<?> handedBack(Worker worker) {
        PoolJob<?> job = worker.current;
        return job != null && job.state() == PoolJob.COMPLETING ? job : null;
    }

    /** Records and counts the worker's completed job, which leaves the live index. */
    private void settle(Worker worker, PoolJob<?> completed, int finalState) {
        assert takeLock.isHeldByCurrentThread();
        ledger.settle(completed, finalState);
        worker.current = null;
    }

    /** {@link #take}, once the worker's previous job (if any) is settled or was finished by someone else. */
    private PoolJob<?> waitForJob(Worker worker, long finishedNanos) {
        PoolJob<?> job = null;
        takeLock.lock();
        try {
            if (worker.current != null) { // finished by a canceller, or by this worker reporting its failure
                ledger.forget(worker.current);
                worker.current = null;
            }
            while (!exits(worker)) {
                job = claimNext(worker, finishedNanos);
                finishedNanos = 0L; // after a wait, the clock is read again
                if (job != null) {
                    break;
                }
                if (runState.isShutdown()) {
                    continue; // the claim may have emptied the queue of a shut-down pool (passing over a cancelled job): exits() decides
                }
                idleWorkers++; // announced, then looked at once more: see the class comment
                try {
                    if (depth.get() == 0) {
                        notEmpty.await();
                    }
                } catch (InterruptedException stray) {
                    // Nobody interrupts an idle worker on purpose (cancellation targets running jobs): the
                    // interrupt is cleared by the throw, and the worker looks again and waits again.
                } finally {
                    idleWorkers--;
                }
            }
        } finally {
            takeLock.unlock();
        }
        wakeASubmitter();
        return job;
    }

    /**
     * Whether {@code worker} must exit now — stopping, asked to retire (and not
     * the last alive), or shut down with nothing left to run. If so it is deregistered here, and passes on
     * a signal meant for a worker that may have reached it.
     */
    private boolean exits(Worker worker) {
        assert takeLock.isHeldByCurrentThread();
        boolean retires = slots.retirementDue();
        int rs = runState.get();
        boolean stopping = rs >= RunState.STOP;
        if (!stopping && !retires && !(rs >= RunState.SHUTDOWN && depth.get() == 0)) {
            return false;
        }
        if (!stopping && retires) {
            slots.retired();
        }
        slots.remove(worker);
        if (depth.get() > 0 && idleWorkers > 0 && !stopping) {
            notEmpty.signal();
        }
        return true;
    }

    /** For tests: {@link #take}'s claim without waiting; null if nothing is queued. */
    PoolJob<?> tryTake(Worker worker) {
        PoolJob<?> job;
        takeLock.lock();
        try {
            job = claimNext(worker, 0L);
        } finally {
            takeLock.unlock();
        }
        wakeASubmitter();
        return job;
    }

    /** Takes and claims the oldest claimable job; null if none is queued. */
    private PoolJob<?> claimNext(Worker worker, long finishedNanos) {
        assert takeLock.isHeldByCurrentThread();
        while (depth.get() > 0) {
            PoolJob<?> job = ring.pollFirst();
            Thread.interrupted(); // whatever interrupted this thread before now was not meant for this job
            // A job already queued when the worker's previous job finished starts at that moment: the
            // worker came straight for it, and a clock read costs as much as the rest of a take.
            boolean queuedByThen = finishedNanos != 0L && job.submittedNanos - finishedNanos <= 0L;
            long now = queuedByThen ? finishedNanos : System.nanoTime();
            if (job.claim(worker.thread, now)) {
                worker.current = job;
                if (idleWorkers > 0 && depth.get() > 0) { // the idle count first: it is rarely written, depth on every job
                    notEmpty.signal(); // more work and someone idle: hand it on
                }
                return job;
            }
            // Its caller cancelled it and has yet to reach the locks: it counts the job, we pass over it.
        }
        return null;
    }

    // ---------------------------------------------------------------- jobs leaving otherwise

    /**
     * Claims {@code job} for {@code thread}, which calls {@link PoolJob#run()} on it directly: a
     * {@code NEW} job (never submitted), or a {@code QUEUED} one, which leaves the ring here so the
     * queue never counts a job that runs elsewhere. False if it was already claimed or cancelled.
     */
    boolean claimOutsideQueue(PoolJob<?> job, Thread thread, long nowNanos) {
        lockBoth();
        try {
            int s = job.state();
            if (s == PoolJob.NEW) {
                job.neverSubmitted(nowNanos); // its start is its submission
                return job.claim(thread, nowNanos);
            }
            int slot = job.queueSlot(); // before the claim, which writes the start over it
            if (s == PoolJob.QUEUED && job.claim(thread, nowNanos)) {
                if (slot >= 0) {
                    ring.tombstone(slot);
                    signalRoom();
                }
                return true;
            }
            return false;
        } finally {
            unlockBoth();
        }
    }

    /**
     * Called by a thread that finished {@code job} other than through {@link #take} — a canceller, a
     * {@code CALLER_RUNS} submitter, a caller of {@link PoolJob#run()}, a worker failing a job whose
     * failure it reports or that it abandons — before the job's final state is published: drops the
     * job from the ring if it is still there (a cancelled queued job), records its result, counts the
     * outcome and drops it from the live index.
     */
    void finishedElsewhere(PoolJob<?> job, int finalState) {
        lockBoth();
        try {
            // Only a job that never started can be in the ring; a started one's slot field holds its start.
            int slot = finalState == PoolJob.CANCELLED ? job.queueSlot() : -1;
            if (slot >= 0) {
                job.queueSlot(-1);
                ring.tombstone(slot);
            }
            signalRoom(); // out of the ring, or passed over by a worker once cancelled: room either way
            ledger.settle(job, finalState);
        } finally {
            unlockBoth();
        }
    }

    /** After a job left the ring: wakes a blocked submitter, if there is one. */
    private void signalRoom() {
        assert putLock.isHeldByCurrentThread();
        if (blockedSubmitters > 0) {
            notFull.signal();
        }
    }

    // ---------------------------------------------------------------- workers' registry

    /** Registers {@code worker} before it starts: from now on it counts as alive. */
    void register(Worker worker) {
        takeLock.lock();
        try {
            slots.add(worker);
        } finally {
            takeLock.unlock();
        }
    }

    /**
     * Called by a worker that dies outside a job, after a job it was still running was failed and
     * recorded: settles a job it had completed but not yet handed back (it died on its way to
     * {@link #take}), drops its job from the live index and deregisters the worker.
     */
    void died(Worker worker) {
        PoolJob<?> job = worker.current;
        PoolJob<?> completed = handedBack(worker);
        int finalState = completed != null ? completed.completedState() : 0;
        takeLock.lock();
        try {
            if (completed != null) {
                settle(worker, completed, finalState);
            } else if (job != null) {
                ledger.forget(job);
                worker.current = null;
            }
            slots.remove(worker);
            if (depth.get() > 0 && idleWorkers > 0 && !runState.isStopping()) {
                notEmpty.signal();
            }
        } finally {
            takeLock.unlock();
        }
        if (completed != null) {
            completed.publish(finalState);
        }
    }

    // ---------------------------------------------------------------- resizing

    void setCapacity(int newCapacity) {
        putLock.lock();
        try {
            capacity = newCapacity;
            notFull.signalAll();
        } finally {
            putLock.unlock();
        }
    }

    /** Asks {@code count} workers to exit at their next look; idle ones are woken so they go first. */
    void requestRetirement(int count) {
        takeLock.lock();
        try {
            slots.requestRetirement(count);
            notEmpty.signalAll();
        } finally {
            takeLock.unlock();
        }
    }

    /** Withdraws up to {@code count} pending retirement requests; returns how many it withdrew. */
    int withdrawRetirement(int count) {
        takeLock.lock();
        try {
            return slots.withdrawRetirement(count);
        } finally {
            takeLock.unlock();
        }
    }

    // ---------------------------------------------------------------- shutdown

    /** Stops accepting and wakes every waiter: idle workers (to drain, then exit), blocked submitters (to be refused). */
    void close() {
        lockBoth();
        try {
            advanceTo(RunState.SHUTDOWN);
        } finally {
            unlockBoth();
        }
    }

    /**
     * As {@link #close()}, and no job is taken from now on: every worker exits at its next look.
     * Returns every accepted job not yet finished-and-left, oldest first, for the caller to cancel.
     */
    List<PoolJob<?>> stop() {
        lockBoth();
        try {
            advanceTo(RunState.STOP);
            return byId(ledger.liveJobs());
        } finally {
            unlockBoth();
        }
    }

    /** Advances the run state, and wakes every waiter to look at it. */
    private void advanceTo(int target) {
        assert putLock.isHeldByCurrentThread() && takeLock.isHeldByCurrentThread();
        runState.advanceTo(target);
        notFull.signalAll();
        notEmpty.signalAll();
    }

    /** Every accepted job not yet finished, oldest first: queued, run by workers, by CALLER_RUNS submitters or by callers. */
    List<PoolJob<?>> unfinished() {
        List<PoolJob<?>> jobs;
        lockBoth();
        try {
            jobs = ledger.liveJobs();
        } finally {
            unlockBoth();
        }
        jobs.removeIf(PoolJob::isDecided);
        return byId(jobs);
    }

    /**
     * Whether every accepted job has its result recorded: none is queued, nor run by a worker or by
     * another thread. Exact (both locks held); O(1).
     */
    boolean allSettled() {
        return readUnderBothLocks(ledger::liveCount) == 0;
    }

    private int readUnderBothLocks(IntSupplier read) {
        lockBoth();
        try {
            return read.getAsInt();
        } finally {
            unlockBoth();
        }
    }

    private static List<PoolJob<?>> byId(List<PoolJob<?>> jobs) {
        jobs.sort(Comparator.comparingLong(PoolJob::id));
        return jobs;
    }

    // ---------------------------------------------------------------- monitoring

    /** The queued or running job with this id, or null. O(1), lock-free. */
    PoolJob<?> findLive(long id) {
        return ledger.find(id);
    }

    /**
     * The pool's figures, all read with both locks held, so they are exact together: every relation
     * between them holds (see {@link PoolSnapshot}). A job counts as running until its result is
     * recorded, and as finished from then on, a moment before its final state is published.
     */
    record View(long nowNanos, int depth, int capacity, long submitted, long oldestSubmittedNanos,
            int runState, int configured, int alive, List<PoolSnapshot.BusyWorker> busy,
            long succeeded, long failed, long cancelled) { }

    View view(IntSupplier configuredWorkers) {
        lockBoth();
        try {
            long now = System.nanoTime(); // after every claim so far: no negative running time
            return new View(now, depth.get(), capacity, ring.lastId() - idsBefore, ring.oldestSubmittedNanos(now),
                    runState.get(), configuredWorkers.getAsInt(), slots.alive(), slots.busy(now),
                    ledger.succeeded(), ledger.failed(), ledger.cancelled());
        } finally {
            unlockBoth();
        }
    }

    /** For refusals: the depth and the capacity, read together. */
    int[] fullness() {
        putLock.lock();
        try {
            return new int[] {depth.get(), capacity};
        } finally {
            putLock.unlock();
        }
    }

    // ---------------------------------------------------------------- for tests

    int depth() {
        return depth.get();
    }

    int ringLength() {
        return readUnderBothLocks(ring::length);
    }

    int idleWorkers() {
        return idleWorkers;
    }

    int workerSlots() {
        takeLock.lock();
        try {
            return slots.capacity();
        } finally {
            takeLock.unlock();
        }
    }

    int liveIndexCapacity() {
        return readUnderBothLocks(ledger::liveCapacity);
    }
}
