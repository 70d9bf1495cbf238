package io.github.threadpool.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SnapshotTest {

    private ThreadPool pool;
    private final Gate gate = new Gate();

    @AfterEach
    void tearDown() {
        gate.open();
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    /**
     * A job cancelled while it runs is finished at once (counted cancelled, no longer running), but
     * its worker stays busy until the job's code returns: a job that ignores the interrupt occupies a
     * worker that cannot take another job, and the snapshot says so.
     */
    @Test
    void aWorkerStaysBusyWithACancelledJobUntilItsCodeReturns() throws Exception {
        pool = ThreadPool.builder().name("stubborn").workers(1).build();
        Job<String> stubborn = pool.submit(gate.stubbornJob());
        gate.awaitStarted(1);
        assertThat(stubborn.cancel(true)).isTrue();

        PoolSnapshot s = pool.snapshot();
        assertThat(s.jobs().running()).isZero();
        assertThat(s.jobs().cancelled()).isEqualTo(1);
        assertThat(s.workers().busy()).isEqualTo(1);
        assertThat(s.workers().busyWorkers()).singleElement()
                .satisfies(busy -> assertThat(busy.jobId()).isEqualTo(stubborn.id()));

        gate.open();
        org.awaitility.Awaitility.await().atMost(Gate.WAIT_SECONDS, TimeUnit.SECONDS)
                .until(() -> pool.snapshot().workers().busy() == 0);
        assertThat(pool.snapshot().workers().idle()).isEqualTo(1);
    }

    @Test
    void describesWorkersQueueCountsAndResults() throws Exception {
        pool = ThreadPool.builder().name("snap").workers(2).queueCapacity(10).maxRetainedResults(5).build();
        pool.submit(() -> "ok").get(Gate.WAIT_SECONDS, TimeUnit.SECONDS);
        Job<Object> failing = pool.submit(() -> {
            throw new IllegalStateException();
        });
        org.awaitility.Awaitility.await().atMost(Gate.WAIT_SECONDS, TimeUnit.SECONDS).until(failing::isDone);
        Job<String> busy = pool.submit(gate.job("busy"));
        gate.awaitStarted(1);
        pool.submit(gate.job("busy too"));
        gate.awaitStarted(1);
        pool.submit(() -> "queued 1");
        pool.submit(() -> "queued 2").cancel(false);
        pool.submit(() -> "queued 3");

        PoolSnapshot s = pool.snapshot();

        assertThat(s.name()).isEqualTo("snap");
        assertThat(s.state()).isEqualTo(PoolState.RUNNING);
        assertThat(s.workers().configured()).isEqualTo(2);
        assertThat(s.workers().alive()).isEqualTo(2);
        assertThat(s.workers().busy()).isEqualTo(2);
        assertThat(s.workers().idle()).isZero();
        assertThat(s.workers().busyWorkers()).extracting(PoolSnapshot.BusyWorker::jobId)
                .containsExactly(busy.id(), busy.id() + 1);
        assertThat(s.workers().busyWorkers()).allSatisfy(w -> {
            assertThat(w.worker()).startsWith("snap-worker-");
            assertThat(w.runningFor()).isPositive();
        });
        assertThat(s.queue().depth()).isEqualTo(2);
        assertThat(s.queue().capacity()).isEqualTo(10);
        assertThat(s.queue().remaining()).isEqualTo(8);
        assertThat(s.queue().oldestWait()).isGreaterThanOrEqualTo(Duration.ZERO);
        assertThat(s.jobs()).isEqualTo(new PoolSnapshot.JobCounts(7, 2, 2, 1, 1, 1, 0));
        assertThat(s.results().retained()).isEqualTo(3);
        assertThat(s.results().maxRetained()).isEqualTo(5);
    }

    @Test
    void anIdlePoolHasNoBusyWorkersAndAnEmptyQueue() {
        pool = ThreadPool.builder().workers(3).build();
        PoolSnapshot s = pool.snapshot();
        assertThat(s.workers().busy()).isZero();
        assertThat(s.workers().idle()).isEqualTo(3);
        assertThat(s.queue().oldestWait()).isZero();
        assertThat(s.workers().busyWorkers()).isEmpty();
    }
}
