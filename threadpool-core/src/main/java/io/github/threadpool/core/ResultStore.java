package io.github.threadpool.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
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
 * was consumed. With {@code maxRetained == 0} nothing is recorded and recording costs one field read.
 *
 * <p><b>Costs.</b> {@link #get(long)} is O(1) and takes no lock, at any retention. Memory per retained
 * result: the job itself (56 bytes with compressed references, plus its value), a ring slot and its
 * record (28 bytes, up to 56 when {@code maxRetained} is not a power of two) and index entries (16
 * bytes, up to 32).
 *
 * <p><b>When an evicted result is released.</b> One evicted by count is dropped by the recording that
 * evicts it. One evicted by age is dropped by the next read that takes the lock — {@link #recent}, the
 * queue view, {@link #retained()}, {@link #evicted()}, a pool snapshot (which metrics and health
 * take) — each result once, so the work is O(1) per result.
 *
 * <p><b>Consistency.</b> {@link #get(long)} and {@link #recent(int)} see a result once its job's
 * {@code get()} can return. The queue view keeps completion order strictly. A result evicted while a
 * reader looks at it counts as evicted.
 *
 * <h2>Structure, invariants and locking</h2>
 * A ring of {@code 2^k >= maxRetained} slots. Recorders are serialised by their caller — the pool's
 * queue's take lock, which a worker holds anyway as it comes back for its next job ({@link JobQueue#take}) —
 * so recording needs no atomic instruction: the recorder writes its job into slot
 * {@code sequence & mask}, its index entry, and then {@code tail} with a volatile store, which
 * publishes both; a reader that sees a sequence below {@code tail} finds its result in place (or a
 * newer one, a ring later, if it was evicted meanwhile). Consecutive results go to consecutive slots
 * and, by id, to consecutive index entries, so a burst of recordings writes a few cache lines, not one
 * per result. The retained window is the sequences {@code [low, tail)}, where
 * {@code low = max(tail - maxRetained, expiredBelow)}; a slot is valid for sequence {@code s} only if
 * its record in {@link #records} says it was recorded under {@code s}. The record — the sequence, the
 * job's id and its finish — is written as a sequence lock: the sequence is marked {@link #REWRITING}
 * first, the id, the finish and the slot next, and the sequence last, with a release store; a reader
 * reads the sequence (acquire), then what it needs, then the sequence again, and believes what it read
 * only if the sequence was the one it expected both times. So a reader that sees a slot being reused
 * for a newer result sees the slot's old result as evicted, which it is, and never mistakes a stale
 * slot for a result; and a lookup by id confirms its match from the record alone, without reading the
 * job (a cache miss more, on a large store). The record is kept here rather than in the job, which is
 * allocated once per job whether results are retained or not. Everything below {@code low} has been evicted, so the eviction count
 * is {@code low} itself. Readers of the window take {@code readLock}, which guards the consumer cursor
 * {@code consumed} and writes of the age boundary {@code expiredBelow} (volatile, for {@code get}).
 *
 * <p>Lookups by id go through {@code index}, a hash table of {@code long} entries
 * {@code (tag << 32) | (int) sequence}, where the tag is the id's low 32 bits with bit 0 set (so no
 * entry is 0, which means never used). It holds no references, so it keeps nothing reachable. It is
 * a table of 8-entry buckets with two choices per id (as in bucketized cuckoo hashing, without the
 * moves): a recorder puts the entry in its first bucket, or if that is full its second, into an entry
 * that is empty or whose sequence is at least {@code maxRetained} older than its own (so evicted by
 * count; judged by 32-bit differences, exact while fewer than 2^31 results are recorded during one
 * reader's lookup). The first bucket is the id's own block of eight ({@code id / 8}, masked), so the
 * results of consecutive jobs share a cache line; the second is hashed, for the few jobs that finish
 * long after their neighbours and find their block still taken. The table has at least twice as many
 * entries as the ring, so live entries fill at most half of it and a full pair of buckets is rare;
 * then the entry goes to the next bucket with room and {@code spill} (which only grows) tells readers
 * how many buckets further to look. A reader scans its two buckets
 * (and the spill), matches tags, and confirms a match against the record: the slot of the entry's
 * sequence must have been recorded under that sequence, for that id, inside the window and the
 * time-to-live. The entry is inserted
 * after the ring slot, and both before the job's final state is published.
 *
 * <p>Thread-safe.
 */
public final class ResultStore {

    private static final VarHandle TAIL;
    private static final VarHandle WAITING;
    private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(PoolJob[].class);
    private static final VarHandle ENTRIES = MethodHandles.arrayElementVarHandle(long[].class);

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            TAIL = lookup.findVarHandle(TailField.class, "value", long.class);
            WAITING = lookup.findVarHandle(ResultStore.class, "waitingConsumers", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Longs per slot in {@link #records}: the sequence, the id, the finish. */
    private static final int RECORD = 3;
    /** In a slot's sequence while the recorder rewrites the slot: no sequence is negative. */
    private static final long REWRITING = -1L;

    /** Entries per index bucket: one 64-byte line of longs. */
    private static final int BUCKET = 8;

    private final int maxRetained;
    private final long timeToLiveNanos;
    private final PoolJob<?>[] ring;
    /**
     * For each slot of the ring, {@link #RECORD} longs: the sequence it was last recorded under, the
     * id and the finish of the job recorded there. Written by the recorder only, as a sequence lock:
     * see {@link #record} and {@link #findIn}.
     */
    private final long[] records;
    private final int mask;

    /** The index by id: see the class comment. */
    private final long[] index;
    private final int bucketMask;
    /** How many buckets past its second a reader must look: raised (never lowered), by the recorder, before an entry is put there. */
    private volatile int spill;

    /**
     * Sequence numbers recorded so far, in a holder padded to a cache line of its own: it is written on
     * every job, and the fields every lookup reads (the ring, the mask, the index) must not be
     * invalidated each time it is.
     */
    private final Tail tail = new Tail();
    private volatile int waitingConsumers; // changed under readLock, with full fences

    private final ReentrantLock readLock = new ReentrantLock();
    private final Condition recorded = readLock.newCondition();
    private long consumed; // guarded by readLock
    private volatile long expiredBelow; // written under readLock; only grows; read by get without it

    /**
     * For tests, else null: run by a consumer in {@link #poll(Duration)} that has looked and found
     * nothing, before it announces itself and waits — the window in which a result landing must not be
     * missed. Read only on that path, never by recorders.
     */
    private final Runnable beforeConsumerWaits;

    ResultStore(int maxRetained, Duration timeToLive) {
        this(maxRetained, timeToLive, 0, null);
    }

    /**
     * For tests: {@code indexBuckets} (a power of two, at least 2) instead of the default size, 0 for
     * the default; and the hook {@code beforeConsumerWaits}, or null.
     */
    ResultStore(int maxRetained, Duration timeToLive, int indexBuckets, Runnable beforeConsumerWaits) {
        this.beforeConsumerWaits = beforeConsumerWaits;
        this.maxRetained = maxRetained;
        this.timeToLiveNanos = ThreadPool.saturatedNanos(timeToLive);
        int size = maxRetained == 0 ? 0 : maxRetained == 1 ? 1 : Integer.highestOneBit(maxRetained - 1) << 1;
        this.ring = new PoolJob<?>[size];
        this.records = new long[size * RECORD];
        this.mask = size - 1;
        int buckets = size == 0 ? 0 : indexBuckets > 0 ? indexBuckets : Math.max(2, 2 * size / BUCKET);
        this.index = new long[buckets * BUCKET];
        this.bucketMask = buckets - 1;
    }

    /**
     * Records a finished job. Called once per job, by the thread that finished it, holding the lock
     * that serialises every recorder of this store (the pool's take lock): so no atomic instruction,
     * and one full fence, the volatile store of {@code tail} that publishes the result.
     */
    void record(PoolJob<?> job) {
        if (maxRetained == 0) {
            return;
        }
        long sequence = tail.value; // only recorders write it, one at a time
        int slot = slotOf(sequence);
        int r = slot * RECORD;
        ENTRIES.setOpaque(records, r, REWRITING);
        VarHandle.storeStoreFence(); // a reader that sees anything below sees the slot's sequence change
        ENTRIES.setOpaque(records, r + 1, job.id);
        ENTRIES.setOpaque(records, r + 2, job.finishedNanos());
        SLOTS.setRelease(ring, slot, job);
        ENTRIES.setRelease(records, r, sequence); // after the slot: see the class comment
        if (sequence >= maxRetained && ring.length != maxRetained) {
            release(sequence - maxRetained); // evicted by count now; in a ring of maxRetained, overwritten above
        }
        indexEntry(job.id, sequence);
        TAIL.setVolatile(tail, sequence + 1); // publishes slot and entry; a full fence before the read below
        if (waitingConsumers > 0) {
            readLock.lock();
            try {
                recorded.signalAll();
            } finally {
                readLock.unlock();
            }
        }
    }

    private int slotOf(long sequence) {
        return (int) sequence & mask;
    }

    /** Drops the ring's reference to the result of {@code sequence}, evicted, if it is still there. */
    private void release(long sequence) {
        int slot = slotOf(sequence);
        PoolJob<?> job = (PoolJob<?>) SLOTS.getVolatile(ring, slot);
        if (job != null && recordedAs(slot) == sequence) {
            SLOTS.compareAndSet(ring, slot, job, null);
        }
    }

    // ---------------------------------------------------------------- the index by id

    private static long mix(long id) {
        long h = id * 0x9E3779B97F4A7C15L; // Fibonacci hashing, then the high bits folded down
        return h ^ (h >>> 29);
    }

    private static long tag(long id) {
        return ((long) ((int) id | 1)) << 32;
    }

    /** The id's block of eight: consecutive ids share a bucket, one cache line. */
    private int firstBucket(long id) {
        return (int) (id >>> 3) & bucketMask;
    }

    private int secondBucket(long h, int first) {
        int second = (int) (h ^ (h >>> 32)) & bucketMask;
        return second != first ? second : first ^ 1;
    }

    /** Whether {@code entry} is empty or evicted by count, as seen by the recorder of {@code sequence}. */
    private boolean reusable(long entry, long sequence) {
        return entry == 0L || (int) sequence - (int) entry >= maxRetained;
    }

    /**
     * Puts {@code id -> sequence} in its first bucket if it has room, else in its second, else in the
     * next with room. First-fit rather than the less full of the two: a hit then usually reads one
     * bucket, and recording does not read both.
     */
    private void indexEntry(long id, long sequence) {
        long entry = tag(id) | (sequence & 0xFFFF_FFFFL);
        int first = firstBucket(id);
        int second = secondBucket(mix(id), first);
        if (putIn(first, id, entry, sequence) || putIn(second, id, entry, sequence)) {
            return;
        }
        for (int extra = 1; ; extra++) { // live entries fill at most half the table: this ends
            int b = (second + extra) & bucketMask;
            if (spill < extra) {
                spill = extra; // before the entry: a reader that must find it looks this far
            }
            if (putIn(b, id, entry, sequence)) {
                return;
            }
        }
    }

    /** For tests: the two buckets of {@code id}, first in the high half. */
    long bucketsOf(long id) {
        int first = firstBucket(id);
        return ((long) first << 32) | secondBucket(mix(id), first);
    }

    /** For tests: how many buckets past their second entries have spilled to. */
    int spill() {
        return spill;
    }

    /**
     * Called by the recorder: nobody else writes entries, so a free one is simply written. The look
     * starts at the id's own entry of its block ({@code id % 8}), so each of eight consecutive ids
     * finds its entry free at the first look instead of passing over those of the ids before it.
     */
    private boolean putIn(int b, long id, long entry, long sequence) {
        int first = b * BUCKET;
        for (int k = 0; k < BUCKET; k++) {
            int i = first + (((int) id + k) & (BUCKET - 1));
            if (reusable(index[i], sequence)) {
                ENTRIES.setRelease(index, i, entry);
                return true;
            }
        }
        return false;
    }

    /**
     * The retained job with this id found in bucket {@code b}, or null. The look starts where
     * {@link #putIn} starts, at the id's own entry of its block: that is almost always where the entry
     * is, and the entries before it hold the ids just below, one of which shares the id's tag (bit 0
     * of a tag is always set) and would cost a confirmation against its record — a cache miss — for
     * nothing.
     */
    private PoolJob<?> findIn(int b, long id, long tag, long low, long nowNanos) {
        int first = b * BUCKET;
        for (int k = 0; k < BUCKET; k++) {
            int i = first + (((int) id + k) & (BUCKET - 1));
            long e = (long) ENTRIES.getAcquire(index, i);
            if ((e & 0xFFFF_FFFF_0000_0000L) == tag) {
                int slot = slotOf((int) e);
                int r = slot * RECORD;
                long recordedAs = (long) ENTRIES.getAcquire(records, r);
                if ((int) recordedAs != (int) e || recordedAs < low) {
                    continue; // rewritten for a later result, or being rewritten: evicted
                }
                long recordedId = (long) ENTRIES.getOpaque(records, r + 1);
                long finished = (long) ENTRIES.getOpaque(records, r + 2);
                PoolJob<?> job = (PoolJob<?>) SLOTS.getOpaque(ring, slot);
                VarHandle.loadLoadFence(); // the reads above come before the sequence is read again
                if (recordedId == id && (long) ENTRIES.getOpaque(records, r) == recordedAs && job != null
                        && nowNanos - finished <= timeToLiveNanos) {
                    return job;
                }
            }
        }
        return null;
    }

    /** The job recorded under {@code sequence}, or null if it is not (yet, or any longer) in its slot. */
    private PoolJob<?> at(long sequence) {
        int slot = slotOf(sequence);
        PoolJob<?> job = (PoolJob<?>) SLOTS.getVolatile(ring, slot);
        return job != null && recordedAs(slot) == sequence ? job : null;
    }

    /** The sequence {@code slot} was last recorded under, or {@link #REWRITING}: read after the slot. */
    private long recordedAs(int slot) {
        return (long) ENTRIES.getAcquire(records, slot * RECORD);
    }

    /** Evicts by age from the low end, and returns the window's low bound. */
    private long low(long high, long nowNanos) {
        assert readLock.isHeldByCurrentThread();
        long low = Math.max(high - maxRetained, expiredBelow);
        while (low < high) {
            PoolJob<?> oldest = at(low);
            if (oldest == null || nowNanos - oldest.finishedNanos() <= timeToLiveNanos) {
                break; // young enough: everything after it is younger still
            }
            SLOTS.compareAndSet(ring, slotOf(low), oldest, null); // evicted by age: let it go
            low++;
        }
        expiredBelow = low;
        return low;
    }

    // ---------------------------------------------------------------- by id

    /**
     * The retained result of job {@code id}; empty if the job is unknown, unfinished or evicted. O(1),
     * lock-free: it never waits for, nor holds up, recorders or consumers.
     */
    public Optional<JobResult> get(long id) {
        if (maxRetained == 0 || id <= 0L) {
            return Optional.empty();
        }
        int extra = spill; // before the entries: an entry spilled further was put after this read
        long low = Math.max(tail.value - maxRetained, expiredBelow);
        long now = System.nanoTime(); // for the age check; a result may be past it before low says so
        long tag = tag(id);
        int first = firstBucket(id);
        int second = secondBucket(mix(id), first);
        PoolJob<?> job = findIn(first, id, tag, low, now);
        if (job == null) {
            job = findIn(second, id, tag, low, now);
        }
        for (int i = 1; job == null && i <= extra; i++) {
            job = findIn((second + i) & bucketMask, id, tag, low, now);
        }
        return Optional.ofNullable(job);
    }

    /** Up to {@code max} retained results, newest first. Does not consume them. */
    public List<JobResult> recent(int max) {
        requireNonNegative(max);
        readLock.lock();
        try {
            long high = tail.value;
            List<JobResult> newest = new ArrayList<>(Math.min(max, 64));
            for (long s = high - 1, low = low(high, System.nanoTime()); s >= low && newest.size() < max; s--) {
                PoolJob<?> job = at(s);
                if (job != null) {
                    newest.add(job);
                }
            }
            return newest;
        } finally {
            readLock.unlock();
        }
    }

    // ---------------------------------------------------------------- as a queue

    /** The oldest result not yet consumed, if any; consumes it. Never blocks. */
    public Optional<JobResult> poll() {
        readLock.lock();
        try {
            return Optional.ofNullable(consumeNext());
        } finally {
            readLock.unlock();
        }
    }

    /**
     * The oldest result not yet consumed, waiting up to {@code timeout} for one to be recorded. A
     * timeout of zero or less does not wait (as {@link #poll()}); one too long for a {@code long} of
     * nanoseconds waits 292 years.
     *
     * @throws InterruptedException if interrupted while waiting
     * @throws NullPointerException if {@code timeout} is null
     */
    public Optional<JobResult> poll(Duration timeout) throws InterruptedException {
        long left = ThreadPool.saturatedNanos(Objects.requireNonNull(timeout, "timeout"));
        readLock.lockInterruptibly();
        try {
            JobResult next;
            while ((next = consumeNext()) == null && left > 0L) {
                if (beforeConsumerWaits != null) {
                    beforeConsumerWaits.run();
                }
                // A recorder signals only if it sees a consumer announced; one that did not (it recorded
                // before our announcement) has its result seen by the look after it. Both are full fences
                // (the recorder's volatile store of tail and its read of the count; our add and our look), so one of the
                // two always sees the other: no result can land unseen between our look and our wait.
                WAITING.getAndAdd(this, 1);
                try {
                    if (consumable()) {
                        continue; // recorded between our look and our announcement
                    }
                    left = recorded.awaitNanos(left);
                } finally {
                    WAITING.getAndAdd(this, -1);
                }
            }
            return Optional.ofNullable(next);
        } finally {
            readLock.unlock();
        }
    }

    /** Consumes and returns up to {@code max} results, oldest first. Never blocks. */
    public List<JobResult> drain(int max) {
        requireNonNegative(max);
        readLock.lock();
        try {
            List<JobResult> drained = new ArrayList<>(Math.min(max, 64));
            JobResult next;
            while (drained.size() < max && (next = consumeNext()) != null) {
                drained.add(next);
            }
            return drained;
        } finally {
            readLock.unlock();
        }
    }

    /** The oldest result not yet consumed, if one is retained. */
    private JobResult consumeNext() {
        assert readLock.isHeldByCurrentThread();
        long high = tail.value;
        consumed = Math.max(consumed, low(high, System.nanoTime()));
        while (consumed < high) {
            PoolJob<?> job = at(consumed++);
            if (job != null) {
                return job;
            }
            // Recorded (below high) but no longer in its slot: evicted, by age or by a recording under way.
        }
        return null;
    }

    /**
     * Whether a result was recorded that this consumer has not looked at. Any
     * sequence at or above the cursor counts, evicted or not — the next {@link #consumeNext} moves the
     * cursor past what was evicted, and finds a result or settles that none is left — so a consumer
     * never waits while a result is waiting, however many were recorded since its last look.
     */
    private boolean consumable() {
        assert readLock.isHeldByCurrentThread();
        return Math.max(consumed, expiredBelow) < tail.value;
    }

    // ---------------------------------------------------------------- figures

    /** How many results are retained now. */
    public int retained() {
        return figures().retained();
    }

    /** How many results have been evicted, by count or by age, since the pool started. */
    public long evicted() {
        return figures().evicted();
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
        readLock.lock();
        try {
            long high = tail.value;
            long low = low(high, System.nanoTime());
            return new Figures((int) (high - low), low);
        } finally {
            readLock.unlock();
        }
    }

    private static void requireNonNegative(int max) {
        if (max < 0) {
            throw new IllegalArgumentException("max must be 0 or more, was " + max);
        }
    }

    /** The sequence counter, between the padding of {@link LinePadding} and its own. */
    static class TailField extends LinePadding {
        volatile long value;
    }

    static final class Tail extends TailField {
        long q01, q02, q03, q04, q05, q06, q07, q08;
    }
}
