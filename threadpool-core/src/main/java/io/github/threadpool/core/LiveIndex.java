package io.github.threadpool.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

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
 * reader is walking is never cut; a later insert reuses it as it would a {@code null}. Tombstones do
 * not lengthen lookups (a lookup stops after {@code longestProbe + 1} slots, not at a {@code null}), so
 * they do not count towards a rebuild: ids advance around the table, reusing the tombstones their
 * predecessors left, and a pool whose live jobs stay under three quarters of the table never rebuilds
 * it (counting tombstones rebuilt a table of the same length every time the ids had gone once around
 * it — 7.6 of the 66.8 bytes allocated per job in the headline benchmark). The table is rebuilt — into
 * a new {@link Table}, published by a volatile write — when live entries would fill three quarters of
 * it; when the adds since the live count was last worked out would, and some lookup may read more
 * than two slots ({@code longestProbe > 1}: old jobs moved others on, and since a probe length is
 * never lowered in place, only a rebuild shortens it once they finish); or when live entries fall
 * below an eighth of a large table that has not been needed at its length for
 * {@link JobRing#KEEP_UNUSED_NANOS} (looked at every 64 removes): memory is O(most jobs live at once
 * in the last second), and each rebuild is paid for by the adds and removes since the last, so add
 * and remove are amortised O(1).
 *
 * <h2>Locking: two writers, no lock for readers</h2>
 * Jobs are added by submitters, under the queue's {@link #addLock} (its put lock), and removed by the
 * threads that record their results, under its {@link #removeLock} (its take lock): an add and a
 * remove may run at once. They never write the same slot: an adder writes only a {@code null} or
 * {@link #TOMBSTONE} slot, a remover only the slot that holds its own job, which no adder overwrites.
 * Each side keeps its own counts, on a cache line of its own ({@link AddCounts} for the adder,
 * {@link RemoveCount} for the remover); the table is replaced only with both locks held, in the queue's
 * lock order (add side first): an adder that finds the table full takes the remove side too, and a
 * remover that finds it sparse only tries the add side and leaves the shrink to a later remove if it
 * is busy — it never waits for it, so the two sides cannot deadlock. A side reads the other's count
 * only as a hint, and checks it again with both locks held.
 *
 * <p>A reader loads {@link #table} (volatile), its {@link Table#longestProbe} (volatile) and then each
 * slot with acquire semantics; an adder raises {@code longestProbe} before it stores the job, and
 * stores the job with release semantics after its id is written, so a reader that may have to find a
 * job (it learned the id after the job was added) probes far enough and sees its id. A reader on a
 * table just replaced may miss a job added after the replacement (it read the table before the job
 * existed) or find one removed since (the job is then finished, and its result was recorded before it
 * was removed, so it is still a correct answer).
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
        /** Written by adders, raised before the entry that needs it is stored; never lowered. */
        volatile int longestProbe;

        Table(int length) {
            this.slots = new PoolJob<?>[length];
            this.mask = length - 1;
        }
    }

    /** Held by adders. */
    private final ReentrantLock addLock;
    /** Held by removers. */
    private final ReentrantLock removeLock;

    /** Replaced only with both locks held. */
    private volatile Table table = new Table(MIN_LENGTH);
    private final AddCounts adds = new AddCounts();
    private final RemoveCount removes = new RemoveCount();
    /** For tests; written with both locks held. */
    private int rebuilds;

    /** Guarded by addLock; {@code added} is read by removers as a hint. */
    abstract static class AddCountFields extends LinePadding {
        /**
         * At least the live entries of {@link #table}: the live count when it was last worked out, plus
         * the adds since. So the adder reads the remover's line only when this reaches three quarters
         * of the table, not on every add.
         */
        int liveAtMost;
        /** Jobs put into {@link #table}. */
        int added;
    }

    static final class AddCounts extends AddCountFields {
        long q01, q02, q03, q04, q05, q06, q07, q08;
    }

    /** Guarded by removeLock; read by adders as a hint, and exactly only with both locks. */
    abstract static class RemoveCountField extends LinePadding {
        /** Jobs removed from {@link #table}; only grows between rebuilds, so a stale read overstates the live jobs. */
        int removed;
        /** When the table was last found not sparse (a removed job's submission time), or rebuilt. */
        long neededNanos;
    }

    static final class RemoveCount extends RemoveCountField {
        long q01, q02, q03, q04, q05, q06, q07, q08;
    }

    /** For tests: an index with locks of its own, which the constructing thread holds, for that thread alone. */
    LiveIndex() {
        this(new ReentrantLock(), new ReentrantLock());
        addLock.lock();
        removeLock.lock();
    }

    LiveIndex(ReentrantLock addLock, ReentrantLock removeLock) {
        this.addLock = addLock;
        this.removeLock = removeLock;
    }

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

    /** After {@code job}'s id is set. */
    void add(PoolJob<?> job) {
        assert addLock.isHeldByCurrentThread();
        AddCounts counts = adds;
        if (full(counts.liveAtMost + 1) && mustRebuild(counts)) {
            removeLock.lock(); // lock order: the add side, then the remove side
            try {
                rebuild();
            } finally {
                removeLock.unlock();
            }
        }
        insert(table, job);
        counts.liveAtMost++;
        counts.added++;
    }

    /**
     * Once the bound on live entries reached three quarters of the table:
     * works the live count out again (the one read of the remover's line) and says whether the table
     * must be rebuilt — it would be too full, or old jobs lengthened its probes.
     */
    private boolean mustRebuild(AddCounts counts) {
        counts.liveAtMost = counts.added - removes.removed;
        return full(counts.liveAtMost + 1) || table.longestProbe > 1;
    }

    /** Whether {@code live} entries would fill more than three quarters of the table. */
    private boolean full(int live) {
        return live * 4L > table.slots.length * 3L;
    }

    /** A no-op if {@code job} is not in the index. */
    void remove(PoolJob<?> job) {
        assert removeLock.isHeldByCurrentThread();
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
                RemoveCount counts = removes;
                int removed = ++counts.removed;
                if ((removed & 63) == 0 && slots.length > MIN_LENGTH * 4) { // the adder's count is on its own line
                    if (!sparse(adds.added - removed, slots.length)) {
                        counts.neededNanos = job.submittedNanos;
                    } else if (job.submittedNanos - counts.neededNanos > JobRing.KEEP_UNUSED_NANOS && addLock.tryLock()) {
                        try { // never waits for the add side: see the class comment
                            if (sparse(size(), slots.length)) {
                                rebuild();
                            }
                        } finally {
                            addLock.unlock();
                        }
                    }
                }
                return;
            }
        }
    }

    private static boolean sparse(int live, int length) {
        return live * 8L < length;
    }

    /** The live jobs, in no particular order. */
    List<PoolJob<?>> jobs() {
        assert addLock.isHeldByCurrentThread() && removeLock.isHeldByCurrentThread();
        List<PoolJob<?>> jobs = new ArrayList<>(size());
        for (PoolJob<?> entry : table.slots) {
            if (entry != null && entry != TOMBSTONE) {
                jobs.add(entry);
            }
        }
        return jobs;
    }

    int size() {
        assert addLock.isHeldByCurrentThread() && removeLock.isHeldByCurrentThread();
        return adds.added - removes.removed;
    }

    /** For tests: the table's length, which bounds its memory. */
    int capacity() {
        return table.slots.length;
    }

    /** For tests: how many times the table was replaced. */
    int rebuilds() {
        return rebuilds;
    }

    /** For tests: the most slots a lookup looks at. */
    int longestProbe() {
        return table.longestProbe + 1;
    }

    /** Into a new table, at most half full with the live jobs. */
    private void rebuild() {
        assert addLock.isHeldByCurrentThread() && removeLock.isHeldByCurrentThread();
        int live = size();
        int length = MIN_LENGTH;
        while (length < live * 2L + 2) {
            length <<= 1;
        }
        Table fresh = new Table(length);
        for (PoolJob<?> entry : table.slots) {
            if (entry != null && entry != TOMBSTONE) {
                insert(fresh, entry);
            }
        }
        adds.liveAtMost = live;
        adds.added = live;
        rebuilds++;
        removes.removed = 0;
        removes.neededNanos = System.nanoTime();
        table = fresh; // volatile: publishes the filled table
    }

    /** Into the first free or dead slot of {@code job}'s chain: there is one while live entries are fewer than slots. */
    private static void insert(Table t, PoolJob<?> job) {
        PoolJob<?>[] slots = t.slots;
        int i = home(job.id, t.mask);
        for (int probe = 0; ; probe++, i = (i + 1) & t.mask) {
            PoolJob<?> entry = slots[i];
            if (entry == null || entry == TOMBSTONE) {
                if (probe > t.longestProbe) {
                    t.longestProbe = probe; // before the store: a reader that must find the job looks this far
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
