package io.github.threadpool.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What happens in which order: a pool is not terminated while any accepted job's body runs; a worker
 * finishes one job's listener before it claims the next; a graceful shutdown from a pool's own job
 * never waits for itself, and one that drained returns with the pool terminated.
 */
class LifecycleOrderTest {

    private ThreadPool pool;
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void tearDown() {
        release.countDown();
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    private void awaitRelease() {
        try {
            release.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aPoolIsNotTerminatedWhileACallerRunsJobCancelledByShutdownNowStillRuns() throws Exception {
        // shutdownNow cancelled the CALLER_RUNS job without an interrupt and the pool reported TERMINATED
        // (and close() returned) while that job's body was still running.
        pool = ThreadPool.builder().name("caller-body").workers(1).queueCapacity(1)
                .rejectionPolicy(RejectionPolicy.CALLER_RUNS).build();
        Gate worker = new Gate();
        pool.submit(worker.job("on the worker"));
        worker.awaitStarted(1);
        pool.submit(() -> "queued");
        CountDownLatch callerStarted = new CountDownLatch(1);
        AtomicBoolean bodyEnded = new AtomicBoolean();
        Thread submitter = new Thread(() -> pool.submit(() -> {
            callerStarted.countDown();
            awaitRelease();
            bodyEnded.set(true);
            return "caller";
        }), "submitter");
        submitter.start();
        assertThat(callerStarted.await(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();

        pool.shutdownNow();
        await().atMost(Gate.WAIT_SECONDS, TimeUnit.SECONDS).until(() -> pool.snapshot().workers().alive() == 0);
        CompletableFuture<Boolean> closed = CompletableFuture.supplyAsync(() -> {
            pool.close();
            return bodyEnded.get();
        }, runnable -> new Thread(runnable, "closer").start());

        assertThat(pool.isTerminated()).isFalse();
        assertThat(pool.snapshot().state()).isEqualTo(PoolState.SHUTTING_DOWN);
        assertThat(closed).isNotDone();
        release.countDown();
        assertThat(closed.get(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).as("the body had ended when close() returned").isTrue();
        assertThat(pool.isTerminated()).isTrue();
        submitter.join();
    }

    @Test
    void aPoolIsNotTerminatedWhileAJobCancelledInItsRunCallerStillRuns() throws Exception {
        pool = ThreadPool.builder().name("run-body").workers(1).build();
        Gate worker = new Gate();
        pool.submit(worker.job("on the worker"));
        worker.awaitStarted(1);
        CountDownLatch started = new CountDownLatch(1);
        Job<String> queued = pool.submit(() -> {
            started.countDown();
            awaitRelease();
            return "run by a caller";
        });
        Thread runner = new Thread((Runnable) queued, "runner");
        runner.start();
        assertThat(started.await(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();

        assertThat(queued.cancel(false)).isTrue();
        worker.open();
        pool.shutdown();
        await().atMost(Gate.WAIT_SECONDS, TimeUnit.SECONDS).until(() -> pool.snapshot().workers().alive() == 0);

        assertThat(pool.isTerminated()).isFalse();
        release.countDown();
        assertThat(pool.awaitTermination(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        runner.join();
    }

    @Test
    void aWorkerRunsItsJobsListenerBeforeItClaimsTheNextJob() throws Exception {
        // Job 2 showed RUNNING, with a start time, before its body began, and cancel(true) on it
        // interrupted job 1's completion listener.
        CountDownLatch inListener = new CountDownLatch(1);
        AtomicBoolean listenerInterrupted = new AtomicBoolean();
        CountDownLatch listenerDone = new CountDownLatch(1);
        pool = ThreadPool.builder().name("listener-order").workers(1).completionListener(result -> {
            if ("first".equals(result.value())) {
                inListener.countDown();
                awaitRelease();
                listenerInterrupted.set(Thread.currentThread().isInterrupted());
                listenerDone.countDown();
            }
        }).build();
        Gate gate = new Gate();
        Job<String> first = pool.submit(gate.job("first"));
        gate.awaitStarted(1);
        Job<String> second = pool.submit(() -> "second");
        gate.open();
        assertThat(inListener.await(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();

        assertThat(second.status()).isEqualTo(JobStatus.QUEUED);
        assertThat(pool.findJob(second.id())).get().extracting(JobResult::startedAt).isNull();
        assertThat(second.cancel(true)).isTrue();
        release.countDown();

        assertThat(listenerDone.await(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(listenerInterrupted).isFalse();
        assertThat(first.get(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("first");
        assertThat(second.status()).isEqualTo(JobStatus.CANCELLED);
    }

    @Test
    void aGracefulShutdownFromAJobOnTheOnlyWorkerDoesNotWaitForTheJobsQueuedBehindIt() throws Exception {
        // It slept its whole timeout — the queued jobs need the caller's worker — then cancelled them.
        pool = ThreadPool.builder().name("graceful-own").workers(1).build();
        CountDownLatch go = new CountDownLatch(1);
        Job<ShutdownReport> asker = pool.submit(() -> {
            go.await();
            return pool.shutdownGracefully(Duration.ofDays(1));
        });
        Job<String> queued = pool.submit(() -> "ran after");
        go.countDown();

        ShutdownReport report = asker.get(Gate.WAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(report.pending()).isEqualTo(2);
        assertThat(report.stillRunning()).as("the asking job and the job queued behind it").isEqualTo(2);
        assertThat(report.cancelledUnstarted()).isZero();
        assertThat(queued.get(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("ran after");
        assertThat(pool.awaitTermination(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aGracefulShutdownThatDrainedEverythingReturnsWithThePoolTerminated() throws Exception {
        // It reported drained() while a job run by a caller was still publishing its outcome (its
        // listener running), so the pool was not yet terminated when it returned.
        CountDownLatch inListener = new CountDownLatch(1);
        pool = ThreadPool.builder().name("drained").workers(1).completionListener(result -> {
            if ("run by a caller".equals(result.value())) {
                inListener.countDown();
                awaitRelease();
            }
        }).build();
        Gate worker = new Gate();
        pool.submit(worker.job("on the worker"));
        worker.awaitStarted(1);
        Job<String> queued = pool.submit(() -> "run by a caller");
        Thread runner = new Thread((Runnable) queued, "runner");
        runner.start();
        assertThat(inListener.await(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        worker.open();

        CompletableFuture<Boolean> terminatedOnReturn = new CompletableFuture<>();
        Thread drainer = new Thread(() -> {
            ShutdownReport report = pool.shutdownGracefully(Duration.ofDays(1));
            terminatedOnReturn.complete(report.drained() && pool.isTerminated());
        }, "drainer");
        drainer.start();
        await().atMost(Gate.WAIT_SECONDS, TimeUnit.SECONDS).until(() -> terminatedOnReturn.isDone()
                || drainer.getState() == Thread.State.WAITING || drainer.getState() == Thread.State.TIMED_WAITING
                        && pool.snapshot().workers().alive() == 0);
        release.countDown();

        assertThat(terminatedOnReturn.get(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        runner.join();
    }
}
