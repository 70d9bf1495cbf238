package io.github.threadpool.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;

/**
 * The pool's queued and running jobs by id: O(1) lookup with no lock, for {@link ThreadPool#findJob}.
 *
 * <h2>Structure</h2>
 * An open-addressing table with linear probing whose home slot for an id is the id itself, masked:
 * the live jobs are almost all one run of consecutive ids (the queue, oldest first, and the jobs
 * running), so consecutive jobs go to consecutive slots, and adding and removing a job touches the
 * cache line its neighbours just touched, where a scrambling hash would miss the cache on every job of
 * a deep queue. The table is at most half full after a rebuild, so the run of live ids fits in it and
 * two live ids share a home slot only when one of them is far older than the rest — a job still running
 * long after its neighbours finished. Such old jobs move the ids that share their homes on by as many
 * slots as there are of them side by side; {@link Table#longestProbe} records the longest move in the
 * table, and a lookup looks no further than that: a miss costs what a hit costs, however many jobs are
 * live (a plain linear-probing miss inside a run of consecutive ids would walk the whole run). So a
 * lookup reads at most 1 + (jobs still running long after later ones finished) consecutive slots —
 * one or two in practice, and never more than there are running jobs; a table twice as long would not
 * shorten it, since those old jobs have consecutive ids too.
 *
 * <p>A removed entry becomes {@link #TOMBSTONE}, never {@code null} again, so a probe chain that a
 * reader is walking is never cut; a later insert reuses it. The table is rebuilt — into a new
 * {@link Table}, published by a volatile write — when live entries and tombstones fill three quarters
 * of it, or when live entries fall below an eighth of a large one: memory is O(most jobs live at once),
 * and each rebuild is paid for by the adds and removes since the last, so add and remove are amortised
 * O(1).
 *
 * <h2>Locking</h2>
 * Written only under the queue's lock (every add and remove happens where the queue already holds it);
 * read with no lock. A reader loads {@link #table} (volatile), its {@link Table#longestProbe}
 * (volatile) and then each slot with acquire semantics; a writer raises {@code longestProbe} before it
 * stores the job, and stores the job with release semantics after its id is written, so a reader that
 * may have to find a job (it learned the id after the job was added) probes far enough and sees its id.
 * A reader on a table just replaced may miss a job added after the replacement (it read the table
 * before the job existed) or find one removed since (the job is then finished, and its result was
 * recorded before it was removed, so it is still a correct answer).
 */
final class LiveIndex {

    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(PoolJob[].class);
    private static final int MIN_LENGTH = 16;
    /** Marks a removed entry; its id, 0, is never a job's. */
    private static final PoolJob<?> TOMBSTONE = PoolJob.sentinel();

    /** A table and the longest probe any of its entries needed. Replaced whole, never resized in place. */
    private static final class Table {
        /** Length a power of two. */
        final PoolJob<?>[] slots;
        final int mask;
        /** Written under the queue's lock, raised before the entry that needs it is stored; never lowered. */
        volatile int longestProbe;

        Table(int length) {
            this.slots = new PoolJob<?>[length];
            this.mask = length - 1;
        }
    }

    private volatile Table table = new Table(MIN_LENGTH);
    /** Guarded by the queue's lock. */
    private int live;
    /** Guarded by the queue's lock. */
    private int tombstones;

    /** The live job with this id, or null. Lock-free; looks at no more than {@code longestProbe + 1} slots. */
    PoolJob<?> find(long id) {
        Table t = table;
        PoolJob<?>[] slots = t.slots;
        int mask = t.mask;
        int i = home(id, mask);
        for (int probes = t.longestProbe; probes >= 0; probes--, i = (i + 1) & mask) {
            PoolJob<?> job = (PoolJob<?>) SLOT.getAcquire(slots, i);
            if (job == null) {
                return null;
            }
            if (job.id == id) {
                return job;
            }
        }
        return null;
    }

    /** Called under the queue's lock, after {@code job}'s id is set. */
    void add(PoolJob<?> job) {
        if ((live + tombstones + 1) * 4L > table.slots.length * 3L) {
            rebuild(live + 1);
        }
        insert(table, job);
        live++;
    }

    /** Called under the queue's lock. A no-op if {@code job} is not in the index. */
    void remove(PoolJob<?> job) {
        Table t = table;
        PoolJob<?>[] slots = t.slots;
        int i = home(job.id, t.mask);
        for (int probes = t.longestProbe; probes >= 0; probes--, i = (i + 1) & t.mask) {
            PoolJob<?> entry = slots[i];
            if (entry == null) {
                return;
            }
            if (entry == job) {
                SLOT.setRelease(slots, i, TOMBSTONE);
                live--;
                tombstones++;
                if (slots.length > MIN_LENGTH * 4 && live * 8L < slots.length) {
                    rebuild(live);
                }
                return;
            }
        }
    }

    /** Called under the queue's lock. The live jobs, in no particular order. */
    List<PoolJob<?>> jobs() {
        List<PoolJob<?>> jobs = new ArrayList<>(live);
        for (PoolJob<?> entry : table.slots) {
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
        return table.slots.length;
    }

    /** For tests: the most slots a lookup looks at. */
    int longestProbe() {
        return table.longestProbe + 1;
    }

    /** Into a new table, at most half full with {@code expected} jobs. */
    private void rebuild(int expected) {
        int length = MIN_LENGTH;
        while (length < expected * 2L + 2) {
            length <<= 1;
        }
        Table fresh = new Table(length);
        for (PoolJob<?> entry : table.slots) {
            if (entry != null && entry != TOMBSTONE) {
                insert(fresh, entry);
            }
        }
        tombstones = 0;
        table = fresh; // volatile: publishes the filled table
    }

    /** Into the first free or dead slot of {@code job}'s chain. */
    private void insert(Table t, PoolJob<?> job) {
        PoolJob<?>[] slots = t.slots;
        int i = home(job.id, t.mask);
        for (int probe = 0; ; probe++, i = (i + 1) & t.mask) {
            PoolJob<?> entry = slots[i];
            if (entry == null || entry == TOMBSTONE) {
                if (probe > t.longestProbe) {
                    t.longestProbe = probe; // before the store: a reader that must find the job looks this far
                }
                if (entry == TOMBSTONE && t == table) {
                    tombstones--;
                }
                SLOT.setRelease(slots, i, job);
                return;
            }
        }
    }

    private static int home(long id, int mask) {
        return (int) id & mask;
    }
}
