package io.github.threadpool.benchmarks;

import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;

/**
 * Where the CPU goes in the headline case (one producer, two workers, no-op jobs through
 * {@code submit}, batches of 10,000): wall time per job, and CPU time per job of the producer and of
 * the pool's threads, read from the JVM's per-thread CPU clocks. On two cores a pool whose threads
 * need more than the second core steals it from the producer, so the two columns together explain the
 * throughput. Runs vary with how the scheduler places the three threads (see docs/benchmarks.md), so
 * read it beside the multi-fork headline, not alone. Printed with the suite.
 */
final class CpuPerJob {

    private static final int BATCH = ThroughputBenchmark.BATCH;
    private static final int WARMUP_BATCHES = 300;
    private static final int MEASURED_BATCHES = 500;

    private CpuPerJob() {
    }

    public static void main(String[] args) throws Exception {
        print();
    }

    static void print() throws Exception {
        System.out.println("\nCPU per job, 1 producer, 2 workers, no-op jobs via submit (ns; one run per pool, in this JVM)");
        System.out.printf(Locale.ROOT, "%-24s %12s %14s %16s%n", "pool", "wall/job", "producer/job", "pool threads/job");
        Callable<Integer> task = () -> 42;
        Future<?>[] futures = new Future<?>[BATCH];
        for (Pools pool : Pools.values()) {
            Set<Long> before = ThreadCpu.liveThreads();
            try (Pools.Target target = pool.create(2, 4 * BATCH)) {
                runBatches(target, task, futures, WARMUP_BATCHES);
                Set<Long> poolThreads = ThreadCpu.startedSince(before);
                long poolCpu = ThreadCpu.cpuNanos(poolThreads);
                long producerCpu = ThreadCpu.currentThreadCpuNanos();
                long wall = System.nanoTime();
                runBatches(target, task, futures, MEASURED_BATCHES);
                double jobs = (double) MEASURED_BATCHES * BATCH;
                System.out.printf(Locale.ROOT, "%-24s %12.0f %14.0f %16.0f%n", pool.name(),
                        (System.nanoTime() - wall) / jobs, (ThreadCpu.currentThreadCpuNanos() - producerCpu) / jobs,
                        (ThreadCpu.cpuNanos(poolThreads) - poolCpu) / jobs);
            }
        }
    }

    private static void runBatches(Pools.Target target, Callable<Integer> task, Future<?>[] futures, int batches)
            throws Exception {
        for (int b = 0; b < batches; b++) {
            ThroughputBenchmark.submitBatch(target, task, futures);
        }
    }

}
