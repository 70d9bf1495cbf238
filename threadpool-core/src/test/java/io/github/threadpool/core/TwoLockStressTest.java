package io.github.threadpool.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/**
 * The two ends of the two-lock queue at once: BLOCK producers on the put side, workers on the take
 * side, a canceller tombstoning queued jobs between them (both locks), {@code findJob} readers on the
 * lock-free live index while it is added to and removed from concurrently, snapshot readers (both
 * locks), and a resizer changing the capacity (put side) and the workers (take side) — on a queue
 * small enough that producers block and wake on nearly every job. Checked throughout: every job whose
 * id is known is found by {@code findJob} (nothing is evicted); every snapshot's counts are sane
 * (nothing negative, busy workers among the alive, the counts adding up, none going back). Checked
 * at the end: every BLOCK submission was accepted (no submitter left waiting: a lost wake-up on
 * {@code notFull} fails the bounded wait below instead of hanging), ids are dense, and every job has
 * one terminal status, counted once.
 */
class TwoLockStressTest {

    private static final int PRODUCERS = 3;
    private static final int JOBS_PER_PRODUCER = 4_000;
    private static final int TOTAL = PRODUCERS * JOBS_PER_PRODUCER;

    /** A queue of 1 to 8: producers block and are woken on nearly every job. */
    @RepeatedTest(2)
    void bothEndsAtOnceLoseNoWakeUpNoJobAndNoCount() throws Exception {
        run(new int[] {1, 2, 4, 1, 8});
    }

    /**
     * A queue of up to 4096 in the first half: the ring grows while workers take from it (a submitter
     * takes the take lock to rebuild it), and the canceller's tombstones near the tail make it compact
     * (both locks) while submitters and workers run; then the second half on a queue of 1 as above.
     */
    @Test
    void aGrowingAndCompactingRingLosesNoJobAndNoCount() throws Exception {
        run(new int[] {64, 4096, 16, 512, 1});
    }

