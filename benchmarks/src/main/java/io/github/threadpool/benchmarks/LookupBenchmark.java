package io.github.threadpool.benchmarks;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import io.github.threadpool.core.JobResult;
import io.github.threadpool.core.ThreadPool;

/**
 * Lookups by id — {@code results().get(id)} and {@code findJob(id)} — against how much the pool holds:
 * 1,000 / 100,000 / 1,048,576 retained results, or 100,000 queued jobs. A hit looks up an id that is
 * there; a miss, an id that was handed out and whose result has been evicted (the costly miss: an id
 * never handed out is refused at once). Hits walk every retained id in a fixed pseudo-random order,
 * so the large cases pay the cache misses a real lookup would. The figure should not depend on the
 * size. The peer is a {@code ConcurrentHashMap<Long, JobResult>} holding the same results, looked up
 * with the same ids in the same order: what a user who kept results by id in a map of their own pays.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class LookupBenchmark {

    /** Evicted ids below the window: the misses. */
    static final int EVICTED = 1_000;

    /** A pool whose result store retains {@code retained} results, with {@link #EVICTED} more evicted before them. */
    @State(Scope.Benchmark)
    public static class Retained {

        @Param({ "1000", "100000", "1048576" })
        int retained;

        ThreadPool pool;
        long[] hits;
        long[] misses;
        /** The same results in a ConcurrentHashMap: the reference for what memory costs a lookup at this size. */
        ConcurrentHashMap<Long, JobResult> reference;

        @Setup(Level.Trial)
        public void fill() throws Exception {
            int jobs = retained + EVICTED;
            pool = ThreadPool.builder().name("lookup").workers(2).queueCapacity(jobs).maxRetainedResults(retained).build();
            Future<?> last = null;
            for (int i = 0; i < jobs; i++) {
                last = pool.submit(() -> 42);
            }
            last.get();
            // With two workers the window is the last `retained` to finish, not exactly the last ids.
            hits = new long[retained];
            int n = 0;
            reference = new ConcurrentHashMap<>(2 * retained);
            for (JobResult r : pool.results().recent(retained)) {
                reference.put(r.id(), r);
                if (n < hits.length) {
                    hits[n++] = r.id();
                }
            }
            shuffle(hits, n);
            misses = new long[EVICTED / 2];
            int m = 0; // evicted ids: what the store and the map both miss
            for (long id = 1; id <= EVICTED && m < misses.length; id++) {
                if (pool.results().get(id).isEmpty()) {
                    misses[m++] = id;
                }
            }
            if (m < misses.length) {
                throw new IllegalStateException("only " + m + " evicted ids");
            }
        }

        @TearDown(Level.Trial)
        public void close() {
            pool.shutdownNow();
        }
    }

    /** A pool with 100,000 jobs queued behind two busy workers, and 1,000 results retained. */
    @State(Scope.Benchmark)
    public static class Queued {

        static final int QUEUED = 100_000;

        ThreadPool pool;
        final CountDownLatch release = new CountDownLatch(1);
        long[] hits;
        long[] misses;

        @Setup(Level.Trial)
        public void fill() throws Exception {
            pool = ThreadPool.builder().name("lookup-queued").workers(2).queueCapacity(QUEUED + 2)
                    .maxRetainedResults(1_000).build();
            Future<?> last = null;
            for (int i = 0; i < 2 * 1_000 + EVICTED; i++) { // retained and evicted results first
                last = pool.submit(() -> 42);
            }
            last.get();
            CountDownLatch busy = new CountDownLatch(2);
            for (int i = 0; i < 2; i++) {
                pool.submit(() -> {
                    busy.countDown();
                    release.await();
                    return null;
                });
            }
            busy.await();
            long firstQueued = 0;
            for (int i = 0; i < QUEUED; i++) {
                long id = pool.submit(() -> 42).id();
                firstQueued = firstQueued == 0 ? id : firstQueued;
            }
            hits = new long[1 << 16];
            for (int i = 0; i < hits.length; i++) {
                hits[i] = firstQueued + (long) i * QUEUED / hits.length;
            }
            shuffle(hits, hits.length);
            misses = new long[EVICTED / 2];
            for (int i = 0; i < misses.length; i++) {
                misses[i] = i + 1; // long evicted
            }
        }

        @TearDown(Level.Trial)
        public void close() {
            release.countDown();
            pool.shutdownNow();
        }
    }

    /** Each benchmark thread walks the id arrays from its own place. */
    @State(Scope.Thread)
    public static class Cursor {
        int i;
    }

    private static void shuffle(long[] ids, int n) {
        long seed = 42;
        for (int i = n - 1; i > 0; i--) {
            seed = seed * 6364136223846793005L + 1442695040888963407L;
            int j = (int) ((seed >>> 33) % (i + 1));
            long t = ids[i];
            ids[i] = ids[j];
            ids[j] = t;
        }
        for (int i = n; i < ids.length; i++) {
            ids[i] = ids[i % Math.max(1, n)];
        }
    }

    private static long at(long[] ids, Cursor c) {
        return ids[Math.floorMod(c.i++, ids.length)];
    }

    @Benchmark
    public Object resultsGetHit(Retained s, Cursor c) {
        return s.pool.results().get(at(s.hits, c));
    }

    /** The peer: a ConcurrentHashMap holding the same results, the same ids in the same order. */
    @Benchmark
    public Object referenceMapGetHit(Retained s, Cursor c) {
        return s.reference.get(at(s.hits, c));
    }

    /** The peer's miss: the same evicted ids, which the map never held. */
    @Benchmark
    public Object referenceMapGetMiss(Retained s, Cursor c) {
        return s.reference.get(at(s.misses, c));
    }

    @Benchmark
    public Object resultsGetMiss(Retained s, Cursor c) {
        return s.pool.results().get(at(s.misses, c));
    }

    @Benchmark
    public Object findJobHit(Retained s, Cursor c) {
        return s.pool.findJob(at(s.hits, c));
    }

    @Benchmark
    public Object findJobMiss(Retained s, Cursor c) {
        return s.pool.findJob(at(s.misses, c));
    }

    @Benchmark
    public Object findJobQueuedHit(Queued s, Cursor c) {
        return s.pool.findJob(at(s.hits, c));
    }

    @Benchmark
    public Object findJobQueuedMiss(Queued s, Cursor c) {
        return s.pool.findJob(at(s.misses, c));
    }
}
