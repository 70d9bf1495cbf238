package io.github.threadpool.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The pool's one shared FIFO queue, and the place where idle workers wait.
 *
 * <h2>Structure</h2>
 * A singly linked list of the jobs themselves ({@link PoolJob#next}), with a dummy node at the head as
 * in the Michael–Scott queue: submitters append at {@code tail} one at a time under {@code putLock};
 * workers take from {@code head} without a lock, by CAS. Submitters therefore never wait for workers,
 * nor workers for submitters, and workers contend only with each other, for one CAS per job.
 *
 * <h2>Invariants</h2>
 * <ul>
 *   <li>Jobs are linked in the order of their ids, and ids are handed out under {@code putLock} as they
 *       are linked, so id order, queue order and take order are one order.</li>
 *   <li>{@code depth} counts the jobs in the list that are still {@code QUEUED}: those linked
 *       ({@code enqueued}) less those taken (each worker counts its own, in its {@link WorkerCounts})
 *       less those cancelled while queued ({@code cancelledWhileQueued}). A job leaves the count
 *       exactly once, by whoever moves it out of {@code QUEUED}: the worker that claims it, or the
 *       caller that cancels it. A cancelled job stays linked until a worker passes over it (it is
 *       never run): cancellation is O(1) and never blocks on the queue. Counts are read takers first,
 *       then {@code enqueued}, so a depth read concurrently can only overstate, never go negative.</li>
 *   <li>{@code depth <= capacity} after every accepted offer; a capacity lowered below the depth keeps
 *       the queued jobs and refuses offers until depth drops below it.</li>
 *   <li>Once {@code closed} (set under {@code putLock}), no job is ever accepted again, and
 *       {@link #take} returns {@code null} when the queue is empty.</li>
 *   <li>A worker publishes the job it is about to take as its {@link Worker#current current} job
 *       before its CAS on {@code head}, so a job is always either reachable from {@code head} or some
 *       worker's current job until it is finished: {@link #unfinished} walks the list, then reads
 *       the workers, and misses none.</li>
 * </ul>
 *
 * <h2>Locking and waking</h2>
 * {@code putLock} guards {@code tail}, {@code lastId}, {@code closed} and {@code capacity} (each also
 * volatile for lock-free readers) and is where BLOCK-policy submitters wait. A worker that finds the
 * queue empty counts itself as searching, yields and looks again ({@link #SPINS_BEFORE_PARKING} times), then stops searching,
 * pushes itself on a Treiber stack of idle workers, looks once more, and parks
 * ({@link LockSupport#park}): an idle pool uses no CPU. Whoever makes work available — a submitter, or
 * a worker that claims a job and sees more behind it — pops one idle worker and unparks it, but only
 * if no worker is searching (that one will find the job) and the stack is not empty: a busy pool pays
 * no wake-ups. Pops are serialised by {@code popLock}, which makes the stack ABA-free; they still CAS,
 * since pushes do not take it. A starting worker registers its take counts under the queue's own
 * monitor (copy on write; nothing on the hot path locks it). Workers take
 * {@code putLock} only when {@code blockedSubmitters > 0}. Each side publishes (a link or a claim; a
 * push or the end of a search) and then issues a full fence before it reads the other side's state,
 * so no parked worker misses a job. Blocked submitters are signalled without that fence on the
 * workers' side (it would cost every job); they look again at least every
 * {@link #BLOCKED_RECHECK_NANOS}.
 */
final class JobQueue {

    /** The outcome of an offer. */
    enum Admission { ACCEPTED, FULL, CLOSED }

    /**
     * How many times a worker that finds the queue empty yields and looks again before it parks. While
     * it searches, submitters need not wake anyone, and the yields hand the core to a submitter that
     * shares it — the thread it waits for. An unpark costs a submitter a system call per job once
     * workers outrun it, so this one constant was worth about 2x in the throughput benchmark (1 to
     * 1024 measured; README, Performance). With nothing to run a yield returns at once, so the search
     * ends within a millisecond; then the worker parks, and an idle pool uses no CPU.
     */
    static final int SPINS_BEFORE_PARKING = 256;

    /**
     * The longest a BLOCK-policy submitter waits before it looks at the queue again. A worker counts
     * its take with a release store and then reads whether anyone is blocked, with no fence between
     * (one per job would cost every job), so a take racing a submitter's announcement may go
     * unsignalled; the submitter then sees the room at its next look, at most this much later,
     * instead of at the end of its block timeout.
     */
    private static final long BLOCKED_RECHECK_NANOS = 1_000_000L;

    private static final VarHandle HEAD;
    private static final VarHandle CANCELLED_QUEUED;
    private static final VarHandle LAST_ID;
    private static final VarHandle ENQUEUED;
    private static final VarHandle IDLE;
    private static final VarHandle SEARCHING;
    private static final VarHandle BLOCKED;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            HEAD = lookup.findVarHandle(WorkerEnd.class, "head", PoolJob.class);
            CANCELLED_QUEUED = lookup.findVarHandle(Signals.class, "cancelledWhileQueued", long.class);
            LAST_ID = lookup.findVarHandle(SubmitterEnd.class, "lastId", long.class);
            ENQUEUED = lookup.findVarHandle(SubmitterEnd.class, "enqueued", long.class);
            IDLE = lookup.findVarHandle(Signals.class, "idleWorkers", Worker.class);
            SEARCHING = lookup.findVarHandle(WorkerEnd.class, "searchingWorkers", int.class);
            BLOCKED = lookup.findVarHandle(Signals.class, "blockedSubmitters", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final ReentrantLock putLock = new ReentrantLock();
    /** BLOCK-policy submitters wait here for room. */
    private final Condition notFull = putLock.newCondition();
    /** Serialises pops of the idle stack, which makes the Treiber stack ABA-free. */
    private final ReentrantLock popLock = new ReentrantLock();

    /*
     * The fields submitters write on every job; those workers write on every job or whenever the queue
     * runs dry (the head, the search count); and those written only when workers park, submitters
     * block or callers cancel a queued job live in three objects padded to cache lines of their own:
     * a submitter's write never invalidates the line a worker CASes, nor the reverse.
     */
    private final SubmitterEnd submitSide = new SubmitterEnd();
    private final WorkerEnd takeSide = new WorkerEnd();
    private final Signals signals = new Signals();
    private volatile int capacity; // written under putLock
    private volatile boolean closed; // written under putLock
    /** Workers asked to exit at their next take; see {@link ThreadPool#setWorkers}. */
    private final AtomicInteger retireRequests = new AtomicInteger();
    /** {@link #SPINS_BEFORE_PARKING}, or fewer where a test wants workers to park at once. */
    private final int spinsBeforeParking;
    /**
     * The counts of every worker that ever took from this queue, exited ones included. Copied on
     * write under {@code this} (workers start seldom); an array, so that summing it — on the submit
     * path when the queue looks full — allocates no iterator.
     */
    private volatile WorkerCounts[] takers = new WorkerCounts[0];

    JobQueue(int capacity, int spinsBeforeParking) {
        this.capacity = capacity;
        this.spinsBeforeParking = spinsBeforeParking;
        PoolJob<?> sentinel = PoolJob.sentinel();
        this.takeSide.head = sentinel;
        this.submitSide.tail = sentinel;
    }

    // ---------------------------------------------------------------- submitters

    /** Accepts {@code job} if there is room: gives it the next id and links it at the tail. */
    Admission offer(PoolJob<?> job, long nowNanos) {
        putLock.lock();
        try {
            if (closed) {
                return Admission.CLOSED;
            }
            if (isFull()) {
                return Admission.FULL;
            }
            link(job, nowNanos);
        } finally {
            putLock.unlock();
        }
        wakeParkedWorker();
        return Admission.ACCEPTED;
    }

    /** As {@link #offer(PoolJob, long)}, but waits up to {@code timeoutNanos} for room. */
    Admission offer(PoolJob<?> job, long nowNanos, long timeoutNanos) throws InterruptedException {
        putLock.lockInterruptibly();
        try {
            long deadline = nowNanos + timeoutNanos;
            while (!closed && depth() >= capacity) {
                long left = deadline - System.nanoTime();
                if (left <= 0L) {
                    return Admission.FULL;
                }
                BLOCKED.getAndAdd(signals, 1); // announce, then look again: a take before this is seen
                try {
                    if (!closed && depth() >= capacity) {
                        notFull.awaitNanos(Math.min(left, BLOCKED_RECHECK_NANOS));
                    }
                } finally {
                    BLOCKED.getAndAdd(signals, -1);
                }
            }
            if (closed) {
                return Admission.CLOSED;
            }
            link(job, System.nanoTime());
        } finally {
            putLock.unlock();
        }
        wakeParkedWorker();
        return Admission.ACCEPTED;
    }

    /** Accepts {@code job} without queueing it and claims it for the calling thread, which will run it. */
    Admission acceptAndClaim(PoolJob<?> job, long nowNanos) {
        putLock.lock();
        try {
            if (closed) {
                return Admission.CLOSED;
            }
            job.accept(nextId(submitSide), nowNanos);
        } finally {
            putLock.unlock();
        }
        job.claim(Thread.currentThread(), nowNanos);
        return Admission.ACCEPTED;
    }

    /** Called under putLock. Counts the job before it is visible, so depth never undercounts. */
    private void link(PoolJob<?> job, long nowNanos) {
        SubmitterEnd end = submitSide;
        job.accept(nextId(end), nowNanos);
        ENQUEUED.setRelease(end, end.enqueued + 1); // before the job is visible

        end.tail.linkNext(job);
        end.tail = job;
    }

    /**
     * Called under putLock. Release stores, not volatile writes: the fields are only ever written
     * under putLock, and their readers need them no fresher than the job links that follow.
     */
    private static long nextId(SubmitterEnd end) {
        long id = end.lastId + 1;
        LAST_ID.setRelease(end, id);
        return id;
    }

    /**
     * Called under putLock. Checks against the cached worker count first, which can only overstate the
     * depth, and reads the workers' line only when that says full.
     */
    private boolean isFull() {
        SubmitterEnd end = submitSide;
        if (end.enqueued - end.dequeuedSeen < capacity) {
            return false;
        }
        end.dequeuedSeen = dequeued();
        return end.enqueued - end.dequeuedSeen >= capacity;
    }

    /** Jobs that left the count: taken by a worker, or cancelled while queued. O(workers ever started). */
    private long dequeued() {
        long left = signals.cancelledWhileQueued;
        for (WorkerCounts taker : takers) { // an array: no iterator
            left += taker.taken();
        }
        return left;
    }

    /**
     * Jobs queued and not yet claimed or cancelled. The takers are read first, so the result is never
     * negative.
     */
    private int depth() {
        long dequeued = dequeued();
        return (int) Math.max(0L, submitSide.enqueued - dequeued);
    }

    /**
     * Wakes one parked worker, if any. The fence orders the caller's last store (a link, or a claim)
     * before the read of the idle stack; a parking worker pushes itself by CAS, a full fence, before it
     * looks at the queue. So either the worker sees the job, or this sees the worker. When no worker is
     * parked — a busy pool — this is the fence and one read, of a line workers seldom write: the
     * search count, which they write whenever the queue runs dry, is read only when someone is parked.
     */
    private void wakeParkedWorker() {
        VarHandle.fullFence();
        if (signals.idleWorkers != null && takeSide.searchingWorkers == 0) {
            Worker worker;
            popLock.lock();
            try {
                do { // a CAS even under popLock: workers push without it
                    worker = signals.idleWorkers;
                    if (worker == null) {
                        return;
                    }
                } while (!IDLE.compareAndSet(signals, worker, worker.nextIdle));
                worker.nextIdle = null;
                worker.parked = false;
            } finally {
                popLock.unlock();
            }
            LockSupport.unpark(worker.thread);
        }
    }

    private void wakeAllParkedWorkers() {
        Worker worker;
        popLock.lock();
        try {
            worker = (Worker) IDLE.getAndSet(signals, (Worker) null);
            for (Worker w = worker; w != null; w = w.nextIdle) {
                w.parked = false;
            }
        } finally {
            popLock.unlock();
        }
        while (worker != null) {
            Worker next = worker.nextIdle;
            worker.nextIdle = null;
            LockSupport.unpark(worker.thread);
            worker = next;
        }
    }

    // ---------------------------------------------------------------- workers

    /**
     * Waits for the next job, claims it (it is {@code RUNNING} when returned) and makes it
     * {@code worker}'s current job. Returns {@code null} when the worker should exit: it was asked to
     * retire, or the queue is closed and empty.
     *
     * <p>{@code freeSinceNanos} is when the worker finished its previous job. A job found at the first
     * look was waiting then (or was submitted since), so it is stamped as started at the later of that
     * time and its submission: exact to within this call, and one clock read per job saved — a clock
     * read costs as much as the rest of a take. A job found after a search is stamped afresh.
     */
    PoolJob<?> take(Worker worker, long freeSinceNanos) {
        boolean searching = false;
        boolean firstLook = true;
        try {
            for (int spins = spinsBeforeParking; ; ) {
                if (retireRequests.get() > 0 && tryRetire()) {
                    if (searching) {
                        searching = false;
                        SEARCHING.getAndAdd(takeSide, -1);
                    }
                    if (!isEmpty()) {
                        wakeParkedWorker(); // a submitter may have counted on this searcher: pass the job on
                    }
                    return null;
                }
                PoolJob<?> job = poll(worker, firstLook, freeSinceNanos);
                if (job != null) {
                    if (searching) {
                        searching = false;
                        SEARCHING.getAndAdd(takeSide, -1); // before the look below: we are no longer the one who will find it
                    }
                    if (signals.idleWorkers != null && job.nextJob() != null) {
                        wakeParkedWorker(); // more work queued: pass the wake-up on, off the submitters' path
                    }
                    return job;
                }
                if (closed && isEmpty()) {
                    return null;
                }
                firstLook = false; // from now on, read the clock when a job turns up
                if (!searching) {
                    searching = true;
                    SEARCHING.getAndAdd(takeSide, 1);
                } else if (spins > 0) {
                    spins--;
                    Thread.yield(); // let a submitter on the same core run: it is what we wait for
                } else {
                    searching = false;
                    SEARCHING.getAndAdd(takeSide, -1); // a full fence, before park's last look at the queue
                    park(worker);
                    spins = spinsBeforeParking;
                }
            }
        } finally {
            if (searching) {
                SEARCHING.getAndAdd(takeSide, -1);
            }
        }
    }

    private boolean tryRetire() {
        for (int n; (n = retireRequests.get()) > 0; ) {
            if (retireRequests.compareAndSet(n, n - 1)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Dequeues and claims the first job that can still be claimed; null if the queue is empty. See
     * {@link #take} for the start time.
     */
    private PoolJob<?> poll(Worker worker, boolean firstLook, long freeSinceNanos) {
        for (;;) {
            PoolJob<?> h = takeSide.head;
            PoolJob<?> first = h.nextJob();
            if (first == null) {
                return null;
            }
            worker.publishCurrent(first); // before the CAS: see the class invariants
            if (HEAD.compareAndSet(takeSide, h, first)) {
                long started = !firstLook ? System.nanoTime()
                        : freeSinceNanos - first.submittedNanos > 0L ? freeSinceNanos : first.submittedNanos;
                if (first.claim(worker.thread, started)) {
                    worker.counts.tookOne();
                    if (signals.blockedSubmitters > 0) {
                        wakeBlockedSubmitter();
                    }
                    return first;
                }
                // Cancelled while queued: its canceller took it out of the count. Pass over it.
            }
            worker.publishCurrent(null);
        }
    }

    private boolean isEmpty() {
        return takeSide.head.nextJob() == null;
    }

    /**
     * Parks {@code worker} until a submitter or a claiming worker pops it off the idle stack, unless the
     * queue turns out not to be empty once it is on the stack. A worker left on the stack while it runs
     * may later be popped and unparked for nothing: it then finds the job itself, as it is running.
     */
    private void park(Worker worker) {
        if (!worker.parked) {
            worker.parked = true;
            Worker top;
            do {
                top = signals.idleWorkers;
                worker.nextIdle = top;
            } while (!IDLE.compareAndSet(signals, top, worker));
        }
        if (isEmpty() && !closed && retireRequests.get() == 0) {
            LockSupport.park(this);
        }
    }

    private void wakeBlockedSubmitter() {
        putLock.lock();
        try {
            notFull.signal();
        } finally {
            putLock.unlock();
        }
    }

    /** Counts {@code counts}' takes in the queue's depth, from now on and after its worker exits. */
    synchronized void register(WorkerCounts counts) {
        WorkerCounts[] grown = Arrays.copyOf(takers, takers.length + 1);
        grown[takers.length] = counts;
        takers = grown;
    }

    /** Every worker's counts, exited workers' included. */
    List<WorkerCounts> workerCounts() {
        return List.of(takers);
    }

    // ---------------------------------------------------------------- cancellation and resizing

    /** A queued job was cancelled by its caller: it no longer counts, though it stays linked. */
    void cancelledWhileQueued() {
        CANCELLED_QUEUED.getAndAdd(signals, 1L);
        if (signals.blockedSubmitters > 0) {
            wakeBlockedSubmitter();
        }
    }

    void setCapacity(int newCapacity) {
        putLock.lock();
        try {
            capacity = newCapacity;
            notFull.signalAll();
        } finally {
            putLock.unlock();
        }
    }

    /** Asks {@code count} workers to exit; idle ones are woken so they go first. */
    void requestRetirement(int count) {
        retireRequests.addAndGet(count);
        wakeAllParkedWorkers();
    }

    /** Withdraws up to {@code count} pending retirement requests; returns how many it withdrew. */
    int withdrawRetirement(int count) {
        for (;;) {
            int pending = retireRequests.get();
            int withdrawn = Math.min(count, pending);
            if (retireRequests.compareAndSet(pending, pending - withdrawn)) {
                return withdrawn;
            }
        }
    }

    // ---------------------------------------------------------------- shutdown

    /** Stops accepting and wakes every waiter: parked workers, and blocked submitters (to be refused). */
    void close() {
        putLock.lock();
        try {
            closed = true;
            notFull.signalAll();
        } finally {
            putLock.unlock();
        }
        wakeAllParkedWorkers();
    }

    /**
     * The jobs not yet finished, oldest first: those queued and the current jobs of {@code workers}.
     * The list is walked before the workers are read, which by the class invariants misses none.
     * O(depth); only a graceful shutdown needs it.
     */
    List<PoolJob<?>> unfinished(Iterable<Worker> workers) {
        Set<PoolJob<?>> pending = Collections.newSetFromMap(new IdentityHashMap<>());
        for (PoolJob<?> p = takeSide.head.nextJob(); p != null; p = p.nextJob()) {
            if (!p.isDone()) {
                pending.add(p);
            }
        }
        for (Worker worker : workers) {
            PoolJob<?> job = worker.current;
            if (job != null && !job.isDone()) {
                pending.add(job);
            }
        }
        List<PoolJob<?>> ordered = new ArrayList<>(pending);
        ordered.sort((x, y) -> Long.compare(x.id(), y.id()));
        return ordered;
    }

    /** Unlinks and returns every job still in the list, oldest first (cancelled ones included). */
    List<PoolJob<?>> drain() {
        List<PoolJob<?>> drained = new ArrayList<>();
        for (;;) {
            PoolJob<?> h = takeSide.head;
            PoolJob<?> first = h.nextJob();
            if (first == null) {
                return drained;
            }
            if (HEAD.compareAndSet(takeSide, h, first)) {
                drained.add(first);
            }
        }
    }

    boolean isClosed() {
        return closed;
    }

    // ---------------------------------------------------------------- monitoring

    /** The queue's figures. Depth is read before lastId, so every job it counts has an id at or below lastId. */
    record View(int depth, int capacity, long lastId, long oldestSubmittedNanos, boolean closed) { }

    View view() {
        int d = depth();
        long oldest = 0L;
        for (PoolJob<?> p = takeSide.head.nextJob(); p != null; p = p.nextJob()) {
            if (p.state() == PoolJob.QUEUED) {
                oldest = p.submittedNanos;
                break;
            }
        }
        return new View(d, capacity, submitSide.lastId, oldest, closed);
    }

    /** The queued job with this id, or null. O(depth). */
    PoolJob<?> find(long id) {
        for (PoolJob<?> p = takeSide.head.nextJob(); p != null; p = p.nextJob()) {
            if (p.id == id) {
                return p.state() == PoolJob.QUEUED ? p : null;
            }
        }
        return null;
    }

    /** For error messages: capacity and depth. */
    String describeFullness() {
        return "capacity " + capacity + ", depth " + depth();
    }


    // ---------------------------------------------------------------- padded holders

    /** What submitters write per job. Guarded by putLock; volatile where workers or monitors read. */
    static class SubmitterFields extends LinePadding {
        PoolJob<?> tail;
        volatile long lastId;
        /** Jobs linked so far, counted before each is visible. */
        volatile long enqueued;
        /** A recent value of {@link #dequeued()}: submitters refresh it only when the queue looks full. */
        long dequeuedSeen;
    }

    static final class SubmitterEnd extends SubmitterFields {
        long q01, q02, q03, q04, q05, q06, q07, q08;
    }

    /** What workers write per job. */
    static class WorkerFields extends LinePadding {
        /** The dummy node; the first job is {@code head.next}. CAS by workers. */
        volatile PoolJob<?> head;
        /**
         * Workers looking for a job and not yet parked. While one is, nobody needs waking: it will find
         * what was just queued (it decrements this with a full fence and looks again before it parks).
         * Written each time the queue runs dry, so it lives on the workers' line, not the submitters'.
         */
        volatile int searchingWorkers;
    }

    static final class WorkerEnd extends WorkerFields {
        long q01, q02, q03, q04, q05, q06, q07, q08;
    }

    /** Written only when workers go idle, submitters block or callers cancel queued jobs; read on every job. */
    static class SignalFields extends LinePadding {
        /** Parked workers, a Treiber stack through {@link Worker#nextIdle}: pushed by CAS, popped under popLock. */
        volatile Worker idleWorkers;
        volatile int blockedSubmitters;
        /** Jobs cancelled by their callers while queued; they left the count, though they stay linked. */
        volatile long cancelledWhileQueued;
    }

    static final class Signals extends SignalFields {
        long q01, q02, q03, q04, q05, q06, q07, q08;
    }
}
