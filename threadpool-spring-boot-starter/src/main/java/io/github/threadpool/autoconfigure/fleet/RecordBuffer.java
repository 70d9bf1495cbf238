package io.github.threadpool.autoconfigure.fleet;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

import io.github.threadpool.core.JobResult;

/**
 * The bounded buffer between the threads that report job events (workers, submitters) and the one
 * writer that sends them to Redis: many producers, one consumer, lock-free, allocation-free.
 *
 * <p>{@link #offer} never blocks and never waits for the consumer: when the buffer is full it returns
 * {@code false} at once (the caller counts a drop). Each slot holds a job and its pool's index.
 */
final class RecordBuffer {

    /*
     * Vyukov's bounded queue, with one consumer. Each slot carries a sequence number: a slot at position p
     * is free for the producer of p when its sequence is p, and full for the consumer of p when it is p + 1.
     * A producer claims position p with a CAS on tail, fills the slot, then publishes it by setting its
     * sequence to p + 1 (release). The consumer reads at head, then frees the slot for position
     * p + capacity (release). A producer that finds the slot of tail not yet freed (sequence < tail) sees
     * a full buffer.
     */

    private static final VarHandle JOBS = MethodHandles.arrayElementVarHandle(JobResult[].class);

    private final int mask;
    private final JobResult[] jobs;
    private final int[] pools; // written before the sequence publishes the slot
    private final AtomicLongArray sequences;
    /** Next position to claim; producers CAS it. */
    private final AtomicLong tail = new AtomicLong();
    /** Next position to read; written by the consumer only. */
    private volatile long head;

    /** @param capacity at least the requested number of slots: rounded up to a power of two */
    RecordBuffer(int capacity) {
        int size = Integer.highestOneBit(Math.max(2, capacity - 1)) << 1;
        this.mask = size - 1;
        this.jobs = new JobResult[size];
        this.pools = new int[size];
        this.sequences = new AtomicLongArray(size);
        for (int i = 0; i < size; i++) {
            this.sequences.set(i, i);
        }
    }

    /** The number of slots. */
    int capacity() {
        return this.mask + 1;
    }

    /** Adds a job's event; false, at once, when the buffer is full. Any thread. */
    boolean offer(JobResult job, int pool) {
        long t = this.tail.get();
        for (;;) {
            int i = (int) t & this.mask;
            long seq = this.sequences.get(i);
            long diff = seq - t;
            if (diff == 0) {
                if (this.tail.compareAndSet(t, t + 1)) {
                    JOBS.set(this.jobs, i, job);
                    this.pools[i] = pool;
                    this.sequences.lazySet(i, t + 1);
                    return true;
                }
                t = this.tail.get();
            }
            else if (diff < 0) {
                return false; // the consumer has not freed this slot yet: full
            }
            else {
                t = this.tail.get(); // another producer took it
            }
        }
    }

    /**
     * Takes the oldest event and hands it to {@code sink}; false when none is ready. The consumer's thread
     * only.
     */
    boolean poll(Sink sink) {
        long h = this.head;
        int i = (int) h & this.mask;
        if (this.sequences.get(i) != h + 1) {
            return false;
        }
        JobResult job = (JobResult) JOBS.get(this.jobs, i);
        int pool = this.pools[i];
        JOBS.set(this.jobs, i, null);
        this.sequences.lazySet(i, h + this.mask + 1);
        this.head = h + 1;
        sink.accept(job, pool);
        return true;
    }

    /** How many events wait, as seen now (approximate while producers add). */
    int size() {
        long size = this.tail.get() - this.head;
        return (int) Math.max(0, Math.min(size, this.mask + 1));
    }

    /** What {@link #poll} hands an event to. */
    interface Sink {

        void accept(JobResult job, int pool);
    }

    @Override
    public String toString() {
        return "RecordBuffer[" + size() + "/" + capacity() + "]";
    }

}
