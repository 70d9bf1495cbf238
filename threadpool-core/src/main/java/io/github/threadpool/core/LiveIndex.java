package io.github.threadpool.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;

/**
 * The pool's queued and running jobs by id: O(1) lookup with no lock, for {@link ThreadPool#findJob}.
 *
 * <h2>Structure</h2>
 * An open-addressing hash table with linear probing, keyed by {@link PoolJob#id} (Fibonacci hashing,
 * so consecutive ids spread). A removed entry becomes {@link #TOMBSTONE}, never {@code null} again, so
 * a probe chain that a reader is walking is never cut. The table is rebuilt — into a new array,
 * published by a volatile write — when live entries and tombstones fill three quarters of it, or when
 * live entries fall below an eighth of a large one: memory is O(most jobs live at once), and each
 * rebuild is paid for by the adds and removes since the last, so add and remove are amortised O(1).
 *
 * <h2>Locking</h2>
 * Written only under the queue's lock (every add and remove happens where the queue already holds it);
 * read with no lock. A reader loads {@link #table} (volatile) and then each slot with acquire
 * semantics; a job is stored with release semantics after its id is written, so a reader that finds
 * it sees its id. A reader on a table just replaced may miss a job added after the replacement (it
 * read the table before the job existed) or find one removed since (the job is then finished, and
 * its result was recorded before it was removed, so it is still a correct answer).
 */
final class LiveIndex {

    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(PoolJob[].class);
    private static final int MIN_LENGTH = 16;
    /** Marks a removed entry; its id, 0, is never a job's. */
    private static final PoolJob<?> TOMBSTONE = PoolJob.sentinel();

    /** Length a power of two. Replaced, never resized in place. */
    private volatile PoolJob<?>[] table = new PoolJob<?>[MIN_LENGTH];
    /** Guarded by the queue's lock. */
    private int live;
    /** Guarded by the queue's lock. */
    private int tombstones;

    /** The live job with this id, or null. Lock-free. */
    PoolJob<?> find(long id) {
        PoolJob<?>[] t = table;
        int mask = t.length - 1;
        for (int i = hash(id, mask); ; i = (i + 1) & mask) {
            PoolJob<?> job = (PoolJob<?>) SLOT.getAcquire(t, i);
            if (job == null) {
                return null;
            }
            if (job.id == id) {
                return job;
            }
        }
    }

    /** Called under the queue's lock, after {@code job}'s id is set. */
    void add(PoolJob<?> job) {
        if ((live + tombstones + 1) * 4L > table.length * 3L) {
            rebuild(live + 1);
        }
        insert(table, job);
        live++;
    }

    /** Called under the queue's lock. A no-op if {@code job} is not in the index. */
    void remove(PoolJob<?> job) {
        PoolJob<?>[] t = table;
        int mask = t.length - 1;
        for (int i = hash(job.id, mask); ; i = (i + 1) & mask) {
            PoolJob<?> entry = t[i];
            if (entry == null) {
                return;
            }
            if (entry == job) {
                SLOT.setRelease(t, i, TOMBSTONE);
                live--;
                tombstones++;
                if (t.length > MIN_LENGTH * 4 && live * 8L < t.length) {
                    rebuild(live);
                }
                return;
            }
        }
    }

    /** Called under the queue's lock. The live jobs, in no particular order. */
    List<PoolJob<?>> jobs() {
        List<PoolJob<?>> jobs = new ArrayList<>(live);
        for (PoolJob<?> entry : table) {
            if (entry != null && entry != TOMBSTONE) {
                jobs.add(entry);
            }
        }
        return jobs;
    }

    /** Called under the queue's lock. */
    int size() {
        return live;
    }

    /** For tests: the table's length, which bounds its memory. */
    int capacity() {
        return table.length;
    }

    private void rebuild(int expected) {
        int length = MIN_LENGTH;
        while (length < expected * 2L + 2) { // at most half full after the rebuild
            length <<= 1;
        }
        PoolJob<?>[] fresh = new PoolJob<?>[length];
        for (PoolJob<?> entry : table) {
            if (entry != null && entry != TOMBSTONE) {
                insert(fresh, entry);
            }
        }
        tombstones = 0;
        table = fresh; // volatile: publishes the filled table
    }

    /** Into the first free or dead slot of {@code job}'s chain. */
    private void insert(PoolJob<?>[] t, PoolJob<?> job) {
        int mask = t.length - 1;
        for (int i = hash(job.id, mask); ; i = (i + 1) & mask) {
            PoolJob<?> entry = t[i];
            if (entry == null) {
                SLOT.setRelease(t, i, job);
                return;
            }
            if (entry == TOMBSTONE) {
                SLOT.setRelease(t, i, job);
                tombstones--;
                return;
            }
        }
    }

    private static int hash(long id, int mask) {
        return (int) ((id * 0x9E3779B97F4A7C15L) >>> 32) & mask;
    }
}
