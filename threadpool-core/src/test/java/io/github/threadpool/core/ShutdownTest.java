package io.github.threadpool.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ShutdownTest {

    private static final Duration LONG = Duration.ofSeconds(Gate.WAIT_SECONDS);

    private ThreadPool pool;
    private final Gate gate = new Gate();

    @AfterEach
    void tearDown() {
        gate.open();
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    private List<Job<String>> submitGated(int count) {
        List<Job<String>> jobs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            jobs.add(pool.submit(gate.job("j" + i)));
        }
        return jobs;
    }

    @Test
    void shutdownLetsQueuedAndRunningJobsFinish() throws Exception {
        pool = ThreadPool.builder().workers(2).build();
        List<Job<String>> jobs = submitGated(5);
        gate.awaitStarted(2);

        pool.shutdown();

        assertThat(pool.isShutdown()).isTrue();
        assertThat(pool.isTerminated()).isFalse();
        assertThat(pool.snapshot().state()).isEqualTo(PoolState.SHUTTING_DOWN);
        assertThat(pool.awaitTermination(10, TimeUnit.MILLISECONDS)).isFalse();
        gate.open();
        assertThat(pool.awaitTermination(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(jobs).allSatisfy(job -> assertThat(job.status()).isEqualTo(JobStatus.SUCCEEDED));
        assertThat(pool.snapshot().state()).isEqualTo(PoolState.TERMINATED);
        assertThat(pool.snapshot().workers().alive()).isZero();
    }

    @Test
    void shutdownNowCancelsQueuedJobsReturnsThemAndInterruptsRunningOnes() throws Exception {
        pool = ThreadPool.builder().workers(2).build();
        List<Job<String>> jobs = submitGated(5);
        gate.awaitStarted(2);

        List<Runnable> neverStarted = pool.shutdownNow();

        assertThat(neverStarted).containsExactly((Runnable) jobs.get(2), (Runnable) jobs.get(3), (Runnable) jobs.get(4));
        assertThat(jobs).allSatisfy(job -> assertThat(job.status()).isEqualTo(JobStatus.CANCELLED));
        assertThat(pool.awaitTermination(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(pool.snapshot().jobs().cancelled()).isEqualTo(5);
        assertThat(pool.shutdownNow()).as("idempotent").isEmpty();
    }

    @Test
    void gracefulShutdownReportsSucceededAndFailedJobsApart() throws Exception {
        pool = ThreadPool.builder().workers(1).build();
        Job<String> blocker = pool.submit(gate.job("blocker"));
        gate.awaitStarted(1);
        pool.submit(() -> {
            throw new IllegalStateException("boom");
        });
        CompletableFuture<ShutdownReport> report = CompletableFuture.supplyAsync(() -> pool.shutdownGracefully(LONG));
        await(() -> pool.isShutdown());

        gate.open();

        ShutdownReport r = report.get(Gate.WAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(blocker.get()).isEqualTo("blocker");
        assertThat(r.pending()).isEqualTo(2);
        assertThat(r.succeeded()).isEqualTo(1);
        assertThat(r.failed()).isEqualTo(1);
        assertThat(r.toString()).contains("1 succeeded and 1 failed during drain");
    }

    @Test
    void gracefulShutdownDrainsEverythingWhenTimeAllows() throws Exception {
        pool = ThreadPool.builder().workers(2).build();
        List<Job<String>> jobs = submitGated(6);
        gate.awaitStarted(2);
        CompletableFuture<ShutdownReport> report = CompletableFuture.supplyAsync(() -> pool.shutdownGracefully(LONG));
        await(() -> pool.isShutdown());

        gate.open();

        ShutdownReport r = report.get(Gate.WAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(r.pending()).isEqualTo(6);
        assertThat(r.succeeded()).isEqualTo(6);
        assertThat(r.cancelledUnstarted()).isZero();
        assertThat(r.interrupted()).isZero();
        assertThat(r.stillRunning()).isZero();
        assertThat(r.drained()).isTrue();
        assertThat(pool.isTerminated()).isTrue();
        assertThat(jobs).allSatisfy(job -> assertThat(job.status()).isEqualTo(JobStatus.SUCCEEDED));
    }

    @Test
    void gracefulShutdownCancelsWhatIsLeftAtTheDeadlineAndAccountsForEveryJob() throws Exception {
        pool = ThreadPool.builder().workers(2).build();
        Job<String> stubborn = pool.submit(gate.stubbornJob());
        Job<String> polite = pool.submit(gate.job("polite"));
        List<Job<String>> queued = submitGated(3);
        gate.awaitStarted(2);

        ShutdownReport report = pool.shutdownGracefully(Duration.ofMillis(100));

        assertThat(report.pending()).isEqualTo(5);
        assertThat(report.succeeded()).isZero();
        assertThat(report.cancelledUnstarted()).isEqualTo(3);
        assertThat(report.interrupted()).isEqualTo(2);
        assertThat(report.stillRunning()).isZero();
        assertThat(report.drained()).isFalse();
        assertThat(report.elapsed()).isGreaterThanOrEqualTo(Duration.ofMillis(100));
        assertThat(report.toString()).isEqualTo("5 pending job(s): 0 succeeded and 0 failed during drain, 3 cancelled unstarted, "
                + "2 interrupted, 0 still running; took " + report.elapsed().toMillis() + " ms");
        assertThat(queued).allSatisfy(job -> assertThat(job.status()).isEqualTo(JobStatus.CANCELLED));
        assertThat(polite.status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(stubborn.status()).isEqualTo(JobStatus.CANCELLED);
        // The stubborn job ignores its interrupt, so its worker lingers until it returns.
        assertThat(pool.isTerminated()).isFalse();
        gate.open();
        assertThat(pool.awaitTermination(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        PoolSnapshot.JobCounts counts = pool.snapshot().jobs();
        assertThat(counts.submitted()).isEqualTo(counts.succeeded() + counts.failed() + counts.cancelled());
    }

    @Test
    void gracefulShutdownIsIdempotentAndConcurrentCallersShareOneReport() throws Exception {
        pool = ThreadPool.builder().workers(1).build();
        submitGated(2);
        gate.awaitStarted(1);
        CyclicBarrier together = new CyclicBarrier(3);
        List<CompletableFuture<ShutdownReport>> callers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            callers.add(CompletableFuture.supplyAsync(() -> {
                try {
                    together.await();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                return pool.shutdownGracefully(LONG);
            }));
        }
        await(() -> pool.isShutdown());
        gate.open();
        ShutdownReport first = callers.get(0).get(Gate.WAIT_SECONDS, TimeUnit.SECONDS);
        for (CompletableFuture<ShutdownReport> caller : callers) {
            assertThat(caller.get(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).isSameAs(first);
        }
        assertThat(pool.shutdownGracefully(Duration.ZERO)).isSameAs(first);
        assertThat(first.succeeded()).isEqualTo(2);
        pool.shutdown();
        pool.close();
        assertThat(pool.isTerminated()).isTrue();
    }

    @Test
    void gracefulShutdownFromInsideAJobWaitsForTheOthersButNotForItself() throws Exception {
        pool = ThreadPool.builder().workers(2).build();
        Job<String> other = pool.submit(gate.job("other"));
        gate.awaitStarted(1);
        Job<ShutdownReport> self = pool.submit(() -> pool.shutdownGracefully(LONG));
        await(() -> pool.isShutdown());
        assertThat(self.isDone()).as("still draining the other job").isFalse();

        gate.open();

        ShutdownReport report = self.get(Gate.WAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(report.pending()).isEqualTo(2);
        assertThat(report.succeeded()).isEqualTo(1);
        assertThat(report.stillRunning()).isEqualTo(1);
        assertThat(other.get()).isEqualTo("other");
        assertThat(pool.awaitTermination(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void closeAndShutdownNowFromInsideAJobDoNotDeadlock() throws Exception {
        pool = ThreadPool.builder().workers(1).closeTimeout(LONG).build();
        Job<Boolean> closer = pool.submit(() -> {
            pool.close();
            pool.shutdownNow();
            pool.shutdown();
            return pool.awaitTermination(1, TimeUnit.MINUTES);
        });
        assertThat(closer.get(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).as("awaitTermination from inside").isFalse();
        assertThat(closer.status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(pool.awaitTermination(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void twoJobsShuttingDownAtOnceBothReturn() throws Exception {
        pool = ThreadPool.builder().workers(2).build();
        CyclicBarrier together = new CyclicBarrier(2);
        List<Job<ShutdownReport>> jobs = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            jobs.add(pool.submit(() -> {
                together.await();
                return pool.shutdownGracefully(LONG);
            }));
        }
        ShutdownReport first = jobs.get(0).get(Gate.WAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(jobs.get(1).get(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).isSameAs(first);
        assertThat(first.stillRunning()).isEqualTo(2);
        assertThat(first.interrupted()).isZero();
        assertThat(pool.awaitTermination(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void closeShutsDownGracefully() throws Exception {
        List<Job<String>> jobs;
        try (ThreadPool closing = ThreadPool.builder().workers(1).closeTimeout(LONG).build()) {
            pool = closing;
            jobs = submitGated(3);
            gate.awaitStarted(1);
            gate.open();
        }
        assertThat(pool.isTerminated()).isTrue();
        assertThat(jobs).allSatisfy(job -> assertThat(job.status()).isEqualTo(JobStatus.SUCCEEDED));
    }

    @Test
    void aNullTimeoutIsRefusedAndChangesNothing() {
        pool = ThreadPool.builder().workers(1).build();
        assertThatIllegalArgumentException().isThrownBy(() -> pool.shutdownGracefully(null))
                .withMessage("timeout must not be null");
        assertThat(pool.isShutdown()).isFalse();
    }

    @Test
    void anInterruptedCallerStopsDrainingAndStillGetsAFullReport() throws Exception {
        pool = ThreadPool.builder().workers(1).build();
        submitGated(2);
        gate.awaitStarted(1);
        CompletableFuture<ShutdownReport> report = CompletableFuture.supplyAsync(() -> {
            Thread.currentThread().interrupt();
            return pool.shutdownGracefully(LONG);
        });
        ShutdownReport r = report.get(Gate.WAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(r.pending()).isEqualTo(2);
        assertThat(r.interrupted() + r.cancelledUnstarted() + r.succeeded() + r.failed()).isEqualTo(2);
    }

    @Test
    void aGracefulReportCountsAJobWhoseListenerStillRunsWithoutWaitingForIt() throws Exception {
        CountDownLatch listening = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        pool = ThreadPool.builder().name("listening").workers(1).completionListener(result -> {
            listening.countDown();
            try {
                release.await(); // the job stays COMPLETING: its outcome is decided, not yet published
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }).build();
        try {
            Job<String> job = pool.submit(gate.job("value"));
            gate.awaitStarted(1);
            AtomicReference<ShutdownReport> report = new AtomicReference<>();
            Thread drainer = new Thread(() -> report.set(pool.shutdownGracefully(Duration.ofDays(1))), "drainer");
            drainer.start();
            // Past its list of pending jobs (the job RUNNING in it), waiting for the worker to exit.
            await(() -> drainer.getState() == Thread.State.TIMED_WAITING);
            gate.open();
            assertThat(listening.await(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
            drainer.interrupt(); // stop draining: count what there is now

            drainer.join(TimeUnit.SECONDS.toMillis(Gate.WAIT_SECONDS));
            assertThat(drainer.isAlive()).as("the drainer waits for no listener").isFalse();
            assertThat(report.get().pending()).isEqualTo(1);
            assertThat(report.get().succeeded()).isEqualTo(1);
            assertThat(job.status()).as("its outcome is decided").isEqualTo(JobStatus.SUCCEEDED);
            assertThat(job.isDone()).as("not yet published: get() would still wait").isFalse();
        } finally {
            release.countDown();
        }
    }

    private static void await(java.util.concurrent.Callable<Boolean> condition) {
        org.awaitility.Awaitility.await().atMost(Gate.WAIT_SECONDS, TimeUnit.SECONDS).until(condition);
    }
}
