package io.github.threadpool.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Workers that park the moment the queue is empty, so that parking (a push on the idle stack) and
 * waking (a pop) race all the time: no worker may fall off the stack, or it would sleep through every
 * later job and through shutdown.
 */
class IdleWorkerTest {

    private static final int ROUNDS = 3_000;
    private static final int WORKERS = 4;

    @Test
    void parkingAndWakingWorkersNeverLoseOne() throws Exception {
        ThreadPool pool = ThreadPool.builder().name("idle").workers(WORKERS).build();
        try {
            for (int round = 0; round < ROUNDS; round++) {
                int jobs = 1 + round % WORKERS;
                CountDownLatch done = new CountDownLatch(jobs);
                for (int i = 0; i < jobs; i++) {
                    pool.execute(done::countDown);
                }
                assertThat(done.await(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).as("round %d ran", round).isTrue();
            }
            // Every worker must still be reachable: as many jobs as workers, each holding its worker
            // until all have started, need every one of them awake.
            CountDownLatch allStarted = new CountDownLatch(WORKERS);
            CountDownLatch release = new CountDownLatch(1);
            for (int i = 0; i < WORKERS; i++) {
                pool.execute(() -> {
                    allStarted.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
            }
            assertThat(allStarted.await(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).as("all %d workers woke", WORKERS).isTrue();
            release.countDown();
            ShutdownReport report = pool.shutdownGracefully(Duration.ofSeconds(Gate.WAIT_SECONDS));
            assertThat(report.drained()).isTrue();
            assertThat(pool.awaitTermination(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).as("every worker exited").isTrue();
        } finally {
            pool.shutdownNow();
        }
    }
}
