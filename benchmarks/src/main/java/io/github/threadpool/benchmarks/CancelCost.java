package io.github.threadpool.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

import io.github.threadpool.core.Job;
import io.github.threadpool.core.ThreadPool;

/**
 * What cancelling a queued job costs the canceller: 200,000 jobs queued behind a held worker are cancelled
 * one by one ({@code Job.cancel(false)}: out of the queue in O(1), recorded, counted, published), in a fresh
 * pool per round; the mean of each round after three warm-up rounds is printed. Only this pool: a
 * {@code ThreadPoolExecutor}'s cancel leaves the task in its queue, so the two do different work. A check
 * that the path of jobs finished outside the workers stays cheap, not a JMH benchmark.
 */
final class CancelCost {

    private static final int JOBS = 200_000;

    private CancelCost() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println("Cancel cost: a queued job cancelled by its caller, " + JOBS + " per round");
        for (int round = 0; round < 8; round++) {
            ThreadPool pool = ThreadPool.builder().name("cancel-cost").workers(1).unboundedQueue().build();
            CountDownLatch hold = new CountDownLatch(1);
            pool.submit(() -> {
                hold.await();
                return null;
            });
            List<Job<?>> jobs = new ArrayList<>(JOBS);
            for (int i = 0; i < JOBS; i++) {
                jobs.add(pool.submit(() -> { }));
            }
            long start = System.nanoTime();
            for (Job<?> job : jobs) {
                job.cancel(false);
            }
            long took = System.nanoTime() - start;
            hold.countDown();
            pool.close();
            if (round >= 3) {
                System.out.printf(Locale.ROOT, "round %d: %.1f ns per cancelled job%n", round - 2, took / (double) JOBS);
            }
        }
    }
}
