package io.github.threadpool.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

import io.github.threadpool.core.JobListener;
import io.github.threadpool.core.ThreadPool;

/**
 * What a job listener costs in allocation: bytes allocated per job by every thread of the JVM while
 * one producer runs 1,000,000 no-op jobs through 2 workers, with a listener whose three callbacks do
 * nothing and without one, no result retained. The difference is what the pool allocates to call a
 * listener: nothing, beyond noise.
 *
 * <pre>
 * java -Xms1g -Xmx1g -cp benchmarks/target/benchmarks.jar io.github.threadpool.benchmarks.ListenerCost
 * </pre>
 */
final class ListenerCost {

    private static final int JOBS = 1_000_000;

    private static final int ROUNDS = 5;

    private ListenerCost() {
    }

    public static void main(String[] args) throws Exception {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        double without = bytesPerJob(threads, null);
        double with = bytesPerJob(threads, new JobListener() { });
        System.out.printf(Locale.ROOT, "%nAllocation per job, all threads (median of the last %d rounds of %,d jobs):%n"
                + "    without a listener   %6.1f B%n    with a no-op listener %6.1f B (+%.1f)%n", ROUNDS - 2, JOBS,
                without, with, with - without);
    }

    private static double bytesPerJob(com.sun.management.ThreadMXBean threads, JobListener listener) throws Exception {
        ThreadPool.Builder builder = ThreadPool.builder().name("listener-cost").workers(2).queueCapacity(JOBS)
                .maxRetainedResults(0);
        if (listener != null) {
            builder.jobListener(listener);
        }
        double[] rounds = new double[ROUNDS - 2];
        try (ThreadPool pool = builder.build()) {
            for (int round = 0; round < ROUNDS; round++) {
                CountDownLatch done = new CountDownLatch(JOBS);
                long before = allocated(threads);
                for (int i = 0; i < JOBS; i++) {
                    pool.execute(done::countDown);
                }
                done.await();
                long after = allocated(threads);
                if (round >= 2) { // the first rounds compile the paths
                    rounds[round - 2] = (double) (after - before) / JOBS;
                }
            }
        }
        java.util.Arrays.sort(rounds);
        return rounds[rounds.length / 2];
    }

    private static long allocated(com.sun.management.ThreadMXBean threads) {
        long sum = 0;
        for (long bytes : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) {
            sum += Math.max(0, bytes);
        }
        return sum;
    }
}
