package io.github.threadpool.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Submitters ({@code CALLER_RUNS} on a queue of two), callers of {@code run()} and a {@code shutdown}
 * or {@code shutdownNow} race while the test watches {@code isTerminated()}: once it says true, no job's
 * body is running, every accepted job is done and {@code awaitTermination} returns. 300 pools, each
 * with the shutdown at a random moment.
 */
class TerminationStressTest {

    @Test
    void terminatedMeansNoBodyRunsAndEveryAcceptedJobIsDone() throws Exception {
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        for (int round = 0; round < 300 && failures.isEmpty(); round++) {
            AtomicInteger bodies = new AtomicInteger();
            ConcurrentLinkedQueue<Job<?>> accepted = new ConcurrentLinkedQueue<>();
            ThreadPool pool = ThreadPool.builder().workers(2).queueCapacity(2)
                    .rejectionPolicy(RejectionPolicy.CALLER_RUNS).maxRetainedResults(8).build();
            AtomicBoolean stop = new AtomicBoolean();
            CountDownLatch go = new CountDownLatch(1);
            Runnable body = () -> {
                bodies.incrementAndGet();
                try {
                    int spins = ThreadLocalRandom.current().nextInt(2000);
                    long x = 0;
                    for (int i = 0; i < spins; i++) {
                        x += i;
                    }
                    if (x == 42) {
                        Thread.onSpinWait();
                    }
                } finally {
                    bodies.decrementAndGet();
                }
            };
            Thread[] submitters = new Thread[2];
            for (int s = 0; s < submitters.length; s++) {
                submitters[s] = new Thread(() -> {
                    awaitQuietly(go);
                    while (!stop.get()) {
                        try {
                            Job<?> job = pool.submit(body);
                            accepted.add(job);
                            if (ThreadLocalRandom.current().nextInt(4) == 0) {
                                pool.findJob(job.id()).ifPresent(j -> ((Runnable) j).run());
                            }
                        } catch (JobRejectedException refused) {
                            return;
                        }
                    }
                });
                submitters[s].start();
            }
            boolean now = ThreadLocalRandom.current().nextBoolean();
            Thread shutter = new Thread(() -> {
                awaitQuietly(go);
                for (int i = ThreadLocalRandom.current().nextInt(3000); i > 0; i--) {
                    Thread.onSpinWait();
                }
                if (now) {
                    pool.shutdownNow();
                } else {
                    pool.shutdown();
                }
            });
            shutter.start();
            go.countDown();
            while (!pool.isTerminated()) {
                Thread.onSpinWait();
            }
            int running = bodies.get();
            if (running != 0) {
                failures.add("round " + round + ": terminated with " + running + " bodies running");
            }
            for (Job<?> job : List.copyOf(accepted)) {
                if (!job.isDone()) {
                    failures.add("round " + round + ": terminated with job " + job.id() + " not done");
                }
            }
            if (!pool.awaitTermination(10, TimeUnit.SECONDS)) {
                failures.add("round " + round + ": awaitTermination timed out");
            }
            stop.set(true);
            for (Thread t : submitters) {
                t.join();
            }
            shutter.join();
        }
        assertThat(failures).isEmpty();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
