package io.github.threadpool.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The core API other modules build on: statuses, refusals, the current job, completable jobs, listeners, ids, names, defaults. */
class ContractApiTest {

    private ThreadPool pool;

    @AfterEach
    void tearDown() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    @Test
    void lostIsTerminalAndNeverCountedByAPool() {
        assertThat(JobStatus.LOST.isTerminal()).isTrue();
        assertThat(JobStatus.QUEUED.isTerminal()).isFalse();
        assertThat(JobStatus.RUNNING.isTerminal()).isFalse();
    }

    @Test
    void aFullQueueRefusesWithQueueFullNamingDepthAndCapacity() throws Exception {
        pool = ThreadPool.builder().name("full").workers(1).queueCapacity(1).build();
        Gate gate = new Gate();
        pool.submit(gate.job("held"));
        gate.awaitStarted(1);
        pool.submit(() -> "queued");

        assertThatThrownBy(() -> pool.submit(() -> "refused")).isInstanceOfSatisfying(JobRejectedException.class, e -> {
            assertThat(e.reason()).isEqualTo(JobRejectedException.Reason.QUEUE_FULL);
            assertThat(e.pool()).isEqualTo("full");
            assertThat(e.queueDepth()).isEqualTo(1);
            assertThat(e.queueCapacity()).isEqualTo(1);
            assertThat(e).hasMessageContaining("'full'").hasMessageContaining("capacity 1").hasMessageContaining("depth 1");
        });
        assertThatThrownBy(() -> pool.submitCompletable(() -> "refused")).isInstanceOf(JobRejectedException.class);
        assertThat(pool.snapshot().jobs().rejected()).isEqualTo(2);
        gate.open();
    }

