package io.github.threadpool.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

import io.github.threadpool.core.ThreadPool;

/**
 * Memory a pool keeps that nobody asked it to keep: the live heap after full GCs, above a
 * baseline taken just before the jobs, while the pool is still open — in MiB and in bytes per job.
 * Three cases:
 * <ul>
 *   <li><b>Held job</b>: one job held — finished, by the caller (as in a user's map), or running, by
 *       its worker — while {@value #LATER_JOBS} later jobs run, each returning a new 1 KiB array. No
 *       result is retained ({@code maxRetainedResults(0)}), so whatever those jobs leave above the
 *       baseline is held through the one job. ThreadPoolExecutor holding a {@code FutureTask} alike.</li>
 *   <li><b>Cancel storm</b>: {@value #STORM} submit+cancel behind one busy worker, queue capacity 10
 *       (cancelling frees the slot, so all are accepted), no result retained; with the queue depth the
 *       pool reports afterwards. ThreadPoolExecutor keeps a cancelled {@code FutureTask} in its queue
 *       until a worker takes it or {@code purge()} runs: with capacity 10 it refuses the eleventh, so
 *       its figure is taken with an unbounded queue, before and after {@code purge()}.</li>
 *   <li><b>TTL eviction</b>: {@value #TTL_JOBS} results retained with a 1 s time-to-live, measured
 *       after the TTL has passed, before any read (an expired result is dropped by the next read that
 *       takes the store's lock) and after {@code retained()} has returned 0; once with a shared value
 *       (the store's own cost) and once with 1 KiB values. ThreadPoolExecutor keeps no results.</li>
 * </ul>
 * Jobs are submitted with at most 1024 in flight (a semaphore), so no queue grows to hold them.
 * Each case first runs jobs of its kind unmeasured, so classes are loaded and code compiled before its
 * baseline; what remains is noise of some tens of KiB.
 *
 * <pre>
 * ./mvnw -q -B -pl benchmarks -am package -DskipTests
 * java -Xmx2g -cp benchmarks/target/benchmarks.jar io.github.threadpool.benchmarks.RetainedMemoryCost
 * </pre>
 * Needs a heap of about 1.5 GiB (a million 1 KiB results are live at once); about ten seconds. Printed
 * with the suite too.
 */
final class RetainedMemoryCost {

    static final int LATER_JOBS = 200_000;
    static final int STORM = 1_000_000;
    static final int TTL_JOBS = 1_000_000;
    private static final int VALUE_BYTES = 1024;
    private static final int IN_FLIGHT = 1024;
    private static final Duration TTL = Duration.ofSeconds(1);

    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();
    private static final Callable<Object> NO_OP = () -> null;

    private RetainedMemoryCost() {
    }

    public static void main(String[] args) throws Exception {
        print();
    }

    static void print() throws Exception {
        System.out.printf(Locale.ROOT, "%nRetained memory: live heap above a baseline taken before the jobs, after full "
                + "GCs, pool still open (lower is better; ~0 means nothing is kept)%n");
        System.out.printf(Locale.ROOT, "    %-48s %-20s %10s %10s%n", "case", "pool", "MiB", "B/job");
        heldJob();
        cancelStorm();
        ttlEviction();
    }

    // ---------------------------------------------------------------- held job

    private static void heldJob() throws Exception {
        System.out.printf("  held job: %,d later jobs with 1 KiB values, 2 workers, no result retained%n", LATER_JOBS);
        row("one finished job held by the caller", "threadpool", heldByCaller(noRetention(2)), LATER_JOBS);
        row("one finished job held by the caller", "ThreadPoolExecutor", heldByCaller(executor(2)), LATER_JOBS);
        row("one running job held by its worker", "threadpool", heldByWorker(noRetention(2)), LATER_JOBS);
        row("one running job held by its worker", "ThreadPoolExecutor", heldByWorker(executor(2)), LATER_JOBS);
    }

