package io.github.threadpool.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
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
 *   <li>{@code depth} counts the jobs in the list that are still {@code QUEUED}. A job leaves the count
 *       exactly once, by whoever moves it out of {@code QUEUED}: the worker that claims it, or the
 *       caller that cancels it. A cancelled job stays linked until a worker passes over it (it is
 *       never run): cancellation is O(1) and never blocks on the queue.</li>
 *   <li>{@code depth <= capacity} after every accepted offer; a capacity lowered below the depth keeps
 *       the queued jobs and refuses offers until depth drops below it.</li>
 *   <li>Once {@code closed} (set under {@code putLock}), no job is ever accepted again, and
 *       {@link #take} returns {@code null} when the queue is empty.</li>
 *   <li>A worker publishes the job it is about to take as its {@link Worker#current current} job
 *       before its CAS on {@code head}, so a job is always either reachable from {@code head} or some
 *       worker's current job until it is finished: {@link #close} walks the list, then reads the
 *       workers, and misses none.</li>
 * </ul>
 *
 * <h2>Locking and waking</h2>
 * {@code putLock} guards {@code tail}, {@code lastId}, {@code closed} and {@code capacity} (each also
 * volatile for lock-free readers) and is where BLOCK-policy submitters wait. A worker that finds the
 * queue empty pushes itself on a Treiber stack of idle workers, looks at the queue once more, and
 * parks ({@link LockSupport#park}); it blocks and uses no CPU. Whoever makes work available — a
 * submitter, or a worker that claims a job and sees more behind it — pops one idle worker and unparks
 * it, and only when the stack is not empty, so a busy pool pays no wake-ups. Pops are serialised by
 * {@code popLock}, which makes the stack ABA-free. Workers take {@code putLock} only when
 * {@code blockedSubmitters > 0}. Each side publishes (a push or a link, then a full fence) before it
 * reads the other side's state, so no wake-up is lost.
 */
final class JobQueue {

    /** The outcome of an offer. */
    enum Admission { ACCEPTED, FULL, CLOSED }

    /**
     * How many times a worker that finds the queue empty yields and looks again before it parks: a
     * few microseconds during which a submitter on the same core can run and hand it a job without a
     * wake-up. Then it parks, and an idle pool uses no CPU.
     */
    static final int SPINS_BEFORE_PARKING = 16;

    private static final VarHandle HEAD;
    private static final VarHandle IDLE;
    private static final VarHandle SEARCHING;
    private static final VarHandle BLOCKED;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            HEAD = lookup.findVarHandle(JobQueue.class, "head", PoolJob.class);
            IDLE = lookup.findVarHandle(JobQueue.class, "idleWorkers", Worker.class);
            SEARCHING = lookup.findVarHandle(JobQueue.class, "searchingWorkers", int.class);
            BLOCKED = lookup.findVarHandle(JobQueue.class, "blockedSubmitters", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final ReentrantLock putLock = new ReentrantLock();
    /** BLOCK-policy submitters wait here for room. */
    private final Condition notFull = putLock.newCondition();
    /** Serialises pops of the idle stack, which makes the Treiber stack ABA-free. */
    private final ReentrantLock popLock = new ReentrantLock();

    /** The dummy node; the first job is {@code head.next}. CAS by workers. */
    private volatile PoolJob<?> head;
    private PoolJob<?> tail; // guarded by putLock
    private volatile long lastId; // written under putLock
    private volatile int capacity; // written under putLock
    private volatile boolean closed; // written under putLock
    private final AtomicInteger depth = new AtomicInteger();
    /** Workers asked to exit at their next take; see {@link ThreadPool#setWorkers}. */
    private final AtomicInteger retireRequests = new AtomicInteger();
    /** Parked workers, a Treiber stack through {@link Worker#nextIdle}: pushed by CAS, popped under popLock. */
    private volatile Worker idleWorkers;
    /**
     * Workers looking for a job and not yet parked. While one is, nobody needs waking: it will find
     * what was just queued (it decrements this with a full fence and looks again before it parks).
     */
    private volatile int searchingWorkers;
    private volatile int blockedSubmitters; // changed under putLock, with full fences

    JobQueue(int capacity) {
        this.capacity = capacity;
        this.head = this.tail = PoolJob.sentinel();
    }

    // ---------------------------------------------------------------- submitters

    /** Accepts {@code job} if there is room: gives it the next id and links it at the tail. */
    Admission offer(PoolJob<?> job, long nowNanos) {
        putLock.lock();
        try {
            if (closed) {
                return Admission.CLOSED;
            }
            if (depth.get() >= capacity) {
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
            long left = timeoutNanos;
            while (!closed && depth.get() >= capacity) {
                if (left <= 0L) {
                    return Admission.FULL;
                }
                BLOCKED.getAndAdd(this, 1);
                try {
                    left = notFull.awaitNanos(left);
                } finally {
                    BLOCKED.getAndAdd(this, -1);
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
            job.accept(++lastId, nowNanos);
        } finally {
            putLock.unlock();
        }
        job.claim(Thread.currentThread());
        return Admission.ACCEPTED;
    }

    /** Called under putLock. Counts the job before it is visible, so depth never undercounts. */
    private void link(PoolJob<?> job, long nowNanos) {
        job.accept(++lastId, nowNanos);
        depth.incrementAndGet();
        tail.linkNext(job);
        tail = job;
    }

    /**
     * Wakes one parked worker, if any. The fence orders the caller's last store (a link, or a claim)
     * before the read of the idle stack; a parking worker pushes itself by CAS, a full fence, before it
     * looks at the queue. So either the worker sees the job, or this sees the worker. When no worker is
     * parked — a busy pool — this is the fence and one read.
     */
    private void wakeParkedWorker() {
        VarHandle.fullFence();
        if (searchingWorkers == 0 && idleWorkers != null) {
            Worker worker;
            popLock.lock();
            try {
                worker = idleWorkers;
                if (worker == null) {
                    return;
                }
                idleWorkers = worker.nextIdle;
                worker.nextIdle = null;
                worker.parked = false;
            } finally {
                popLock.unlock();
            }
            LockSupport.unpark(worker);
        }
    }

    private void wakeAllParkedWorkers() {
        Worker worker;
        popLock.lock();
        try {
            worker = (Worker) IDLE.getAndSet(this, (Worker) null);
            for (Worker w = worker; w != null; w = w.nextIdle) {
                w.parked = false;
            }
        } finally {
            popLock.unlock();
        }
        while (worker != null) {
            Worker next = worker.nextIdle;
            worker.nextIdle = null;
            LockSupport.unpark(worker);
            worker = next;
        }
    }

    // ---------------------------------------------------------------- workers

    /**
     * Waits for the next job, claims it (it is {@code RUNNING} when returned) and makes it
     * {@code worker}'s current job. Returns {@code null} when the worker should exit: it was asked to
     * retire, or the queue is closed and empty.
     */
    PoolJob<?> take(Worker worker) {
        boolean searching = false;
        try {
            for (int spins = SPINS_BEFORE_PARKING; ; ) {
                if (retireRequests.get() > 0 && tryRetire()) {
                    return null;
                }
                PoolJob<?> job = poll(worker);
                if (job != null) {
                    if (searching) {
                        searching = false;
                        SEARCHING.getAndAdd(this, -1); // before the look below: we are no longer the one who will find it
                    }
                    if (depth.get() > 0) {
                        wakeParkedWorker(); // more work queued: pass the wake-up on, off the submitters' path
                    }
                    return job;
                }
                if (closed && isEmpty()) {
                    return null;
                }
                if (!searching) {
                    searching = true;
                    SEARCHING.getAndAdd(this, 1);
                } else if (spins > 0) {
                    spins--;
                    Thread.yield(); // let a submitter on the same core run: it is what we wait for
                } else {
                    searching = false;
                    SEARCHING.getAndAdd(this, -1); // a full fence, before park's last look at the queue
                    park(worker);
                    spins = SPINS_BEFORE_PARKING;
                }
            }
        } finally {
            if (searching) {
                SEARCHING.getAndAdd(this, -1);
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

    /** Dequeues and claims the first job that can still be claimed; null if the queue is empty. */
    private PoolJob<?> poll(Worker worker) {
        for (;;) {
            PoolJob<?> h = head;
            PoolJob<?> first = h.nextJob();
            if (first == null) {
                return null;
            }
            worker.publishCurrent(first); // before the CAS: see the class invariants
            if (HEAD.compareAndSet(this, h, first)) {
                if (first.claim(worker)) {
                    depth.decrementAndGet();
                    if (blockedSubmitters > 0) {
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
        return head.nextJob() == null;
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
                top = idleWorkers;
                worker.nextIdle = top;
            } while (!IDLE.compareAndSet(this, top, worker));
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

    // ---------------------------------------------------------------- cancellation and resizing

    /** A queued job was cancelled by its caller: it no longer counts, though it stays linked. */
    void cancelledWhileQueued() {
        depth.decrementAndGet();
        if (blockedSubmitters > 0) {
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

    /**
     * Stops accepting, wakes every waiter, and returns the jobs not yet finished: those queued and the
     * current jobs of {@code workers}. The list is walked before the workers are read, which by the
     * class invariants finds every unfinished job.
     */
    List<PoolJob<?>> close(Iterable<Worker> workers) {
        putLock.lock();
        try {
            closed = true;
            notFull.signalAll();
        } finally {
            putLock.unlock();
        }
        wakeAllParkedWorkers();
        Set<PoolJob<?>> pending = Collections.newSetFromMap(new IdentityHashMap<>());
        for (PoolJob<?> p = head.nextJob(); p != null; p = p.nextJob()) {
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
        ordered.sort((a, b) -> Long.compare(a.id(), b.id()));
        return ordered;
    }

    /** Unlinks and returns every job still in the list, oldest first (cancelled ones included). */
    List<PoolJob<?>> drain() {
        List<PoolJob<?>> drained = new ArrayList<>();
        for (;;) {
            PoolJob<?> h = head;
            PoolJob<?> first = h.nextJob();
            if (first == null) {
                return drained;
            }
            if (HEAD.compareAndSet(this, h, first)) {
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
        int d = Math.max(0, depth.get());
        long oldest = 0L;
        for (PoolJob<?> p = head.nextJob(); p != null; p = p.nextJob()) {
            if (p.state() == PoolJob.QUEUED) {
                oldest = p.submittedNanos;
                break;
            }
        }
        return new View(d, capacity, lastId, oldest, closed);
    }

    /** The queued job with this id, or null. O(depth). */
    PoolJob<?> find(long id) {
        for (PoolJob<?> p = head.nextJob(); p != null; p = p.nextJob()) {
            if (p.id == id) {
                return p.state() == PoolJob.QUEUED ? p : null;
            }
        }
        return null;
    }

    /** For error messages: capacity and depth. */
    String describeFullness() {
        return "capacity " + capacity + ", depth " + Math.max(0, depth.get());
    }

}
