package io.github.threadpool.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The {@link JobQueue}'s queued jobs, oldest first, in a growable array ring, guarded by the queue's
 * two locks: the put lock for the tail end, the take lock for the head end, both for anything that
 * touches the whole ring. Each method says which it needs and asserts it.
 */
final class JobRing {

    /*
     * Queued jobs live in slots between head (the oldest) and tail; a job records its slot
     * (PoolJob.queueSlot) while it is in the ring. The two ends meet only in depth, the count of jobs in
     * the ring: a submitter writes its job into the slot at tail and then increments depth, which
     * publishes the slot; a worker that saw depth above zero takes the slot at head, clears it and
     * advances head with a release store, which a submitter reads before it reuses a slot (it reads
     * the workers' line only when its own copy, headSeen, says the ring is full).
     *
     * A job that leaves out of order leaves a null tombstone in its slot (both locks held), so a
     * cancellation is O(1); a take passes over tombstones. The ring is rebuilt compactly, both locks
     * held, when it is full, when tombstones outnumber jobs (at least MIN_TOMBSTONES_TO_COMPACT), and
     * when it has been under a quarter used for KEEP_UNUSED_NANOS (judged at a take, which
     * only tries the put lock: a holder of the take lock never waits for the put lock).
     *
     * The fields written on every offer, and those written on every take, are each on cache lines of
     * their own (PutEnd, TakeEnd): a submitter and a worker writing one line each would take it from
     * each other on every job. The put end carries the last id handed out too, as it is written by the
     * same submitter in the same critical section. The argument for the whole queue is in
     * docs/design.md ("The ring").
     */

    static final int MIN_RING = 16;
    static final int MIN_TOMBSTONES_TO_COMPACT = 16;
    /**
     * How long a ring (or live index) that was needed at its length is kept at that length once it is
     * under a quarter used: a pool that takes a burst every few milliseconds keeps the arrays the burst
     * needs instead of shrinking and growing them again with every burst (allocation the size of the
     * burst each time), and one whose bursts stopped lets them go a second later, at its next take.
     */
    static final long KEEP_UNUSED_NANOS = 1_000_000_000L;

    private static final VarHandle HEAD;

    static {
        try {
            HEAD = MethodHandles.lookup().findVarHandle(TakeEndFields.class, "head", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final ReentrantLock putLock;
    private final ReentrantLock takeLock;

    /** Jobs in the ring (tombstones not counted): incremented under putLock, decremented under takeLock. */
    final AtomicInteger depth = new AtomicInteger();

    /** Queued jobs and tombstones ({@code null}) from head to tail; length a power of two. Replaced only with both locks held. */
    private PoolJob<?>[] slots = new PoolJob<?>[MIN_RING];

    /** Guarded by putLock (and both locks for a rebuild). */
    private final PutEnd put = new PutEnd();
    /** Guarded by takeLock (and both locks for a rebuild). */
    private final TakeEnd take = new TakeEnd();

    abstract static class PutEndFields extends LinePadding {
        /** Position of the next free slot. */
        long tail;
        /** The id last handed out. */
        long lastId;
        /** {@link TakeEndFields#head} as last read: the submitter reads the workers' line only when this says full. */
        long headSeen;
    }

    static final class PutEnd extends PutEndFields {
        long q01, q02, q03, q04, q05, q06, q07, q08;
    }

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

    JobRing(ReentrantLock putLock, ReentrantLock takeLock, long lastId) {
        this.putLock = putLock;
        this.takeLock = takeLock;
        this.put.lastId = lastId;
    }

    /** The next id. */
    long nextId() {
        assert putLock.isHeldByCurrentThread();
        return ++put.lastId;
    }

    /** The id last handed out. */
    long lastId() {
        assert putLock.isHeldByCurrentThread();
        return put.lastId;
    }

    /**
     * Puts {@code job} at the tail, growing the ring first if it is full (taking
     * the take lock for that), and publishes it to workers. Returns the depth before.
     */
    int add(PoolJob<?> job) {
        assert putLock.isHeldByCurrentThread();
        PutEnd end = put;
        if (end.tail - end.headSeen == slots.length && end.tail - (end.headSeen = take.head) == slots.length) {
            takeLock.lock();
            try {
                rebuild(lengthFor(depth.get() + 1));
            } finally {
                takeLock.unlock();
            }
        }
        PoolJob<?>[] r = slots;
        int slot = (int) end.tail & (r.length - 1);
        job.queueSlot(slot);
        r[slot] = job;
        end.tail++;
        return depth.getAndIncrement(); // publishes the slot to workers
    }

    /**
     * With {@code depth > 0}: unlinks the oldest job, passing over tombstones:
     * {@code depth > 0} was published after a job was written into a slot before {@code tail}, so
     * there is one between {@code head} and there.
     */
    PoolJob<?> pollFirst() {
        assert takeLock.isHeldByCurrentThread();
        PoolJob<?>[] r = slots;
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

    /** Shrinks the ring if the put lock is free: a holder of the take lock never waits for it. */
    private void shrinkIfPutLockIsFree() {
        assert takeLock.isHeldByCurrentThread();
        if (putLock.tryLock()) {
            try {
                if (slots.length > MIN_RING && (put.tail - take.head) * 4 < slots.length) {
                    rebuild(lengthFor(depth.get()));
                }
            } finally {
                putLock.unlock();
            }
        }
    }

    /** Drops a job that left the ring out of order, leaving a tombstone in its slot. */
    void tombstone(int slot) {
        assert putLock.isHeldByCurrentThread() && takeLock.isHeldByCurrentThread();
        slots[slot] = null;
        int left = depth.decrementAndGet();
        TakeEnd end = take;
        end.tombstones++;
        if (left == 0) {
            end.head = put.tail; // every slot in use is a tombstone
            end.tombstones = 0;
        } else if (end.tombstones > left && end.tombstones >= MIN_TOMBSTONES_TO_COMPACT) {
            rebuild(lengthFor(left));
        }
    }

    /** Copies the queued jobs, in order, to the start of a new ring. */
    private void rebuild(int length) {
        assert putLock.isHeldByCurrentThread() && takeLock.isHeldByCurrentThread();
        PoolJob<?>[] old = slots;
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
        slots = fresh;
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

    /** The submission time of the oldest queued job, or {@code ifEmpty}. */
    long oldestSubmittedNanos(long ifEmpty) {
        assert putLock.isHeldByCurrentThread() && takeLock.isHeldByCurrentThread();
        PoolJob<?>[] r = slots;
        int mask = r.length - 1;
        for (long p = take.head; p != put.tail; p++) {
            PoolJob<?> job = r[(int) p & mask];
            if (job != null) {
                return job.submittedNanos;
            }
        }
        return ifEmpty;
    }

    /** The ring's length, for tests. */
    int length() {
        assert putLock.isHeldByCurrentThread() && takeLock.isHeldByCurrentThread();
        return slots.length;
    }
}
