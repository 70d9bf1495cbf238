package io.github.threadpool.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
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
 * workers on {@link #notEmpty}). They meet only in {@link #depth}. Whole-queue operations take both,
 * {@code putLock} first ({@link #lockBoth}); a holder of {@code takeLock} alone never waits for
 * {@code putLock}. Waiters are counted ({@link #idleWorkers}, {@link #blockedSubmitters}) and announce
 * themselves before their last look, so no wake-up is lost: the argument is in docs/design.md ("The
 * queue and its locks", "Wake-ups", "The ring"), and {@code JobQueueLincheckTest} model-checks it.
 *
 * <h2>Structure</h2>
 * Queued jobs live in a growable array ring ({@link #ring}) between {@code head} (oldest) and
 * {@code tail}; a job records its slot ({@link PoolJob#queueSlot()}) while it is in the ring. A job that
 * leaves out of order leaves a {@code null} tombstone, so a cancellation is O(1); the ring is rebuilt
 * compactly under both locks when full, when tombstones outnumber jobs (at least
 * {@link #MIN_TOMBSTONES_TO_COMPACT}), or when under a quarter used for {@link #KEEP_UNUSED_NANOS}.
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
    enum Admission { ACCEPTED, FULL, CLOSED }

    private static final int MIN_RING = 16;
    /**
     * How long a ring (or live index) that was needed at its length is kept at that length once it is
     * under a quarter used: a pool that takes a burst every few milliseconds keeps the arrays the burst
     * needs instead of shrinking and growing them again with every burst (allocation the size of the
     * burst each time), and one whose bursts stopped lets them go a second later, at its next take.
     */
    static final long KEEP_UNUSED_NANOS = 1_000_000_000L;
    static final int MIN_TOMBSTONES_TO_COMPACT = 16;

    private static final VarHandle HEAD;

    static {
        try {
            HEAD = MethodHandles.lookup().findVarHandle(TakeEndFields.class, "head", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final ReentrantLock putLock = new ReentrantLock();
    /** BLOCK-policy submitters wait here for room. */
    private final Condition notFull = putLock.newCondition();
    private final ReentrantLock takeLock = new ReentrantLock();
    /** Idle workers wait here. */
    private final Condition notEmpty = takeLock.newCondition();

    /** Jobs in the ring (tombstones not counted): incremented under putLock, decremented under takeLock. */
    private final AtomicInteger depth = new AtomicInteger();

    /**
     * Queued jobs from {@code head} to {@code tail}, tombstones ({@code null}) among them. Length a
     * power of two. Replaced (rebuilt) only with both locks held.
     */
    private PoolJob<?>[] ring = new PoolJob<?>[MIN_RING];

    /**
     * The fields written on every offer, and those written on every take, each on cache lines of their
     * own: a submitter and a worker writing one line each would take it from each other on every job.
     */
    private final PutEnd put = new PutEnd();
    /** The ids below the first job's, which no job of this pool has: the count of jobs accepted is {@code lastId - idsBefore}. */
    private final long idsBefore;
    private final TakeEnd take = new TakeEnd();

    /** Guarded by putLock (and both locks for a rebuild). */
    abstract static class PutEndFields extends LinePadding {
        /** Position of the next free slot. */
        long tail;
        long lastId;
        /** {@link TakeEndFields#head} as last read: the submitter reads the workers' line only when this says full. */
        long headSeen;
    }

    static final class PutEnd extends PutEndFields {
        long q01, q02, q03, q04, q05, q06, q07, q08;
    }

    /** Guarded by takeLock (and both locks for a rebuild). */
    abstract static class TakeEndFields extends LinePadding {
        /** Position of the oldest slot in use. Advanced with a release store; read by submitters when the ring looks full. */
        volatile long head;
        /** Tombstones between head and tail. */
        int tombstones;
        /** When the ring was last at least a quarter used (a taken job's submission time), or rebuilt. */
        long ringNeededNanos;
    }

    static final class TakeEnd extends TakeEndFields {
        long q01, q02, q03, q04, q05, q06, q07, q08;
    }

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
        this.put.lastId = idsBefore;
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
                return Admission.CLOSED;
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
                return Admission.CLOSED;
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
                return Admission.CLOSED;
            }
            job.accept(++put.lastId, nowNanos);
            ledger.accepted(job);
            job.claim(Thread.currentThread(), nowNanos);
            return Admission.ACCEPTED;
        } finally {
            putLock.unlock();
        }
    }

    /**
     * Called under putLock, with room in the queue. Returns whether the queue was empty: only then may
     * a worker wait for this job (see the class comment).
     */
    private boolean enqueue(PoolJob<?> job, long nowNanos) {
        PutEnd end = put;
        job.accept(++end.lastId, nowNanos);
        ledger.accepted(job); // before the job is published in the ring: a worker may finish it at once
        if (end.tail - end.headSeen == ring.length && end.tail - (end.headSeen = take.head) == ring.length) {
            takeLock.lock();
            try {
                rebuild(lengthFor(depth.get() + 1));
            } finally {
                takeLock.unlock();
            }
        }
        int slot = (int) end.tail & (ring.length - 1);
        job.queueSlot(slot);
        ring[slot] = job;
        end.tail++;
        int before = depth.getAndIncrement(); // publishes the slot to workers
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
     * Returns {@code null} when the worker should exit (retired, closed and empty, or stopping); the
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

    /** Called under takeLock: records and counts the worker's completed job, which leaves the live index. */
    private void settle(Worker worker, PoolJob<?> completed, int finalState) {
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
                    continue; // the claim may have emptied a closed queue (passing over a cancelled job): exits() decides
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
     * Called under takeLock: whether {@code worker} must exit now — stopping, asked to retire (and not
     * the last alive), or closed with nothing left to run. If so it is deregistered here, and passes on
     * a signal meant for a worker that may have reached it.
     */
    private boolean exits(Worker worker) {
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

    /** Called under takeLock. Takes and claims the oldest claimable job; null if none is queued. */
    private PoolJob<?> claimNext(Worker worker, long finishedNanos) {
        while (depth.get() > 0) {
            PoolJob<?> job = pollFirst();
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

    /**
     * Called under takeLock, with {@code depth > 0}. Unlinks the oldest job, passing over tombstones:
     * {@code depth > 0} was published after a job was written into a slot before {@code tail}, so
     * there is one between {@code head} and there.
     */
    private PoolJob<?> pollFirst() {
        PoolJob<?>[] r = ring;
        int mask = r.length - 1;
        TakeEnd end = take;
        long h = end.head;
        for (;;) {
            int slot = (int) h & mask;
            PoolJob<?> job = r[slot];
            r[slot] = null;
            h++;
            if (job != null) {
                HEAD.setRelease(end, h); // after the slots are cleared: a submitter that sees the room sees them empty
                job.queueSlot(-1);
                int after = depth.getAndDecrement() - 1;
                if (r.length > MIN_RING) {
                    if (after * 4 >= r.length) {
                        end.ringNeededNanos = job.submittedNanos;
                    } else if (job.submittedNanos - end.ringNeededNanos > KEEP_UNUSED_NANOS) {
                        shrinkIfPutLockIsFree();
                    }
                }
                return job;
            }
            end.tombstones--;
        }
    }

    /** Called under takeLock. Never waits for putLock: see the class comment. */
    private void shrinkIfPutLockIsFree() {
        if (putLock.tryLock()) {
            try {
                if (ring.length > MIN_RING && (put.tail - take.head) * 4 < ring.length) {
                    rebuild(lengthFor(depth.get()));
                }
            } finally {
                putLock.unlock();
            }
        }
    }

    /** Called under both locks. Drops a job that left the ring out of order, leaving a tombstone in its slot. */
    private void tombstone(int slot) {
        ring[slot] = null;
        int left = depth.decrementAndGet();
        TakeEnd end = take;
        end.tombstones++;
        if (left == 0) {
            end.head = put.tail; // every slot in use is a tombstone
            end.tombstones = 0;
        } else if (end.tombstones > left && end.tombstones >= MIN_TOMBSTONES_TO_COMPACT) {
            rebuild(lengthFor(left));
        }
        if (blockedSubmitters > 0) {
            notFull.signal();
        }
    }

    /** Called under both locks. Copies the queued jobs, in order, to the start of a new ring. */
    private void rebuild(int length) {
        PoolJob<?>[] old = ring;
        PoolJob<?>[] fresh = new PoolJob<?>[length];
        int mask = old.length - 1;
        int n = 0;
        for (long p = take.head; p != put.tail; p++) {
            PoolJob<?> job = old[(int) p & mask];
            if (job != null) {
                job.queueSlot(n);
                fresh[n++] = job;
            }
        }
        ring = fresh;
        take.head = 0L;
        take.tombstones = 0;
        take.ringNeededNanos = System.nanoTime();
        put.tail = n;
        put.headSeen = 0L;
    }

    /** A ring length for {@code jobs} queued jobs, with half as many free slots again. */
    private static int lengthFor(int jobs) {
        long wanted = Math.max(MIN_RING, jobs + (jobs >> 1) + 1L);
        return (int) Math.min(1 << 30, Long.highestOneBit(wanted - 1) << 1);
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
                    tombstone(slot);
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
                tombstone(slot);
            } else if (blockedSubmitters > 0) {
                notFull.signal(); // a worker passed over it, cancelled, and made room
            }
            ledger.settle(job, finalState);
        } finally {
            unlockBoth();
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
            runState.advanceTo(RunState.SHUTDOWN);
            notFull.signalAll();
            notEmpty.signalAll();
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
            runState.advanceTo(RunState.STOP);
            notFull.signalAll();
            notEmpty.signalAll();
            return byId(ledger.liveJobs());
        } finally {
            unlockBoth();
        }
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
        lockBoth();
        try {
            return ledger.liveCount() == 0;
        } finally {
            unlockBoth();
        }
    }

    /**
     * Whether the unfinished jobs are all run by {@code caller} or by a thread in {@code asking} — or
     * queued, if {@code callerTakesQueued} (the caller is the last working worker, which takes them once
     * its own job ends) — and the caller holds the pool up: {@code callerHoldsItUp}, or one of them is
     * the caller's. O(length of the live index), both locks held: for shutdown's waits, once no other
     * worker is working, when the live index holds only the caller's job, jobs other threads run, and
     * (for a worker) the queue.
     */
    boolean unfinishedOnlyByCallerOrAsking(Thread caller, Set<Thread> asking, boolean callerTakesQueued,
            boolean callerHoldsItUp) {
        boolean callers = callerHoldsItUp;
        for (PoolJob<?> job : unfinished()) {
            Thread runner = job.runner();
            if (runner == caller) {
                callers = true;
            } else if (runner == null ? !callerTakesQueued : !asking.contains(runner)) {
                return false;
            }
        }
        return callers;
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
            List<PoolSnapshot.BusyWorker> busy = new ArrayList<>();
            long now = System.nanoTime(); // after every claim so far: no negative running time
            for (int i = 0, alive = slots.alive(); i < alive; i++) {
                Worker worker = slots.get(i);
                PoolJob<?> job = worker.current;
                if (job != null) {
                    busy.add(new PoolSnapshot.BusyWorker(worker.name(), job.id(),
                            java.time.Duration.ofNanos(job.runningNanos(now))));
                }
            }
            long oldest = now;
            int mask = ring.length - 1;
            for (long p = take.head; p != put.tail; p++) {
                PoolJob<?> job = ring[(int) p & mask];
                if (job != null) {
                    oldest = job.submittedNanos;
                    break;
                }
            }
            return new View(now, depth.get(), capacity, put.lastId - idsBefore, oldest, runState.get(), configuredWorkers.getAsInt(), slots.alive(),
                    busy, ledger.succeeded(), ledger.failed(), ledger.cancelled());
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
        lockBoth();
        try {
            return ring.length;
        } finally {
            unlockBoth();
        }
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
        lockBoth();
        try {
            return ledger.liveCapacity();
        } finally {
            unlockBoth();
        }
    }
}
