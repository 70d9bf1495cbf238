package io.github.threadpool.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * When a pool counts as terminated: every worker has exited, every accepted job has finished and its
 * final state is published — and nothing is left for ever in between.
 */
class TerminationTest {

    private ThreadPool pool;
    private final CountDownLatch releaseListener = new CountDownLatch(1);

    @AfterEach
    void shutDown() {
        releaseListener.countDown();
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    /** Whether the thread factory of {@link #poolWhoseOnlyWorkerDiedUnreplaced} makes threads again. */
    private final AtomicBoolean factoryWorks = new AtomicBoolean(true);

    /**
     * A pool of one worker that died outside a job, after its first job, and could not be replaced (its
     * thread factory fails from then on, until {@link #factoryWorks} says otherwise): alive is 0, the
     * pool is not shut down, and {@code queuedBehind} jobs submitted while the worker was still busy
     * stay queued. Returns them.
     */
    private List<Job<String>> poolWhoseOnlyWorkerDiedUnreplaced(String name, int queuedBehind) throws Exception {
        AtomicInteger threads = new AtomicInteger();
        AtomicBoolean killed = new AtomicBoolean();
        pool = ThreadPool.builder().name(name).workers(1)
                .threadFactory(runnable -> {
                    if (!factoryWorks.get()) {
                        throw new IllegalStateException("no thread now");
                    }
                    return new Thread(runnable, name + "-worker-" + threads.incrementAndGet());
                })
                .beforeTake((Worker worker) -> {
                    if (worker.current != null && killed.compareAndSet(false, true)) { // back from a job, not its first look
                        factoryWorks.set(false);
                        throw new Error("the worker dies outside a job");
                    }
                })
                .build();
        Gate gate = new Gate();
        Job<String> first = pool.submit(gate.job("brings the worker back to the hook"));
        gate.awaitStarted(1);
        List<Job<String>> queued = new ArrayList<>();
        for (int i = 0; i < queuedBehind; i++) {
            queued.add(pool.submit(() -> "queued behind"));
        }
        gate.open();
        first.get(Gate.WAIT_SECONDS, TimeUnit.SECONDS);
        await().atMost(Gate.WAIT_SECONDS, TimeUnit.SECONDS).until(() -> pool.snapshot().workers().alive() == 0);
        assertThat(pool.isShutdown()).isFalse();
        return queued;
    }

    @Test
    void aSubmissionToAPoolWithNoLiveWorkerStartsOneWhichRunsItAndTheJobsQueuedBefore() throws Exception {
        // The pool stayed open with 0 workers and queued every job until someone resized it.
        List<Job<String>> queued = poolWhoseOnlyWorkerDiedUnreplaced("restarts", 2);
        factoryWorks.set(true);
        Job<String> job = pool.submit(() -> "runs");

        assertThat(job.get(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("runs");
        for (Job<String> behind : queued) {
            assertThat(behind.get(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("queued behind");
        }
        assertThat(pool.snapshot().workers().alive()).isEqualTo(1);
    }

    @Test
    void aSubmissionToAPoolWithNoLiveWorkerThatCannotStartOneIsRefusedAndQueuesNothing() throws Exception {
        poolWhoseOnlyWorkerDiedUnreplaced("no-worker", 0);
        long submitted = pool.snapshot().jobs().submitted();

        assertThatThrownBy(() -> pool.submit(() -> "nobody would run this"))
                .isInstanceOfSatisfying(JobRejectedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(JobRejectedException.Reason.NO_WORKER);
                    assertThat(e.pool()).isEqualTo("no-worker");
                    assertThat(e).hasMessageContaining("no worker is alive").hasMessageContaining("no thread now");
                });
        assertThat(pool.snapshot().jobs().submitted()).isEqualTo(submitted);
        assertThat(pool.snapshot().jobs().queued()).isZero();
    }

    @Test
    void closingAPoolWithNoWorkerLeftCancelsItsQueuedJobsInsteadOfLeavingThemQueuedForEver() throws Exception {
        // close() used to return at once ("no worker alive") and leave the job QUEUED: its get() never returned.
        Job<String> job = poolWhoseOnlyWorkerDiedUnreplaced("orphans", 1).get(0);
        assertThat(job.status()).isEqualTo(JobStatus.QUEUED);

        CompletableFuture<Void> closed = CompletableFuture.runAsync(pool::close, runnable -> new Thread(runnable).start());

        closed.get(Gate.WAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(job.status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(job.isCancelled()).isTrue();
        assertThat(pool.isTerminated()).isTrue();
        PoolSnapshot s = pool.snapshot();
        assertThat(s.state()).isEqualTo(PoolState.TERMINATED);
        assertThat(s.jobs().cancelled()).isEqualTo(1);
        assertThat(s.jobs().queued()).isZero();
    }

    @Test
    void aGracefulShutdownOfAPoolWithNoWorkerLeftReportsItsQueuedJobsAsCancelledUnstarted() throws Exception {
        poolWhoseOnlyWorkerDiedUnreplaced("orphans-report", 2);

        // A drain that waited for jobs nobody runs would wait its whole day: fail after Gate.WAIT_SECONDS instead.
        CompletableFuture<ShutdownReport> drain = CompletableFuture.supplyAsync(
                () -> pool.shutdownGracefully(Duration.ofDays(1)), runnable -> new Thread(runnable).start());
        ShutdownReport report = drain.get(Gate.WAIT_SECONDS, TimeUnit.SECONDS);

        assertThat(report.pending()).isEqualTo(2);
        assertThat(report.cancelledUnstarted()).isEqualTo(2);
        assertThat(report.drained()).isFalse();
        assertThat(pool.isTerminated()).isTrue();
    }

    @Test
    void awaitTerminationIsWokenByTheShutdownThatTerminatesThePool() throws Exception {
        // shutdown() of a pool with nothing left to run terminates it, but woke nobody: a waiter slept out its timeout.
        poolWhoseOnlyWorkerDiedUnreplaced("wake-waiter", 0);
        awaitTerminationIsWokenBy(pool::shutdown);
    }

    @Test
    void awaitTerminationIsWokenByTheShutdownNowThatTerminatesThePool() throws Exception {
        poolWhoseOnlyWorkerDiedUnreplaced("wake-waiter-now", 0);
        awaitTerminationIsWokenBy(pool::shutdownNow);
    }

    /** Waits in awaitTermination on a thread of its own, runs {@code shutdown}, and expects the waiter to see the pool terminated. */
    private void awaitTerminationIsWokenBy(Runnable shutdown) throws Exception {
        CompletableFuture<Boolean> awaited = new CompletableFuture<>();
        Thread waiter = new Thread(() -> {
            try {
                awaited.complete(pool.awaitTermination(1, TimeUnit.DAYS));
            } catch (InterruptedException e) {
                awaited.completeExceptionally(e);
            }
        }, "waiter");
        waiter.start();
        await().atMost(Gate.WAIT_SECONDS, TimeUnit.SECONDS).until(() -> waiter.getState() == Thread.State.TIMED_WAITING);

        shutdown.run();

        assertThat(awaited.get(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aCompletionListenerOnAWorkerClosingThePoolReturns() throws Exception {
        // close() waited for the pool to terminate, which needs the listener's worker to exit.
        AtomicBoolean closeOnce = new AtomicBoolean();
        CompletableFuture<Boolean> closed = new CompletableFuture<>();
        pool = ThreadPool.builder().name("listener-closes").workers(1)
                .completionListener(result -> {
                    if (closeOnce.compareAndSet(false, true)) {
                        pool.close();
                        closed.complete(pool.isShutdown());
                    }
                }).build();
        pool.submit(() -> "first");

        assertThat(closed.get(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(pool.awaitTermination(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aCompletionListenerClosingThePoolInTheThreadThatCancelledAJobReturns() throws Exception {
        // The canceller publishes the job, so the pool cannot terminate until its listener returns.
        listenerClosingThePoolIn(job -> job.cancel(false));
    }

    @Test
    void aCompletionListenerClosingThePoolInTheThreadThatRanAJobReturns() throws Exception {
        listenerClosingThePoolIn(job -> ((PoolJob<?>) job).run());
    }

    /**
     * A queued job finished by another thread — {@code finisher} — whose completion listener closes the
     * pool: close() waits for the worker to exit, then returns, though the listener's own publishing
     * still holds the pool up.
     */
    private void listenerClosingThePoolIn(java.util.function.Consumer<Job<?>> finisher) throws Exception {
        java.util.concurrent.atomic.AtomicLong closeOn = new java.util.concurrent.atomic.AtomicLong(-1);
        CountDownLatch closing = new CountDownLatch(1);
        pool = ThreadPool.builder().name("listener-elsewhere").workers(1)
                .completionListener(result -> {
                    if (result.id() == closeOn.get()) {
                        closing.countDown();
                        pool.close();
                    }
                }).build();
        Gate worker = new Gate();
        pool.submit(worker.job("worker"));
        worker.awaitStarted(1);
        Job<String> queued = pool.submit(() -> "queued");
        closeOn.set(queued.id());
        CompletableFuture<Void> finished = CompletableFuture.runAsync(() -> finisher.accept(queued),
                runnable -> new Thread(runnable, "finisher").start());
        assertThat(closing.await(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        await().atMost(Gate.WAIT_SECONDS, TimeUnit.SECONDS).until(pool::isShutdown);
        worker.open();

        finished.get(Gate.WAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(pool.awaitTermination(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aPoolHasNotTerminatedWhileTheCompletionListenerOfItsWorkersLastJobRuns() throws Exception {
        // The snapshot said TERMINATED as soon as the worker deregistered, before it ran the listener.
        CountDownLatch inListener = new CountDownLatch(1);
        pool = ThreadPool.builder().name("listener-worker").workers(1)
                .completionListener(result -> holdListener(inListener)).build();
        CountDownLatch go = new CountDownLatch(1);
        Job<String> job = pool.submit(() -> {
            go.await();
            return "last";
        });
        pool.shutdown();
        go.countDown();
        assertThat(inListener.await(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();

        assertNotTerminatedYet(1); // the worker runs its last job's listener before it looks at the queue again

        releaseListener.countDown();
        assertThat(pool.awaitTermination(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(job.isDone()).isTrue();
        assertThat(pool.snapshot().state()).isEqualTo(PoolState.TERMINATED);
    }

    @Test
    void aPoolHasNotTerminatedWhileTheCompletionListenerOfACallerRunsJobRuns() throws Exception {
        CountDownLatch inListener = new CountDownLatch(1);
        pool = ThreadPool.builder().name("listener-caller").workers(1).queueCapacity(1)
                .rejectionPolicy(RejectionPolicy.CALLER_RUNS)
                .completionListener(result -> {
                    if ("caller".equals(result.value())) {
                        holdListener(inListener);
                    }
                }).build();
        Gate worker = new Gate();
        pool.submit(worker.job("worker"));
        worker.awaitStarted(1);
        pool.submit(() -> "queued");
        CountDownLatch callerGo = new CountDownLatch(1);
        Callable<String> callerJob = () -> {
            callerGo.await();
            return "caller";
        };
        CompletableFuture<Job<String>> callerRuns = new CompletableFuture<>();
        new Thread(() -> callerRuns.complete(pool.submit(callerJob)), "submitter").start();
        await().atMost(Gate.WAIT_SECONDS, TimeUnit.SECONDS).until(() -> pool.snapshot().jobs().running() == 2);
        pool.shutdown();
        worker.open();
        await().atMost(Gate.WAIT_SECONDS, TimeUnit.SECONDS).until(() -> pool.snapshot().workers().alive() == 0);
        callerGo.countDown();
        assertThat(inListener.await(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();

        assertNotTerminatedYet(0);

        releaseListener.countDown();
        assertThat(pool.awaitTermination(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(callerRuns.get(Gate.WAIT_SECONDS, TimeUnit.SECONDS).isDone()).isTrue();
        assertThat(pool.snapshot().state()).isEqualTo(PoolState.TERMINATED);
    }

    @Test
    void aJobOnTheOnlyWorkerClosingItsPoolReturnsAndTheWorkerThenRunsTheQueuedJobs() throws Exception {
        // close() from a worker waits for every other job — but not for the queued ones, which need
        // the caller's worker: waiting for them would wait for ever.
        pool = ThreadPool.builder().name("worker-closes").workers(1).build();
        CountDownLatch go = new CountDownLatch(1);
        Job<String> closer = pool.submit(() -> {
            go.await();
            pool.close();
            return "closed";
        });
        Job<String> queued = pool.submit(() -> "ran after");
        go.countDown();

        assertThat(closer.get(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("closed");
        assertThat(queued.get(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("ran after");
        assertThat(pool.awaitTermination(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
    }

    /** The job's result is recorded and counted, its listener runs: the pool has not terminated yet. */
    private void assertNotTerminatedYet(int alive) throws InterruptedException {
        PoolSnapshot s = pool.snapshot();
        assertThat(s.workers().alive()).isEqualTo(alive);
        assertThat(s.jobs().running()).as("the job is counted finished once its result is recorded").isZero();
        assertThat(s.state()).isEqualTo(PoolState.SHUTTING_DOWN);
        assertThat(pool.isTerminated()).isFalse();
        assertThat(pool.awaitTermination(0, TimeUnit.SECONDS)).isFalse();
    }

    private void holdListener(CountDownLatch inListener) {
        inListener.countDown();
        try {
            releaseListener.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
