package io.github.threadpool.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.IntSupplier;

/**
 * The pool's one shared FIFO queue, the registry of its workers, and the place where idle workers and
 * {@link RejectionPolicy#BLOCK BLOCK} submitters wait.
 *
 * <h2>Locking: one lock, signalled under it</h2>
 * Everything here is guarded by the one {@link #lock}, in the discipline of
 * {@link java.util.concurrent.ArrayBlockingQueue}: whoever changes the queue does so holding the lock,
 * and signals the matching {@link Condition} while still holding it. Idle workers wait on
 * {@link #notEmpty}, BLOCK submitters on {@link #notFull}; each side counts its waiters under the lock
 * ({@link #idleWorkers}, {@link #blockedSubmitters}), so a submitter or worker signals only when
 * someone waits, as {@link java.util.concurrent.LinkedBlockingQueue} signals only on the transitions
 * that can have waiters. Waiting is {@link Condition#await()}: a waiting thread parks, it never spins
 * nor yields.
 *
 * <p>Why no wake-up can be lost: a worker decides to wait only after seeing, under the lock, that there
 * is nothing to take, and {@code await} releases the lock atomically with enqueuing the worker on the
 * condition. A submitter adds its job under the same lock, so either the worker saw the job, or the
 * worker was already on the condition when the submitter signalled it. A signalled worker re-checks
 * under the lock; if another thread took the job meanwhile, that job is being run, and if the worker
 * leaves without taking one (retired, or the pool stopping) while jobs remain and others wait, it
 * passes the signal on; a worker that takes a job while more remain and others wait signals one more.
 * The three lost wake-ups of the previous design (a busy worker left on an idle stack, a retired worker
 * left on it, a worker dropped by a wake-all) need an idle set that is separate from the lock that
 * guards the queue; here the condition's wait queue is that set and it is only ever changed under the
 * queue's lock, so none of them can be expressed. {@code JobQueueLincheckTest} model-checks this.
 *
 * <h2>Structure</h2>
 * Queued jobs live in a growable array ring ({@link #ring}, oldest at {@link #head}); a job records
 * its slot ({@link PoolJob#queueSlot}) while it is in the ring. A job that leaves out of order — its
 * caller cancels it, or runs it itself with {@link PoolJob#run()} — leaves a {@code null} tombstone
 * in its slot, so that cancellation is O(1). The ring is rebuilt compactly when it is full, when
 * tombstones outnumber the jobs (and are at least {@link #MIN_TOMBSTONES_TO_COMPACT}), and when it
 * is less than a quarter used: memory is O(capacity + live jobs), and each rebuild is paid for by
 * the offers, takes or cancellations since the last one. A job taken or cancelled is unreachable
 * from the ring at once (there are no links between jobs), so a job held by a caller holds no other.
 *
 * <h2>Invariants (under the lock)</h2>
 * <ul>
 *   <li>Ids are handed out here, under the lock, as jobs are accepted: id order is queue order is
 *       take order.</li>
 *   <li>{@code depth} is the number of jobs in the ring; every one of them is {@code QUEUED}, or
 *       being cancelled by a caller that has not yet reached the lock. A job leaves the ring exactly
 *       once: taken (and claimed in the same critical section), or tombstoned.</li>
 *   <li>{@code depth <= capacity} after every accepted offer; a capacity lowered below the depth
 *       keeps the queued jobs and refuses offers until depth drops below it.</li>
 *   <li>Every job is claimed ({@code QUEUED} or {@code NEW} to {@code RUNNING}) under the lock, so
 *       claimers never race each other: only a canceller can beat a claimer, and then the job never
 *       starts.</li>
 *   <li>A worker's {@link Worker#current} is written only under the lock: set as it claims a job,
 *       cleared when it comes back for the next. A worker is registered here before it starts and
 *       deregistered in the same critical section in which it decides to exit: so
 *       {@code busy <= alive} in every view, and the worker array holds only live workers.</li>
 *   <li>Every result is recorded in the {@link ResultStore} under this lock, and the job's outcome
 *       counted and the job dropped from the {@link LiveIndex} in the same critical section, all
 *       before its final state is published: so the live index holds exactly the accepted jobs whose
 *       results are not yet recorded, {@code findJob} finds every job in one of the two, and
 *       {@code submitted = depth + running + finished} holds in every view.</li>
 *   <li>A worker retires only if another is alive ({@code alive > 1}), so a lowered
 *       {@code setWorkers} never leaves the pool without a worker; each retirement consumes exactly
 *       one request, so no more workers retire than were asked to.</li>
 *   <li>Once {@code closed}, no job is accepted again; once {@code stopping} (shutdownNow), no job is
 *       taken again either: every worker exits at its next look.</li>
 * </ul>
 */