    private void run(int[] capacities) throws Exception {
        // Workers take nothing until the canceller has cancelled a job: queued jobs then stay queued
        // for it, so the tombstoning path runs in every run, however the threads are scheduled.
        CountDownLatch firstCancel = new CountDownLatch(1);
        ThreadPool pool = ThreadPool.builder().name("two-lock-stress").workers(2).queueCapacity(2)
                .rejectionPolicy(RejectionPolicy.BLOCK).blockTimeout(Duration.ofSeconds(Long.MAX_VALUE))
                .maxRetainedResults(TOTAL).resultTimeToLive(Duration.ofDays(1)).beforeTake(worker -> {
                    try {
                        firstCancel.await(Gate.WAIT_SECONDS, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }).build();
        AtomicReferenceArray<Job<Integer>> byId = new AtomicReferenceArray<>(TOTAL + 1);
        ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
        AtomicBoolean producing = new AtomicBoolean(true);
        AtomicBoolean cancelling = new AtomicBoolean(true);
        AtomicInteger acceptedCount = new AtomicInteger();
        CyclicBarrier start = new CyclicBarrier(PRODUCERS + 4);
        CountDownLatch producersDone = new CountDownLatch(PRODUCERS);
        CountDownLatch othersDone = new CountDownLatch(3);
        List<Thread> threads = new ArrayList<>();

        for (int p = 0; p < PRODUCERS; p++) {
            threads.add(new Thread(() -> {
                try {
                    start.await();
                    for (int i = 0; i < JOBS_PER_PRODUCER; i++) {
                        boolean fails = i % 7 == 0;
                        Job<Integer> job = pool.submit(() -> {
                            if (fails) {
                                throw new IllegalStateException("planned failure");
                            }
                            return 1;
                        });
                        byId.set((int) job.id(), job); // ids are 1..TOTAL: every BLOCK submission is accepted
                        acceptedCount.incrementAndGet();
                    }
                } catch (Exception e) {
                    violations.add("producer: " + e);
                } finally {
                    producersDone.countDown();
                }
            }, "producer-" + p));
        }
        threads.add(new Thread(() -> { // canceller: races the workers' takes for queued jobs
            try {
                start.await();
                ThreadLocalRandom random = ThreadLocalRandom.current();
                while (cancelling.get()) {
                    // Near the newest accepted job: the queued ones, mostly.
                    Job<Integer> job = byId.get(Math.max(1, Math.min(TOTAL, acceptedCount.get() - random.nextInt(6) + 2)));
                    if (job != null && job.cancel(random.nextBoolean())) {
                        firstCancel.countDown();
                    }
                }
            } catch (Exception e) {
                violations.add("canceller: " + e);
            } finally {
                othersDone.countDown();
            }
        }, "canceller"));
        threads.add(new Thread(() -> { // findJob reader: a known id is always found, live or recorded
            try {
                start.await();
                ThreadLocalRandom random = ThreadLocalRandom.current();
                while (producing.get()) {
                    int id = 1 + random.nextInt(TOTAL);
                    if (byId.get(id) != null) {
                        Optional<JobResult> found = pool.findJob(id);
                        if (found.isEmpty() || found.get().id() != id) {
                            violations.add("findJob(" + id + ") = " + found);
                        }
                    }
                }
            } catch (Exception e) {
                violations.add("reader: " + e);
            } finally {
                othersDone.countDown();
            }
        }, "finder"));
        threads.add(new Thread(() -> { // snapshot reader
            try {
                start.await();
                long lastFinished = 0;
                long lastSubmitted = 0;
                while (producing.get()) {
                    PoolSnapshot snapshot = pool.snapshot();
                    PoolSnapshot.JobCounts counts = snapshot.jobs();
                    long finished = counts.succeeded() + counts.failed() + counts.cancelled();
                    if (counts.queued() < 0 || counts.running() < 0
                            || snapshot.workers().busy() > snapshot.workers().alive()
                            || counts.submitted() != counts.queued() + counts.running() + finished
                            || finished < lastFinished || counts.submitted() < lastSubmitted
                            || counts.submitted() > TOTAL) {
                        violations.add("snapshot " + snapshot);
                    }
                    lastFinished = finished;
                    lastSubmitted = counts.submitted();
                }
            } catch (Exception e) {
                violations.add("snapshot reader: " + e);
            } finally {
                othersDone.countDown();
            }
        }, "snapshotter"));
        threads.forEach(Thread::start);

        start.await();
        // First half: the resizer and the canceller too. Their signals (a capacity change wakes every
        // blocked submitter, a retirement every idle worker) would hide a lost wake-up, so in the
        // second half only submitters and workers wake each other, and the producers must still finish.
        int[] workers = {1, 2, 3};
        for (int i = 0; acceptedCount.get() < TOTAL / 2 && !producersDone.await(1, TimeUnit.MILLISECONDS); i++) {
            pool.setQueueCapacity(capacities[i % capacities.length]);
            pool.setWorkers(workers[i % workers.length]);
        }
        cancelling.set(false);
        pool.setQueueCapacity(1);
        pool.setWorkers(2);
        assertThat(producersDone.await(30, TimeUnit.SECONDS))
                .as("producers stuck at %d of %d accepted (a lost wake-up?); violations %s",
                        acceptedCount.get(), TOTAL, violations)
                .isTrue();
        producing.set(false);
        assertThat(othersDone.await(1, TimeUnit.MINUTES)).isTrue();
        ShutdownReport report = pool.shutdownGracefully(Duration.ofMinutes(1));

        assertThat(violations).isEmpty();
        assertThat(report.drained()).isTrue();
        assertThat(pool.awaitTermination(1, TimeUnit.MINUTES)).isTrue();
        long succeeded = 0;
        long failed = 0;
        long cancelled = 0;
        for (int id = 1; id <= TOTAL; id++) {
            Job<Integer> job = byId.get(id);
            assertThat(job).as("id %d", id).isNotNull();
            switch (job.status()) {
                case SUCCEEDED -> succeeded++;
                case FAILED -> failed++;
                case CANCELLED -> cancelled++;
                default -> throw new AssertionError(job + " has no terminal status");
            }
            assertThat(pool.findJob(id)).as("id %d", id).isPresent();
        }
        PoolSnapshot.JobCounts counts = pool.snapshot().jobs();
        assertThat(counts.submitted()).isEqualTo(TOTAL);
        assertThat(counts.succeeded()).isEqualTo(succeeded);
        assertThat(counts.failed()).isEqualTo(failed);
        assertThat(counts.cancelled()).isEqualTo(cancelled);
        assertThat(counts.queued()).isZero();
        assertThat(counts.running()).isZero();
        assertThat(cancelled).as("the canceller raced the workers").isPositive();
    }
}
