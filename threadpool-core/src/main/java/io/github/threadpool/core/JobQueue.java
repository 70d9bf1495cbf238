package io.github.threadpool.core;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The pool's one shared FIFO queue, and the place where idle workers wait.
 *
 * <h2>Invariants</h2>
 * <ul>
 *   <li>{@code depth} is the number of jobs linked from {@code head}; every linked job was accepted
 *       and is (or, while a canceller is unlinking it, was) {@code QUEUED}.</li>
 *   <li>Jobs are linked in the order of their ids, and ids are handed out here, so id order, queue
 *       order and take order are one order.</li>
 *   <li>{@code depth <= capacity} after every accepted offer; a capacity lowered below the depth keeps
 *       the queued jobs and refuses offers until depth drops below it.</li>
 *   <li>Once {@code closed}, no job is ever accepted again, and {@link #take} returns {@code null}
 *       when the queue is empty.</li>
 * </ul>
 *
 * <h2>Locking</h2>
 * One {@link ReentrantLock} guards every field. Each critical section is O(1) except
 * {@link #remove} (cancellation, rare) and the bulk operations used at shutdown. Conditions are
 * signalled only when somebody waits on them ({@code idleWorkers}, {@code blockedSubmitters}), so a
 * busy pool never pays for a wake-up.
 */
final class JobQueue {

    /** The outcome of an offer. */
    enum Admission { ACCEPTED, FULL, CLOSED }

    private final ReentrantLock lock = new ReentrantLock();
    /** Workers wait here for a job, a retirement request or closing. */
    private final Condition notEmpty = lock.newCondition();
    /** BLOCK-policy submitters wait here for space. */
    private final Condition notFull = lock.newCondition();

    private PoolJob<?> head; // guarded by lock
    private PoolJob<?> tail; // guarded by lock
    private int depth; // guarded by lock
    private int capacity; // guarded by lock
    private long lastId; // guarded by lock
    private int idleWorkers; // guarded by lock
    private int blockedSubmitters; // guarded by lock
    /** Workers asked to exit at their next take; see {@link ThreadPool#setWorkers}. */
    private int retireRequests; // guarded by lock
    private boolean closed; // guarded by lock

    JobQueue(int capacity) {
        this.capacity = capacity;
    }

    // ---------------------------------------------------------------- submitters

    /** Accepts {@code job} if there is room: gives it the next id and links it at the tail. */
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

    /** As {@link #offer(PoolJob, long)}, but waits up to {@code timeoutNanos} for room. */
    Admission offer(PoolJob<?> job, long nowNanos, long timeoutNanos) throws InterruptedException {
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

    /** Accepts {@code job} without queueing it, for a submitter that will run it itself. */
    Admission acceptUnqueued(PoolJob<?> job, long nowNanos) {
        lock.lock();
        try {
            if (closed) {
                return Admission.CLOSED;
            }
            job.accept(++lastId, nowNanos);
            return Admission.ACCEPTED;
        } finally {
            lock.unlock();
        }
    }

    private void enqueue(PoolJob<?> job, long nowNanos) {
        job.accept(++lastId, nowNanos);
        if (tail == null) {
            head = job;
        } else {
            tail.next = job;
        }
        tail = job;
        depth++;
        if (idleWorkers > 0) {
            notEmpty.signal();
        }
    }

    // ---------------------------------------------------------------- workers

    /**
     * Waits for the next job and makes it {@code worker}'s current job. Returns {@code null} when the
     * worker should exit: it was asked to retire, or the queue is closed and empty.
     */
    PoolJob<?> take(Worker worker) {
        lock.lock();
        try {
            for (;;) {
                if (retireRequests > 0) {
                    retireRequests--;
                    return null;
                }
                PoolJob<?> job = head;
                if (job != null) {
                    unlinkHead(job);
                    worker.current = job;
                    return job;
                }
                if (closed) {
                    return null;
                }
                idleWorkers++;
                try {
                    notEmpty.awaitUninterruptibly();
                } finally {
                    idleWorkers--;
                }
            }
        } finally {
            lock.unlock();
        }
    }

    private void unlinkHead(PoolJob<?> job) {
        head = job.next;
        if (head == null) {
            tail = null;
        }
        job.next = null;
        afterUnlink();
    }

    private void afterUnlink() {
        depth--;
        if (blockedSubmitters > 0) {
            notFull.signal();
        }
    }

    /** The queued job with this id, or null. O(depth). */
    PoolJob<?> find(long id) {
        lock.lock();
        try {
            for (PoolJob<?> p = head; p != null; p = p.next) {
                if (p.id == id) {
                    return p;
                }
            }
            return null;
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------- cancellation and resizing

    /** Unlinks a cancelled job; false if a worker took it first. O(depth). */
    boolean remove(PoolJob<?> job) {
        lock.lock();
        try {
            PoolJob<?> previous = null;
            for (PoolJob<?> p = head; p != null; previous = p, p = p.next) {
                if (p == job) {
                    if (previous == null) {
                        unlinkHead(p);
                    } else {
                        previous.next = p.next;
                        if (tail == p) {
                            tail = previous;
                        }
                        p.next = null;
                        afterUnlink();
                    }
                    return true;
                }
            }
            return false;
        } finally {
            lock.unlock();
        }
    }

    void setCapacity(int newCapacity) {
        lock.lock();
        try {
            capacity = newCapacity;
            notFull.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Asks {@code count} workers to exit; idle ones are woken so they go first. */
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

    /**
     * Stops accepting, wakes every waiter, and returns the jobs not yet finished: those queued and the
     * current jobs of {@code workers} — read under the lock, so none is in transit between the two.
     */
    List<PoolJob<?>> close(Iterable<Worker> workers) {
        lock.lock();
        try {
            closed = true;
            notEmpty.signalAll();
            notFull.signalAll();
            List<PoolJob<?>> pending = new ArrayList<>(depth + 8);
            for (PoolJob<?> p = head; p != null; p = p.next) {
                pending.add(p);
            }
            for (Worker worker : workers) {
                PoolJob<?> job = worker.current;
                if (job != null && !job.isDone()) {
                    pending.add(job);
                }
            }
            return pending;
        } finally {
            lock.unlock();
        }
    }

    /** Unlinks and returns every queued job, oldest first. */
    List<PoolJob<?>> drain() {
        lock.lock();
        try {
            List<PoolJob<?>> drained = new ArrayList<>(depth);
            PoolJob<?> job;
            while ((job = head) != null) {
                unlinkHead(job);
                drained.add(job);
            }
            return drained;
        } finally {
            lock.unlock();
        }
    }

    boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------- monitoring

    /** The queue's figures, read together. O(1). */
    record View(int depth, int capacity, long lastId, long oldestSubmittedNanos, boolean closed) { }

    View view() {
        lock.lock();
        try {
            return new View(depth, capacity, lastId, head == null ? 0L : head.submittedNanos, closed);
        } finally {
            lock.unlock();
        }
    }

    /** Jobs accepted so far; equals the last id handed out. */
    long accepted() {
        lock.lock();
        try {
            return lastId;
        } finally {
            lock.unlock();
        }
    }

    /** For error messages: capacity and depth, read together. */
    String describeFullness() {
        lock.lock();
        try {
            return "capacity " + capacity + ", depth " + depth;
        } finally {
            lock.unlock();
        }
    }

}