    private static long heldByCaller(ExecutorService pool) throws Exception {
        try (AutoCloseable closing = pool::shutdownNow) {
            Future<byte[]> held = pool.submit(() -> new byte[VALUE_BYTES]);
            held.get();
            runJobs(pool, LATER_JOBS, () -> new byte[VALUE_BYTES]); // unmeasured: load and compile
            long baseline = liveHeap();
            runJobs(pool, LATER_JOBS, () -> new byte[VALUE_BYTES]);
            long retained = liveHeap() - baseline;
            if (held.get().length != VALUE_BYTES) { // keeps the job reachable until here
                throw new AssertionError();
            }
            return retained;
        }
    }

    /** The held job blocks one of the two workers; the caller keeps no reference to it. */
    private static long heldByWorker(ExecutorService pool) throws Exception {
        try (AutoCloseable closing = pool::shutdownNow) {
            runJobs(pool, LATER_JOBS, () -> new byte[VALUE_BYTES]); // unmeasured: load and compile
            CountDownLatch release = busy(pool);
            long baseline = liveHeap();
            runJobs(pool, LATER_JOBS, () -> new byte[VALUE_BYTES]);
            long retained = liveHeap() - baseline;
            release.countDown();
            return retained;
        }
    }

    // ---------------------------------------------------------------- cancel storm