final class JobQueue {

    /** The outcome of an offer. */
    enum Admission { ACCEPTED, FULL, CLOSED }

    private static final int MIN_RING = 16;
    static final int MIN_TOMBSTONES_TO_COMPACT = 16;

    final ReentrantLock lock = new ReentrantLock();
    /** Idle workers wait here. */
    private final Condition notEmpty = lock.newCondition();
    /** BLOCK-policy submitters wait here for room. */
    private final Condition notFull = lock.newCondition();

    // ---- all guarded by lock
    /** Queued jobs from {@code head}, {@code used} slots, tombstones ({@code null}) among them. Length a power of two. */
    private PoolJob<?>[] ring = new PoolJob<?>[MIN_RING];
    private int head;
    private int used;
    private int depth;
    private long lastId;
    private int capacity;
    private boolean stopping;
    /** Workers asked to exit at their next look (a lowered setWorkers); the last alive worker declines. */
    private int retireRequests;
    private int idleWorkers;
    private int blockedSubmitters;
    private Worker[] workers = new Worker[4];
    private int alive;
    /** Outcomes of every job finished so far, counted as its result is recorded. */
    private long succeeded;
    private long failed;
    private long cancelled;
    private final LiveIndex live = new LiveIndex();
    /** Recorded into only under the lock, which serialises its recorders (see {@link ResultStore#record}). */
    private final ResultStore results;
    /** Written under the lock; volatile for {@link #isClosed()}. */
    private volatile boolean closed;

    /** For tests: run by each worker as it comes back for a job, before it takes the lock. */
    volatile Consumer<Worker> beforeTakeHook;

    JobQueue(int capacity, ResultStore results) {
        this.capacity = capacity;
        this.results = results;
    }

    // ---------------------------------------------------------------- submitters

    /** Accepts {@code job} if there is room: gives it the next id and queues it. */
    Admission offer(PoolJob<?> job, long nowNanos) {
        lock.lock();
        try {
            if (closed) {
                return Admission.CLOSED;
            }
            if (depth >= capacity) {
                return Admission.FULL;
            }
            enqueue(job, nowNanos);
            return Admission.ACCEPTED;
        } finally {
            lock.unlock();
        }
    }

