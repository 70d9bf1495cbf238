package io.github.threadpool.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The results of finished jobs, in completion order, bounded by count and by age.
 *
 * <p>Two ways to read it, which do not disturb each other:
 * <ul>
 *   <li><b>by id</b> — {@link #get(long)}, and {@link #recent(int)} for the newest: for as long as a
 *       result is retained;</li>
 *   <li><b>as a queue</b> — {@link #poll()}, {@link #poll(Duration)} and {@link #drain(int)} hand out
 *       each result once, in the order the jobs finished, to callers that process results as they
 *       come. Consuming a result does not remove it from the by-id view.</li>
 * </ul>
 * A result is retained until {@code maxRetained} newer results have been recorded or it is older
 * than {@code timeToLive}, whichever comes first; then it is evicted (and counted), whether or not it
 * was consumed. With {@code maxRetained == 0} nothing is recorded and recording costs a single field
 * read.
 *
 * <h2>Invariants and locking</h2>
 * Results live in a ring of sequence numbers: {@code head <= consumed <= tail} after every operation
 * (a consumer that fell behind eviction is moved up to {@code head}), {@code tail - head <=
 * maxRetained}, and the slot of sequence {@code s} is {@code ring[s & (ring.length - 1)]}. One
 * {@link ReentrantLock} guards every mutable field; recording is O(1) amortised and allocates
 * nothing once the ring has grown to its size; {@link #get(long)} scans, newest first.
 *
 * <p>Thread-safe.
 */
public final class ResultStore {

    private static final int INITIAL_RING = 16;

    private final int maxRetained;
    private final long timeToLiveNanos;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition recorded = lock.newCondition();
    private PoolJob<?>[] ring; // guarded by lock
    private long head; // guarded by lock
    private long tail; // guarded by lock
    private long consumed; // guarded by lock
    private long evicted; // guarded by lock
    private int waitingConsumers; // guarded by lock

    ResultStore(int maxRetained, Duration timeToLive) {
        this.maxRetained = maxRetained;
        this.timeToLiveNanos = timeToLive.toNanos();
        this.ring = new PoolJob<?>[maxRetained == 0 ? 0 : Math.min(INITIAL_RING, ringSizeFor(maxRetained))];
    }

    private static int ringSizeFor(int count) {
        return count <= 1 ? 1 : Integer.highestOneBit(count - 1) << 1;
    }

    /** Records a finished job, evicting what the bounds no longer allow. */
    void record(PoolJob<?> job) {
        if (maxRetained == 0) {
            return;
        }
        lock.lock();
        try {
            evictExpired(job.finishedNanos());
            if (tail - head == maxRetained) {
                evictOldest();
            }
            if (tail - head == ring.length) {
                grow();
            }
            ring[slot(tail++)] = job;
            if (waitingConsumers > 0) {
                recorded.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    private int slot(long sequence) {
        return (int) sequence & (ring.length - 1);
    }

    private void grow() {
        PoolJob<?>[] larger = new PoolJob<?>[Math.min(ring.length * 2, ringSizeFor(maxRetained))];
        for (long s = head; s < tail; s++) {
            larger[(int) s & (larger.length - 1)] = ring[slot(s)];
        }
        ring = larger;
    }

    private void evictOldest() {
        ring[slot(head++)] = null;
        evicted++;
        if (consumed < head) {
            consumed = head;
        }
    }

    private void evictExpired(long nowNanos) {
        while (head < tail && nowNanos - ring[slot(head)].finishedNanos() > timeToLiveNanos) {
            evictOldest();
        }
    }

    // ---------------------------------------------------------------- by id

    /** The retained result of job {@code id}; empty if the job is unknown, unfinished or evicted. O(retained). */
    public Optional<JobResult> get(long id) {
        lock.lock();
        try {
            evictExpired(System.nanoTime());
            for (long s = tail - 1; s >= head; s--) {
                PoolJob<?> job = ring[slot(s)];
                if (job.id() == id) {
                    return Optional.of(job);
                }
            }
            return Optional.empty();
        } finally {
            lock.unlock();
        }
    }

    /** Up to {@code max} retained results, newest first. Does not consume them. */
    public List<JobResult> recent(int max) {
        requireNonNegative(max);
        lock.lock();
        try {
            evictExpired(System.nanoTime());
            int n = (int) Math.min(max, tail - head);
            List<JobResult> newest = new ArrayList<>(n);
            for (long s = tail - 1; newest.size() < n; s--) {
                newest.add(ring[slot(s)]);
            }
            return newest;
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------- as a queue

    /** The oldest result not yet consumed, if any; consumes it. Never blocks. */
    public Optional<JobResult> poll() {
        lock.lock();
        try {
            return Optional.ofNullable(consumeNext());
        } finally {
            lock.unlock();
        }
    }

    /**
     * The oldest result not yet consumed, waiting up to {@code timeout} for one to be recorded.
     *
     * @throws InterruptedException if interrupted while waiting
     */
    public Optional<JobResult> poll(Duration timeout) throws InterruptedException {
        long left = timeout.toNanos();
        lock.lockInterruptibly();
        try {
            JobResult next;
            while ((next = consumeNext()) == null && left > 0L) {
                waitingConsumers++;
                try {
                    left = recorded.awaitNanos(left);
                } finally {
                    waitingConsumers--;
                }
            }
            return Optional.ofNullable(next);
        } finally {
            lock.unlock();
        }
    }

    /** Consumes and returns up to {@code max} results, oldest first. Never blocks. */
    public List<JobResult> drain(int max) {
        requireNonNegative(max);
        lock.lock();
        try {
            evictExpired(System.nanoTime());
            int n = (int) Math.min(max, tail - consumed);
            List<JobResult> drained = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                drained.add(ring[slot(consumed++)]);
            }
            return drained;
        } finally {
            lock.unlock();
        }
    }

    private JobResult consumeNext() {
        evictExpired(System.nanoTime());
        return consumed < tail ? ring[slot(consumed++)] : null;
    }

    // ---------------------------------------------------------------- figures

    /** How many results are retained now. */
    public int retained() {
        lock.lock();
        try {
            evictExpired(System.nanoTime());
            return (int) (tail - head);
        } finally {
            lock.unlock();
        }
    }

    /** How many results have been evicted, by count or by age, since the pool started. */
    public long evicted() {
        lock.lock();
        try {
            evictExpired(System.nanoTime());
            return evicted;
        } finally {
            lock.unlock();
        }
    }

    /** The most results retained at once; 0 when the store is off. */
    public int maxRetained() {
        return maxRetained;
    }

    /** How long a result is retained at most. */
    public Duration timeToLive() {
        return Duration.ofNanos(timeToLiveNanos);
    }

    /** Retained and evicted, read together. */
    record Figures(int retained, long evicted) { }

    Figures figures() {
        lock.lock();
        try {
            evictExpired(System.nanoTime());
            return new Figures((int) (tail - head), evicted);
        } finally {
            lock.unlock();
        }
    }

    private static void requireNonNegative(int max) {
        if (max < 0) {
            throw new IllegalArgumentException("max must be 0 or more, was " + max);
        }
    }
}