    @Test
    void aBlockSubmitterRefusesWithQueueFullAfterItsTimeoutAndInterruptedWhenInterrupted() throws Exception {
        pool = ThreadPool.builder().name("block").workers(1).queueCapacity(1).rejectionPolicy(RejectionPolicy.BLOCK)
                .blockTimeout(Duration.ZERO).build();
        Gate gate = new Gate();
        pool.submit(gate.job("held"));
        gate.awaitStarted(1);
        pool.submit(() -> "queued");
        assertThatThrownBy(() -> pool.submit(() -> "refused")).isInstanceOfSatisfying(JobRejectedException.class,
                e -> assertThat(e.reason()).isEqualTo(JobRejectedException.Reason.QUEUE_FULL));

        ThreadPool blocking = ThreadPool.builder().name("block-long").workers(1).queueCapacity(1)
                .rejectionPolicy(RejectionPolicy.BLOCK).blockTimeout(Duration.ofDays(1)).build();
        try {
            Gate other = new Gate();
            blocking.submit(other.job("held"));
            other.awaitStarted(1);
            blocking.submit(() -> "queued");
            CompletableFuture<Throwable> refusal = new CompletableFuture<>();
            Thread submitter = new Thread(() -> {
                try {
                    blocking.submit(() -> "waits");
                    refusal.complete(null);
                } catch (Throwable e) {
                    refusal.complete(e);
                }
            }, "blocked");
            submitter.start();
            await().atMost(Gate.WAIT_SECONDS, TimeUnit.SECONDS).until(() -> submitter.getState() == Thread.State.TIMED_WAITING);
            submitter.interrupt();
            assertThat(refusal.get(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).isInstanceOfSatisfying(JobRejectedException.class,
                    e -> assertThat(e.reason()).isEqualTo(JobRejectedException.Reason.INTERRUPTED));
            other.open();
        } finally {
            blocking.shutdownNow();
        }
        gate.open();
    }

    @Test
    void aShutDownPoolRefusesEveryWayInWithShutDown() {
        pool = ThreadPool.builder().name("closed").workers(1).build();
        pool.shutdown();
        for (Runnable submission : List.<Runnable>of(() -> pool.submit(() -> "x"), () -> pool.execute(() -> { }),
                () -> pool.submitCompletable(() -> "x"), () -> {
                    try {
                        pool.invokeAll(List.of(() -> "x"));
                    } catch (InterruptedException e) {
                        throw new AssertionError(e);
                    }
                })) {
            assertThatThrownBy(submission::run).isInstanceOfSatisfying(JobRejectedException.class,
                    e -> assertThat(e.reason()).isEqualTo(JobRejectedException.Reason.SHUT_DOWN));
        }
    }

    @Test
    void jobCurrentIsTheJobWhoseBodyTheThreadRunsAndEmptyElsewhere() throws Exception {
        List<Optional<Job<?>>> inListener = new CopyOnWriteArrayList<>();
        pool = ThreadPool.builder().name("current").workers(1).queueCapacity(1).rejectionPolicy(RejectionPolicy.CALLER_RUNS)
                .completionListener(result -> inListener.add(Job.current())).build();
        Job<Long> onWorker = pool.submit(() -> Job.current().orElseThrow().id());
        assertThat(onWorker.get(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(onWorker.id());

        Gate gate = new Gate();
        pool.submit(gate.job("held"));
        gate.awaitStarted(1);
        Job<Long> queued = pool.submit(() -> Job.current().orElseThrow().id());
        Job<Long> callerRuns = pool.submit(() -> Job.current().orElseThrow().id());
        assertThat(callerRuns.get()).isEqualTo(callerRuns.id());
        ((Runnable) queued).run();
        assertThat(queued.get()).isEqualTo(queued.id());
        gate.open();

        assertThat(Job.current()).isEmpty();
        await().atMost(Gate.WAIT_SECONDS, TimeUnit.SECONDS).until(() -> inListener.size() == 4);
        assertThat(inListener).allSatisfy(current -> assertThat(current).isEmpty());
    }

    @Test
    void aCompletableJobIsTheSameJobAndCompletesWithItsOutcome() throws Exception {
        pool = ThreadPool.builder().name("completable").workers(1).build();
        CompletableJob<String> ok = pool.submitCompletable(() -> "value");
        CompletableFuture<Integer> length = ok.thenApply(String::length);
        assertThat(length.get(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(5);
        assertThat(length).isNotInstanceOf(CompletableJob.class);
        assertThat(ok.status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(pool.results().get(ok.id())).get().extracting(JobResult::value).isEqualTo("value");

        CompletableJob<Object> failed = pool.submitCompletable(() -> {
            throw new IllegalStateException("boom");
        });
        assertThatThrownBy(() -> failed.get(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(IllegalStateException.class);
        assertThat(failed.isCompletedExceptionally()).isTrue();
        assertThat(failed.status()).isEqualTo(JobStatus.FAILED);

        Gate gate = new Gate();
        CompletableJob<String> running = pool.submitCompletable(gate.job("held"));
        gate.awaitStarted(1);
        CompletableJob<Void> queued = pool.submitCompletable(() -> { });
        assertThat(queued.cancel(false)).isTrue();
        assertThat(queued.isCancelled()).isTrue();
        assertThat(queued.status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(running.cancel(true)).isTrue();
        assertThat(running.isCancelled()).isTrue();
        assertThatThrownBy(running::join).isInstanceOf(CancellationException.class);
        await().atMost(Gate.WAIT_SECONDS, TimeUnit.SECONDS).until(() -> pool.snapshot().jobs().cancelled() == 2);
        assertThat(pool.snapshot().jobs().submitted()).isEqualTo(4);
    }

    @Test
    void threadNamePrefixNamesTheDefaultFactorysThreadsAndBlankIsRefused() throws Exception {
        pool = ThreadPool.builder().name("named").workers(1).threadNamePrefix("reports-").build();
        assertThat(pool.submit(() -> Thread.currentThread().getName()).get(Gate.WAIT_SECONDS, TimeUnit.SECONDS))
                .isEqualTo("reports-1");
        assertThatIllegalArgumentException().isThrownBy(() -> ThreadPool.builder().threadNamePrefix(" "))
                .withMessage("threadNamePrefix must not be blank, was ' '");
        assertThatIllegalArgumentException().isThrownBy(() -> ThreadPool.builder().threadNamePrefix(null))
                .withMessage("threadNamePrefix must not be blank, was null");
    }

    @Test
    void firstJobIdStartsTheIdsAndLookupsFindThem() throws Exception {
        long first = 5_000_000_000L;
        pool = ThreadPool.builder().name("ids").workers(1).firstJobId(first).build();
        Job<String> one = pool.submit(() -> "one");
        Job<String> two = pool.submit(() -> "two");
        assertThat(one.id()).isEqualTo(first);
        assertThat(two.id()).isEqualTo(first + 1);
        two.get(Gate.WAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(pool.results().get(first)).get().extracting(JobResult::value).isEqualTo("one");
        assertThat(pool.findJob(first + 1)).get().extracting(JobResult::value).isEqualTo("two");
        Gate gate = new Gate();
        pool.submit(gate.job("held"));
        gate.awaitStarted(1);
        Job<String> queued = pool.submit(() -> "queued");
        assertThat(pool.cancel(queued.id(), false)).isTrue();
        gate.open();
        assertThatIllegalArgumentException().isThrownBy(() -> ThreadPool.builder().firstJobId(0))
                .withMessage("firstJobId must be between 1 and 4611686018427387904, was 0");
    }

    @Test
    void jobListenersHearQueuedStartedFinishedInTheOrderAdded() throws Exception {
        List<String> heard = new CopyOnWriteArrayList<>();
        pool = ThreadPool.builder().name("listened").workers(1)
                .jobListener(new JobListener() {
                    @Override
                    public void queued(JobResult job) {
                        heard.add("a queued " + job.id());
                    }

                    @Override
                    public void started(JobResult job) {
                        heard.add("a started " + job.status());
                    }

                    @Override
                    public void finished(JobResult job) {
                        heard.add("a finished " + job.status());
                        Sneaky.raise(new java.io.IOException("ignored"));
                    }
                })
                .completionListener(result -> heard.add("b finished " + result.value()))
                .build();
        Gate gate = new Gate();
        Job<String> held = pool.submit(gate.job("held"));
        gate.awaitStarted(1);
        Job<String> cancelled = pool.submit(() -> "never");
        cancelled.cancel(false);
        gate.open();
        assertThat(held.get(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("held");

        // queued (the submitter) and started (the worker) of one job may come in either order
        assertThat(heard).containsExactlyInAnyOrder("a queued 1", "a started RUNNING", "a queued 2",
                "a finished CANCELLED", "b finished null", "a finished SUCCEEDED", "b finished held");
        assertThat(heard.indexOf("a finished CANCELLED")).isEqualTo(heard.indexOf("b finished null") - 1);
        assertThat(heard.indexOf("a finished SUCCEEDED")).isEqualTo(heard.indexOf("b finished held") - 1);
        assertThat(heard.indexOf("a queued 2")).isLessThan(heard.indexOf("a finished CANCELLED"));
    }

    @Test
    void theBuildersDefaultsAreItsConstants() {
        pool = ThreadPool.builder().workers(1).build();
        PoolSnapshot snapshot = pool.snapshot();
        assertThat(pool.name()).isEqualTo(ThreadPool.Builder.DEFAULT_NAME);
        assertThat(snapshot.queue().capacity()).isEqualTo(ThreadPool.Builder.DEFAULT_QUEUE_CAPACITY).isEqualTo(1024);
        assertThat(snapshot.rejectionPolicy()).isEqualTo(ThreadPool.Builder.DEFAULT_REJECTION_POLICY);
        assertThat(pool.results().maxRetained()).isEqualTo(ThreadPool.Builder.DEFAULT_MAX_RETAINED_RESULTS).isEqualTo(1024);
        assertThat(pool.results().timeToLive()).isEqualTo(ThreadPool.Builder.DEFAULT_RESULT_TIME_TO_LIVE);
        assertThat(ThreadPool.Builder.DEFAULT_CLOSE_TIMEOUT).isEqualTo(Duration.ofSeconds(20));
        assertThat(ThreadPool.Builder.DEFAULT_BLOCK_TIMEOUT).isEqualTo(Duration.ofSeconds(1));
    }
}