    /**
     * As {@link #offer(PoolJob, long)}, but waits up to {@code timeoutNanos} for room, parked on
     * {@link #notFull}: every take, cancellation, capacity change and close signals it under the lock.
     * The time left is carried from one wait to the next, so no deadline is computed and no timeout
     * can overflow.
     */
    Admission offerWaiting(PoolJob<?> job, long timeoutNanos) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            long left = timeoutNanos;
            while (!closed && depth >= capacity) {
                if (left <= 0L) {
                    return Admission.FULL;
                }
                blockedSubmitters++;
                try {
                    left = notFull.awaitNanos(left);
                } finally {
                    blockedSubmitters--;
                }
            }
            if (closed) {
                return Admission.CLOSED;
            }
            enqueue(job, System.nanoTime());
            return Admission.ACCEPTED;
        } finally {
            lock.unlock();
        }
    }

    /** Accepts {@code job} without queueing it and claims it for the calling thread, which will run it. */
    Admission acceptAndClaim(PoolJob<?> job, long nowNanos) {
        lock.lock();
        try {
            if (closed) {
                return Admission.CLOSED;
            }
            job.accept(++lastId, nowNanos);
            live.add(job);
            job.claim(Thread.currentThread(), nowNanos);
            return Admission.ACCEPTED;
        } finally {
            lock.unlock();
        }
    }

    private void enqueue(PoolJob<?> job, long nowNanos) {
        job.accept(++lastId, nowNanos);
        if (used == ring.length) {
            rebuild(lengthFor(depth + 1));
        }
        int slot = (head + used) & (ring.length - 1);
        ring[slot] = job;
        job.queueSlot = slot;
        used++;
        depth++;
        live.add(job);
        if (idleWorkers > 0) {
            notEmpty.signal();
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
     * by {@link PoolJob#execute}: this critical section records its
     * result, counts its outcome and drops it from the live index — the work that would otherwise take
     * a lock of its own, or atomic instructions on lines every worker writes — and claims the next job;
     * the final state of the finished job is published (waiters woken, the completion listener run)
     * after the lock is released, and before the worker looks at its queue again if it must wait.
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
        Consumer<Worker> hook = beforeTakeHook;
        if (hook != null) {
            hook.accept(worker);
        }
        PoolJob<?> completed = worker.current; // the worker's own field: set and cleared by this thread
        if (completed != null && completed.state() == PoolJob.COMPLETING) { // left so by this worker: nobody else moves it
            int finalState = completed.completedState();
            PoolJob<?> job;
            lock.lock();
            try {
                settle(worker, completed, finalState);
                job = exits(worker) ? null : claimNext(worker, finishedNanos);
            } finally {
                lock.unlock();
            }
            completed.publish(finalState);
            if (job != null || !worker.registered) {
                return job;
            }
            finishedNanos = 0L; // the queue was empty: the next job is stamped when it is claimed
        }
        return waitForJob(worker, finishedNanos);
    }

    /** Called under the lock: records and counts the worker's completed job, which leaves the live index. */
    private void settle(Worker worker, PoolJob<?> completed, int finalState) {
        results.record(completed);
        count(finalState);
        live.remove(completed); // after the record: findJob now finds it in the store
        worker.current = null;
    }

    /** {@link #take}, once the worker's previous job (if any) is settled or was finished by someone else. */
    private PoolJob<?> waitForJob(Worker worker, long finishedNanos) {
        lock.lock();
        try {
            if (worker.current != null) { // finished by a canceller, or by this worker reporting its failure
                live.remove(worker.current);
                worker.current = null;
            }
            for (;;) {
                if (exits(worker)) {
                    return null;
                }
                PoolJob<?> job = claimNext(worker, finishedNanos);
                finishedNanos = 0L; // after a wait, the clock is read again
                if (job != null) {
                    return job;
                }
                idleWorkers++;
                try {
                    notEmpty.await();
                } catch (InterruptedException stray) {
                    // Nobody interrupts an idle worker on purpose (cancellation targets running jobs): the
                    // interrupt is cleared by the throw, and the worker looks again and waits again.
                } finally {
                    idleWorkers--;
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Called under the lock: whether {@code worker} must exit now — stopping, asked to retire (and not
     * the last alive), or closed with nothing left to run. If so it is deregistered here, and passes on
     * a signal meant for a worker that may have reached it.
     */
    private boolean exits(Worker worker) {
        boolean retires = retireRequests > 0 && alive > 1;
        if (!stopping && !retires && !(closed && depth == 0)) {
            return false;
        }
        if (!stopping && retires) {
            retireRequests--;
        }
        deregister(worker);
        if (depth > 0 && idleWorkers > 0 && !stopping) {
            notEmpty.signal();
        }
        return true;
    }

    /** For tests: {@link #take}'s claim without waiting; null if nothing is queued. */
    PoolJob<?> tryTake(Worker worker) {
        lock.lock();
        try {
            return claimNext(worker, 0L);
        } finally {
            lock.unlock();
        }
    }

    /** Called under the lock. Takes and claims the oldest claimable job; null if none is queued. */
    private PoolJob<?> claimNext(Worker worker, long finishedNanos) {
        while (depth > 0) {
            PoolJob<?> job = pollFirst();
            if (blockedSubmitters > 0) {
                notFull.signal();
            }
            Thread.interrupted(); // whatever interrupted this thread before now was not meant for this job
            // A job already queued when the worker's previous job finished starts at that moment: the
            // worker came straight for it, and a clock read costs as much as the rest of a take.
            boolean queuedByThen = finishedNanos != 0L && job.submittedNanos - finishedNanos <= 0L;
            long now = queuedByThen ? finishedNanos : System.nanoTime();
            if (job.claim(worker.thread, now)) {
                worker.current = job;
                if (depth > 0 && idleWorkers > 0) {
                    notEmpty.signal(); // more work and someone idle: hand it on
                }
                return job;
            }
            // Its caller cancelled it and has yet to reach the lock: it counts the job, we pass over it.
        }
        return null;
    }

    /** Called under the lock, with {@code depth > 0}. Unlinks the oldest job, skipping tombstones. */
    private PoolJob<?> pollFirst() {
        PoolJob<?>[] r = ring;
        int mask = r.length - 1;
        for (;;) {
            PoolJob<?> job = r[head];
            r[head] = null;
            head = (head + 1) & mask;
            used--;
            if (job != null) {
                job.queueSlot = -1;
                depth--;
                if (r.length > MIN_RING && used * 4 < r.length) {
                    rebuild(lengthFor(depth));
                }
                return job;
            }
        }
    }

    /** Called under the lock. Drops a job that left the ring out of order, leaving a tombstone. */
    private void tombstone(PoolJob<?> job) {
        ring[job.queueSlot] = null;
        job.queueSlot = -1;
        depth--;
        if (depth == 0) {
            used = 0; // every slot in use is a tombstone
        } else if (used - depth > depth && used - depth >= MIN_TOMBSTONES_TO_COMPACT) {
            rebuild(lengthFor(depth));
        }
        if (blockedSubmitters > 0) {
            notFull.signal();
        }
    }

    /** Called under the lock. Copies the queued jobs, in order, to the start of a new ring. */
    private void rebuild(int length) {
        PoolJob<?>[] old = ring;
        PoolJob<?>[] fresh = new PoolJob<?>[length];
        int mask = old.length - 1;
        int n = 0;
        for (int i = 0; i < used; i++) {
            PoolJob<?> job = old[(head + i) & mask];
            if (job != null) {
                job.queueSlot = n;
                fresh[n++] = job;
            }
        }
        ring = fresh;
        head = 0;
        used = n;
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
        lock.lock();
        try {
            int s = job.state();
            if (s == PoolJob.NEW) {
                job.submittedNanos = nowNanos; // never submitted: its start is its submission
                return job.claim(thread, nowNanos);
            }
            if (s == PoolJob.QUEUED && job.claim(thread, nowNanos)) {
                if (job.queueSlot >= 0) {
                    tombstone(job);
                }
                return true;
            }
            return false;
        } finally {
            lock.unlock();
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
        lock.lock();
        try {
            if (job.queueSlot >= 0) {
                tombstone(job);
            }
            results.record(job);
            count(finalState);
            live.remove(job);
        } finally {
            lock.unlock();
        }
    }

    private void count(int finalState) {
        switch (finalState) {
            case PoolJob.SUCCEEDED:
                succeeded++;
                break;
            case PoolJob.FAILED:
                failed++;
                break;
            default:
                cancelled++;
                break;
        }
    }

    // ---------------------------------------------------------------- workers' registry

    /** Registers {@code worker} before it starts: from now on it counts as alive. */
    void register(Worker worker) {
        lock.lock();
        try {
            if (alive == workers.length) {
                workers = Arrays.copyOf(workers, alive * 2);
            }
            workers[alive++] = worker;
            worker.registered = true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Called by a worker that dies outside a job, after a job it was still running was failed and
     * recorded: settles a job it had completed but not yet handed back (it died on its way to
     * {@link #take}), drops its job from the live index and deregisters the worker.
     */
    void died(Worker worker) {
        PoolJob<?> job = worker.current;
        PoolJob<?> completed = job != null && job.state() == PoolJob.COMPLETING ? job : null;
        int finalState = completed != null ? completed.completedState() : 0;
        lock.lock();
        try {
            if (completed != null) {
                settle(worker, completed, finalState);
            } else if (job != null) {
                live.remove(job);
                worker.current = null;
            }
            deregister(worker);
            if (depth > 0 && idleWorkers > 0 && !stopping) {
                notEmpty.signal();
            }
        } finally {
            lock.unlock();
        }
        if (completed != null) {
            completed.publish(finalState);
        }
    }

    /** Called under the lock. Idempotent. */
    private void deregister(Worker worker) {
        if (!worker.registered) {
            return;
        }
        worker.registered = false;
        for (int i = 0; i < alive; i++) {
            if (workers[i] == worker) {
                workers[i] = workers[--alive];
                workers[alive] = null;
                break;
            }
        }
        if (workers.length > 8 && alive * 4 < workers.length) {
            workers = Arrays.copyOf(workers, workers.length / 2);
        }
    }

    // ---------------------------------------------------------------- resizing

    void setCapacity(int newCapacity) {
        lock.lock();
        try {
            capacity = newCapacity;
            notFull.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Asks {@code count} workers to exit at their next look; idle ones are woken so they go first. */
    void requestRetirement(int count) {
        lock.lock();
        try {
            retireRequests += count;
            notEmpty.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Withdraws up to {@code count} pending retirement requests; returns how many it withdrew. */
    int withdrawRetirement(int count) {
        lock.lock();
        try {
            int withdrawn = Math.min(count, retireRequests);
            retireRequests -= withdrawn;
            return withdrawn;
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------- shutdown

    /** Stops accepting and wakes every waiter: idle workers (to drain, then exit), blocked submitters (to be refused). */
    void close() {
        lock.lock();
        try {
            closed = true;
            notFull.signalAll();
            notEmpty.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * As {@link #close()}, and no job is taken from now on: every worker exits at its next look.
     * Returns every accepted job not yet finished-and-left, oldest first, for the caller to cancel.
     */
    List<PoolJob<?>> stop() {
        lock.lock();
        try {
            closed = true;
            stopping = true;
            notFull.signalAll();
            notEmpty.signalAll();
            return byId(live.jobs());
        } finally {
            lock.unlock();
        }
    }

    /** Every accepted job not yet finished, oldest first: queued, run by workers, by CALLER_RUNS submitters or by callers. */
    List<PoolJob<?>> unfinished() {
        List<PoolJob<?>> jobs;
        lock.lock();
        try {
            jobs = live.jobs();
        } finally {
            lock.unlock();
        }
        jobs.removeIf(PoolJob::isDone);
        return byId(jobs);
    }

    private static List<PoolJob<?>> byId(List<PoolJob<?>> jobs) {
        jobs.sort(Comparator.comparingLong(PoolJob::id));
        return jobs;
    }

    boolean isClosed() {
        return closed;
    }

    // ---------------------------------------------------------------- monitoring

    /** The queued or running job with this id, or null. O(1), lock-free. */
    PoolJob<?> findLive(long id) {
        return live.find(id);
    }

    /**
     * The pool's figures, all read in one critical section, so they are exact together: every
     * relation between them holds (see {@link PoolSnapshot}). A job counts as running until its result
     * is recorded, and as finished from then on, a moment before its final state is published.
     */
    record View(long nowNanos, int depth, int capacity, long submitted, long oldestSubmittedNanos,
            boolean closed, int configured, int alive, List<PoolSnapshot.BusyWorker> busy,
            long succeeded, long failed, long cancelled) { }

    View view(IntSupplier configuredWorkers) {
        lock.lock();
        try {
            List<PoolSnapshot.BusyWorker> busy = new ArrayList<>();
            long now = System.nanoTime(); // after every claim so far: no negative running time
            for (int i = 0; i < alive; i++) {
                Worker worker = workers[i];
                PoolJob<?> job = worker.current;
                if (job != null) {
                    busy.add(new PoolSnapshot.BusyWorker(worker.name(), job.id(),
                            java.time.Duration.ofNanos(job.runningNanos(now))));
                }
            }
            long oldest = now;
            if (depth > 0) {
                int mask = ring.length - 1;
                for (int i = 0; i < used; i++) {
                    PoolJob<?> job = ring[(head + i) & mask];
                    if (job != null) {
                        oldest = job.submittedNanos;
                        break;
                    }
                }
            }
            return new View(now, depth, capacity, lastId, oldest, closed, configuredWorkers.getAsInt(), alive,
                    busy, succeeded, failed, cancelled);
        } finally {
            lock.unlock();
        }
    }

    /** For error messages: capacity and depth. */
    String describeFullness() {
        lock.lock();
        try {
            return "capacity " + capacity + ", depth " + depth;
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------- for tests

    int depth() {
        lock.lock();
        try {
            return depth;
        } finally {
            lock.unlock();
        }
    }

    int ringLength() {
        lock.lock();
        try {
            return ring.length;
        } finally {
            lock.unlock();
        }
    }

    int idleWorkers() {
        lock.lock();
        try {
            return idleWorkers;
        } finally {
            lock.unlock();
        }
    }

    int workerSlots() {
        lock.lock();
        try {
            return workers.length;
        } finally {
            lock.unlock();
        }
    }

    int liveIndexCapacity() {
        lock.lock();
        try {
            return live.capacity();
        } finally {
            lock.unlock();
        }
    }
}