    private static void cancelStorm() throws Exception {
        System.out.printf("  cancel storm: %,d submit+cancel behind 1 busy worker, no result retained%n", STORM);
        try (ThreadPool pool = ThreadPool.builder().name("bench").workers(1).queueCapacity(10)
            .maxRetainedResults(0).build()) {
            CountDownLatch release = busy(pool);
            Storm storm = storm(pool);
            row("capacity 10", "threadpool", storm.bytes(), STORM);
            System.out.printf("        (queue depth afterwards: %d; submissions refused: %,d)%n",
                    pool.snapshot().queue().depth(), storm.refused());
            release.countDown();
        }
        ThreadPoolExecutor bounded = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(10));
        try (AutoCloseable closing = bounded::shutdownNow) {
            CountDownLatch release = busy(bounded);
            int accepted = 0;
            try {
                for (; accepted < STORM; accepted++) {
                    bounded.submit(NO_OP).cancel(false);
                }
            } catch (RejectedExecutionException e) {
                System.out.printf("    %-48s %-20s refused submit+cancel no. %,d: cancelled jobs keep their slots%n",
                        "capacity 10", "ThreadPoolExecutor", accepted + 1);
            }
            release.countDown();
        }
        ThreadPoolExecutor unbounded = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>());
        try (AutoCloseable closing = unbounded::shutdownNow) {
            CountDownLatch release = busy(unbounded);
            long retained = storm(unbounded).bytes();
            row("unbounded queue", "ThreadPoolExecutor", retained, STORM);
            System.out.printf("        (queue size afterwards: %,d)%n", unbounded.getQueue().size());
            long baseline = liveHeap() - retained;
            unbounded.purge();
            row("unbounded queue, then purge()", "ThreadPoolExecutor", liveHeap() - baseline, STORM);
            release.countDown();
        }
    }

    /** What a measured storm left above its baseline, and how many of its submissions were refused. */
    private record Storm(long bytes, int refused) { }

    /**
     * Runs the storm once unmeasured, then measured, behind a worker kept busy by the caller. A refused
     * submission (a pool whose cancelled jobs kept their slots) is counted, not fatal.
     */
    private static Storm storm(ExecutorService pool) {
        submitAndCancel(pool, STORM / 10); // unmeasured: load and compile
        if (pool instanceof ThreadPoolExecutor executor) {
            executor.purge(); // else the baseline would hold the unmeasured storm's jobs
        }
        long baseline = liveHeap();
        int refused = submitAndCancel(pool, STORM);
        return new Storm(liveHeap() - baseline, refused);
    }

    private static int submitAndCancel(ExecutorService pool, int jobs) {
        int refused = 0;
        for (int i = 0; i < jobs; i++) {
            try {
                pool.submit(NO_OP).cancel(false);
            } catch (RejectedExecutionException e) {
                refused++;
            }
        }
        return refused;
    }

    /** Occupies one of the pool's workers until the returned latch is counted down. */
    private static CountDownLatch busy(ExecutorService pool) throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        pool.submit(() -> {
            started.countDown();
            release.await();
            return null;
        });
        started.await();
        return release;
    }

    // ---------------------------------------------------------------- TTL eviction

    private static void ttlEviction() throws Exception {
        System.out.printf("  TTL eviction: %,d results retained for %d s, 2 workers%n", TTL_JOBS, TTL.toSeconds());
        Integer shared = 42;
        ttl("shared value", () -> shared);
        ttl("1 KiB values", () -> new byte[VALUE_BYTES]);
    }

    private static void ttl(String values, Supplier<Object> value) throws Exception {
        try (ThreadPool pool = ThreadPool.builder().name("bench").workers(2).queueCapacity(IN_FLIGHT)
            .maxRetainedResults(TTL_JOBS).resultTimeToLive(TTL).build()) {
            runJobs(pool, TTL_JOBS / 10, value); // unmeasured: load and compile
            awaitNoneRetained(pool);
            long baseline = liveHeap();
            runJobs(pool, TTL_JOBS, value);
            LockSupport.parkNanos(TTL.toNanos() + 100_000_000L); // the TTL passes, nothing reads
            row(values + ", expired, not yet read", "threadpool", liveHeap() - baseline, TTL_JOBS);
            awaitNoneRetained(pool);
            row(values + ", after retained() returned 0", "threadpool", liveHeap() - baseline, TTL_JOBS);
        }
    }

    private static void awaitNoneRetained(ThreadPool pool) {
        while (pool.results().retained() > 0) {
            LockSupport.parkNanos(100_000_000L);
        }
    }

    // ---------------------------------------------------------------- shared

    /** A pool of {@code workers} that retains no results, so whatever stays live is kept by its structures. */
    private static ThreadPool noRetention(int workers) {
        return ThreadPool.builder().name("bench").workers(workers).queueCapacity(IN_FLIGHT).maxRetainedResults(0).build();
    }

    private static ThreadPoolExecutor executor(int workers) {
        return new ThreadPoolExecutor(workers, workers, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(IN_FLIGHT));
    }

    /**
     * Submits {@code jobs} jobs returning {@code value.get()}, at most {@value #IN_FLIGHT} unfinished at
     * a time, drops their futures and waits until every body has returned.
     */
    private static void runJobs(ExecutorService pool, int jobs, Supplier<Object> value) throws InterruptedException {
        Semaphore room = new Semaphore(IN_FLIGHT);
        for (int i = 0; i < jobs; i++) {
            room.acquire();
            pool.submit(() -> {
                try {
                    return value.get();
                } finally {
                    room.release();
                }
            });
        }
        room.acquire(IN_FLIGHT);
    }

    private static void row(String what, String pool, long bytes, int jobs) {
        System.out.printf(Locale.ROOT, "    %-48s %-20s %10.2f %10.1f%n", what, pool, bytes / 1048576.0,
                (double) bytes / jobs);
    }

    /**
     * The live heap: bytes used after full GCs, repeated until two readings agree within 64 KiB (a
     * collection can free what a finalizer or reference handler released only after the previous one).
     */
    static long liveHeap() {
        long previous = Long.MAX_VALUE;
        for (int i = 0; i < 10; i++) {
            System.gc();
            long used = MEMORY.getHeapMemoryUsage().getUsed();
            if (Math.abs(previous - used) < 64 * 1024) {
                return Math.min(previous, used);
            }
            previous = used;
        }
        return previous;
    }
}
