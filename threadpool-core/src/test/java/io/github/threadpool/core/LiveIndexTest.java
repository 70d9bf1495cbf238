package io.github.threadpool.core;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The live index's cost promise: a lookup, hit or miss, reads at most {@code longestProbe} slots, and
 * that stays 1 for a deep queue of consecutive ids and small while a few old jobs keep running.
 */
class LiveIndexTest {

    private static PoolJob<Object> job(long id) {
        PoolJob<Object> job = PoolJob.of(null, () -> null);
        job.id = id;
        return job;
    }

    /** Adds a job for each id from {@code first} to {@code last} and returns them in id order. */
    private static List<PoolJob<Object>> addJobs(LiveIndex index, long first, long last) {
        List<PoolJob<Object>> jobs = new ArrayList<>();
        for (long id = first; id <= last; id++) {
            PoolJob<Object> job = job(id);
            jobs.add(job);
            index.add(job);
        }
        return jobs;
    }

    @Test
    void aDeepQueueOfConsecutiveIdsIsFoundInOneProbeHitOrMiss() {
        LiveIndex index = new LiveIndex();
        List<PoolJob<Object>> jobs = addJobs(index, 1, 100_000);
        assertThat(index.longestProbe()).isEqualTo(1);
        for (PoolJob<Object> job : jobs) {
            assertThat(index.find(job.id)).isSameAs(job);
        }
        assertThat(index.find(100_001)).isNull();
        assertThat(index.find(100_000 + index.capacity())).as("an id that shares a live id's home").isNull();
        for (PoolJob<Object> job : jobs.subList(0, 50_000)) {
            index.remove(job);
        }
        assertThat(index.find(1)).isNull();
        assertThat(index.find(50_001)).isSameAs(jobs.get(50_000));
        assertThat(index.size()).isEqualTo(50_000);
    }

    @Test
    void oldJobsStillRunningLengthenProbesOnlyByHowManyTheyAre() {
        LiveIndex index = new LiveIndex();
        List<PoolJob<Object>> stuck = addJobs(index, 1, 4);
        // a window of 100 queued jobs slides past the four old ones a thousand times over
        ArrayDeque<PoolJob<Object>> window = new ArrayDeque<>();
        for (long id = 5; id <= 1_000_000; id++) {
            PoolJob<Object> job = job(id);
            window.addLast(job);
            index.add(job);
            if (window.size() > 100) {
                index.remove(window.removeFirst());
            }
        }
        assertThat(index.longestProbe()).isLessThanOrEqualTo(1 + stuck.size());
        assertThat(index.capacity()).as("slots, bounded by the live jobs").isLessThanOrEqualTo(512);
        for (PoolJob<Object> job : stuck) {
            assertThat(index.find(job.id)).isSameAs(job);
        }
        for (PoolJob<Object> job : window) {
            assertThat(index.find(job.id)).isSameAs(job);
        }
        for (long finished = 5; finished < 1_000; finished++) {
            assertThat(index.find(finished)).isNull();
        }

        stuck.forEach(index::remove); // the old jobs finish: lookups get short again within a table's worth of adds
        for (long id = 1_000_001; id <= 1_000_000 + 4L * index.capacity(); id++) {
            PoolJob<Object> job = job(id);
            window.addLast(job);
            index.add(job);
            index.remove(window.removeFirst());
        }
        assertThat(index.longestProbe()).isEqualTo(1);
        for (PoolJob<Object> job : window) {
            assertThat(index.find(job.id)).isSameAs(job);
        }
    }

    /**
     * A pool that takes bursts of the same size keeps one table: each id reuses the tombstone its
     * predecessor a table's length earlier left. Counting tombstones as occupied rebuilt a table of the
     * same length every time the ids went round it once (7.6 bytes per job in the headline benchmark).
     */
    @Test
    void idsGoingRoundTheTableReuseTombstonesWithoutRebuildingIt() {
        long now = System.nanoTime(); // every job submitted before any rebuild: the table is always needed
        LiveIndex index = new LiveIndex();
        long id = 1;
        int rebuildsToGrow = 0;
        int length = 0;
        for (int burst = 0; burst < 20; burst++) { // 200,000 ids: several times round the table
            List<PoolJob<Object>> jobs = addJobs(index, id, id + 9_999);
            jobs.forEach(job -> job.submittedNanos = now);
            id += 10_000;
            for (PoolJob<Object> job : jobs) {
                assertThat(index.find(job.id)).isSameAs(job);
            }
            jobs.forEach(index::remove);
            if (burst == 0) {
                rebuildsToGrow = index.rebuilds();
                length = index.capacity();
            }
        }
        assertThat(index.rebuilds()).as("rebuilds after the first burst grew the table").isEqualTo(rebuildsToGrow);
        assertThat(index.capacity()).isEqualTo(length);
        assertThat(index.longestProbe()).isEqualTo(1);
        assertThat(index.size()).isZero();
        assertThat(index.find(id - 1)).isNull();
    }

    @Test
    void shrinksOnceDrainedAndNotNeededForASecond() {
        LiveIndex index = new LiveIndex();
        long now = System.nanoTime();
        List<PoolJob<Object>> burst = addJobs(index, 1, 10_000);
        burst.forEach(job -> job.submittedNanos = now);
        burst.forEach(index::remove);
        assertThat(index.size()).isZero();
        int grown = index.capacity();
        assertThat(grown).as("kept for the next burst").isGreaterThanOrEqualTo(10_000);
        assertThat(index.find(10_000)).isNull();

        List<PoolJob<Object>> later = addJobs(index, 10_001, 10_128);
        later.forEach(job -> job.submittedNanos = now + 60 * JobRing.KEEP_UNUSED_NANOS); // a minute later
        later.forEach(index::remove);
        assertThat(index.capacity()).isLessThanOrEqualTo(64);
        assertThat(index.find(10_128)).isNull();
    }
}
