package io.github.threadpool.benchmarks;

import java.util.Locale;
import java.util.concurrent.Future;

import io.github.threadpool.core.ThreadPool;

/**
 * Heap kept by one retained result: the live heap after 100,000 finished jobs with the result store
 * retaining all of them, minus the same with the store off, per job. The jobs return a shared constant,
 * so the figure is the store's own cost, not the values'.
 */
final class RetainedResultCost {

    private static final int JOBS = 100_000;

    private RetainedResultCost() {
    }

    public static void main(String[] args) throws Exception {
        print();
    }

    static void print() throws Exception {
        long retained = liveHeapAfterJobs(JOBS);
        long off = liveHeapAfterJobs(0);
        System.out.printf(Locale.ROOT, "%nHeap cost of one retained result: %.0f bytes (%d results retained)%n",
                (double) (retained - off) / JOBS, JOBS);
    }

    private static long liveHeapAfterJobs(int maxRetained) throws Exception {
        try (ThreadPool pool = ThreadPool.builder().workers(2).queueCapacity(JOBS).maxRetainedResults(maxRetained).build()) {
            Integer value = 42;
            Future<?> last = null;
            for (int i = 0; i < JOBS; i++) {
                last = pool.submit(() -> value);
            }
            last.get();
            return RetainedMemoryCost.liveHeap();
        }
    }

}
