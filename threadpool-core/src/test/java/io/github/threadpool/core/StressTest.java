package io.github.threadpool.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.RepeatedTest;

/**
 * Several producers submit many jobs — some fail, some are cancelled, some hit a full queue — while the
 * pool is resized, then the pool shuts down gracefully. Afterwards every accepted job has exactly one
 * terminal status and every count adds up.
 */
class StressTest {

    private static final int PRODUCERS = 4;
    private static final int JOBS_PER_PRODUCER = 20_000;

    @RepeatedTest(3)
    void everyAcceptedJobEndsExactlyOnceAndTheCountsAddUp() throws Exception {
        ThreadPool pool = ThreadPool.builder().name("stress").workers(3).queueCapacity(2_000)
                .maxRetainedResults(500).build();
        ConcurrentLinkedQueue<Job<Long>> accepted = new ConcurrentLinkedQueue<>();
        AtomicLong refused = new AtomicLong();
        CountDownLatch start = new CountDownLatch(1);
        CountDownLatch producersDone = new CountDownLatch(PRODUCERS);
        for (int p = 0; p < PRODUCERS; p++) {
            Thread producer = new Thread(() -> {
                try {
                    start.await();
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    for (int i = 0; i < JOBS_PER_PRODUCER; i++) {
                        int kind = random.nextInt(10);
                        try {
                            Job<Long> job = pool.submit(() -> {
                                if (kind == 0) {
                                    throw new IllegalStateException("planned failure");
                                }
                                return Thread.currentThread().getId();
                            });
                            accepted.add(job);
                            if (kind == 1) {
                                job.cancel(random.nextBoolean());
                            }
                        } catch (RejectedExecutionException full) {
                            refused.incrementAndGet();
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    producersDone.countDown();
                }
            }, "producer-" + p);
            producer.start();
        }
        start.countDown();
        int[] sizes = {1, 5, 2, 4, 3};
        for (int i = 0; producersDone.getCount() > 0; i++) {
            pool.setWorkers(sizes[i % sizes.length]);
            pool.setQueueCapacity(1_000 + 500 * (i % 3));
            producersDone.await(5, TimeUnit.MILLISECONDS);
        }

        ShutdownReport report = pool.shutdownGracefully(Duration.ofMinutes(1));

        assertThat(report.drained()).isTrue();
        assertThat(pool.awaitTermination(1, TimeUnit.MINUTES)).isTrue();
        long succeeded = 0;
        long failed = 0;
        long cancelled = 0;
        for (Job<Long> job : accepted) {
            switch (job.status()) {
                case SUCCEEDED -> succeeded++;
                case FAILED -> failed++;
                case CANCELLED -> cancelled++;
                default -> throw new AssertionError(job + " has no terminal status");
            }
        }
        PoolSnapshot.JobCounts counts = pool.snapshot().jobs();
        assertThat(counts.submitted()).isEqualTo(accepted.size());
        assertThat(counts.submitted() + refused.get()).isEqualTo((long) PRODUCERS * JOBS_PER_PRODUCER);
        assertThat(counts.rejected()).isEqualTo(refused.get());
        assertThat(counts.succeeded()).isEqualTo(succeeded);
        assertThat(counts.failed()).isEqualTo(failed);
        assertThat(counts.cancelled()).isEqualTo(cancelled);
        assertThat(counts.submitted()).isEqualTo(counts.succeeded() + counts.failed() + counts.cancelled());
        assertThat(counts.queued()).isZero();
        assertThat(counts.running()).isZero();
        List<Long> ids = accepted.stream().map(Job::id).sorted().toList();
        assertThat(ids).doesNotHaveDuplicates().first().isEqualTo(1L);
        assertThat(ids.get(ids.size() - 1)).isEqualTo(accepted.size());
        assertThat(pool.snapshot().results().retained() + pool.snapshot().results().evicted())
                .isEqualTo(accepted.size());
    }
}
