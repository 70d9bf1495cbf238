package io.github.threadpool.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class QueueTest {

    private ThreadPool pool;
    private final Gate gate = new Gate();

    @AfterEach
    void tearDown() {
        gate.open();
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    /** A pool of one worker, busy with a gated job, and {@code queued} jobs waiting behind it. */
    private void fullPool(RejectionPolicy policy, int capacity, Duration blockTimeout) throws InterruptedException {
        pool = ThreadPool.builder().name("q").workers(1).queueCapacity(capacity).rejectionPolicy(policy)
                .blockTimeout(blockTimeout).build();
        pool.submit(gate.job("busy"));
        gate.awaitStarted(1);
        for (int i = 0; i < capacity; i++) {
            pool.submit(gate.job("queued"));
        }
    }

    @Test
    void runsJobsInFifoOrder() throws Exception {
        pool = ThreadPool.builder().workers(1).build();
        pool.submit(gate.job("first"));
        gate.awaitStarted(1);
        List<Integer> order = new CopyOnWriteArrayList<>();
        List<Job<?>> jobs = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            int n = i;
            jobs.add(pool.submit(() -> order.add(n)));
        }
        gate.open();
        for (Job<?> job : jobs) {
            job.get(Gate.WAIT_SECONDS, TimeUnit.SECONDS);
        }
        assertThat(order).isSorted().hasSize(50);
    }

    @Test
    void abortRejectsNamingPoolCapacityAndDepthAndCountsIt() throws Exception {
        fullPool(RejectionPolicy.ABORT, 2, Duration.ZERO);
        assertThatThrownBy(() -> pool.submit(() -> "too many"))
                .isInstanceOf(RejectedExecutionException.class)
                .hasMessage("Pool 'q' rejected a job: its queue is full (capacity 2, depth 2)");
        PoolSnapshot snapshot = pool.snapshot();
        assertThat(snapshot.jobs().rejected()).isEqualTo(1);
        assertThat(snapshot.jobs().submitted()).isEqualTo(3); // the refused one got no id
    }

    @Test
    void callerRunsRunsTheJobInTheSubmitterWithAnIdAndResult() throws Exception {
        fullPool(RejectionPolicy.CALLER_RUNS, 1, Duration.ZERO);
        Job<String> job = pool.submit(() -> Thread.currentThread().getName());
        assertThat(job.isDone()).isTrue();
        assertThat(job.get()).isEqualTo(Thread.currentThread().getName());
        assertThat(job.id()).isEqualTo(3);
        assertThat(pool.results().get(3)).hasValueSatisfying(r -> {
            assertThat(r.status()).isEqualTo(JobStatus.SUCCEEDED);
            assertThat(r.workerName()).isEqualTo(Thread.currentThread().getName());
        });
        assertThat(pool.snapshot().jobs().rejected()).isZero();
    }

    @Test
    void blockWaitsForRoomThenAccepts() throws Exception {
        fullPool(RejectionPolicy.BLOCK, 1, Duration.ofMinutes(1));
        CompletableFuture<Job<String>> blocked = CompletableFuture.supplyAsync(() -> pool.submit(() -> "got in"));
        Thread.State state = awaitBlockedSubmitter();
        assertThat(state).isEqualTo(Thread.State.TIMED_WAITING);
        assertThat(blocked).isNotDone();
        gate.open();
        assertThat(blocked.get(Gate.WAIT_SECONDS, TimeUnit.SECONDS).get(Gate.WAIT_SECONDS, TimeUnit.SECONDS))
                .isEqualTo("got in");
        assertThat(pool.snapshot().jobs().rejected()).isZero();
    }

    private Thread.State awaitBlockedSubmitter() {
        return await().atMost(Gate.WAIT_SECONDS, TimeUnit.SECONDS).until(() -> Thread.getAllStackTraces().entrySet()
                .stream()
                .filter(e -> java.util.Arrays.stream(e.getValue())
                        .anyMatch(f -> f.getMethodName().startsWith("offer") && f.getClassName().endsWith("JobQueue")))
                .map(e -> e.getKey().getState()).findFirst().orElse(null), s -> s == Thread.State.TIMED_WAITING);
    }

    @Test
    void blockRejectsAfterTheTimeout() throws Exception {
        fullPool(RejectionPolicy.BLOCK, 1, Duration.ofMillis(50));
        assertThatThrownBy(() -> pool.submit(() -> "late"))
                .isInstanceOf(RejectedExecutionException.class)
                .hasMessage("Pool 'q' rejected a job: its queue is full (capacity 1, depth 1) after waiting PT0.05S for room");
        assertThat(pool.snapshot().jobs().rejected()).isEqualTo(1);
    }

    @Test
    void aShutdownReleasesBlockedSubmittersWithARejection() throws Exception {
        fullPool(RejectionPolicy.BLOCK, 1, Duration.ofMinutes(1));
        CompletableFuture<Job<String>> blocked = CompletableFuture.supplyAsync(() -> pool.submit(() -> "never"));
        awaitBlockedSubmitter();
        pool.shutdown();
        assertThat(blocked).failsWithin(Gate.WAIT_SECONDS, TimeUnit.SECONDS).withThrowableThat()
                .havingRootCause().isInstanceOf(RejectedExecutionException.class)
                .withMessage("Pool 'q' is shut down and accepts no more jobs");
    }

    @Test
    void submissionAfterShutdownIsRejectedWhateverThePolicy() {
        for (RejectionPolicy policy : RejectionPolicy.values()) {
            ThreadPool closed = ThreadPool.builder().name("closed").workers(1).rejectionPolicy(policy).build();
            closed.shutdown();
            assertThatThrownBy(() -> closed.submit(() -> "x")).as(policy.name())
                    .isInstanceOf(RejectedExecutionException.class)
                    .hasMessage("Pool 'closed' is shut down and accepts no more jobs");
            assertThat(closed.snapshot().jobs().rejected()).isEqualTo(1);
        }
    }
}
