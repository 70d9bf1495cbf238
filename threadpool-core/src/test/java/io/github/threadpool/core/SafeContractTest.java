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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The typed rejection, {@link Job#current()}, {@link CompletableJob}, the thread-name prefix and the default constants. */
class SafeContractTest {

    private ThreadPool pool;
    private final Gate gate = new Gate();

    @AfterEach
    void tearDown() {
        gate.open();
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    private void busyWithFullQueue(RejectionPolicy policy) throws InterruptedException {
        pool = ThreadPool.builder().name("typed").workers(1).queueCapacity(2).rejectionPolicy(policy)
                .blockTimeout(Duration.ZERO).build();
        pool.submit(gate.job("busy"));
        gate.awaitStarted(1);
        pool.submit(gate.job("q1"));
        pool.submit(gate.job("q2"));
    }

    @Test
    void aFullQueueRefusesWithTheTypedRejectionForEverySubmission() throws Exception {
        busyWithFullQueue(RejectionPolicy.ABORT);
        for (Runnable submission : List.<Runnable>of(() -> pool.submit(() -> "x"), () -> pool.execute(() -> { }),
                () -> pool.submitCompletable(() -> "x"), () -> pool.submitCompletable(() -> { }))) {
            assertThatThrownBy(submission::run).isInstanceOfSatisfying(JobRejectedException.class, (e) -> {
                assertThat(e.pool()).isEqualTo("typed");
                assertThat(e.reason()).isEqualTo(JobRejectedException.Reason.QUEUE_FULL);
                assertThat(e.queueDepth()).isEqualTo(2);
                assertThat(e.queueCapacity()).isEqualTo(2);
                assertThat(e).hasMessage("Pool 'typed' rejected a job: its queue is full (capacity 2, depth 2)");
            });
        }
        assertThatThrownBy(() -> pool.invokeAll(List.of(() -> "x"))).isInstanceOf(JobRejectedException.class);
        assertThat(pool.snapshot().jobs().rejected()).isEqualTo(5);
    }

    @Test
    void blockAfterItsTimeoutIsQueueFullAndAShutDownPoolSaysSo() throws Exception {
        busyWithFullQueue(RejectionPolicy.BLOCK);
        assertThatThrownBy(() -> pool.submit(() -> "x")).isInstanceOfSatisfying(JobRejectedException.class,
                (e) -> assertThat(e.reason()).isEqualTo(JobRejectedException.Reason.QUEUE_FULL));
        pool.shutdown();
        assertThatThrownBy(() -> pool.submit(() -> "x")).isInstanceOfSatisfying(JobRejectedException.class,
                (e) -> assertThat(e.reason()).isEqualTo(JobRejectedException.Reason.SHUT_DOWN));
    }

    @Test
    void anUnboundedQueueReportsTheLargestCapacity() {
        pool = ThreadPool.builder().name("open").workers(1).unboundedQueue().build();
        pool.shutdown();
        assertThatThrownBy(() -> pool.execute(() -> { })).isInstanceOfSatisfying(JobRejectedException.class,
                (e) -> assertThat(e.queueCapacity()).isEqualTo(Integer.MAX_VALUE));
    }

    @Test
    void aJobReadsItselfAndNothingElseDoes() throws Exception {
        pool = ThreadPool.builder().workers(1).build();
        AtomicReference<Optional<Job<?>>> inListener = new AtomicReference<>();
        try (ThreadPool listened = ThreadPool.builder().workers(1)
                .completionListener((r) -> inListener.set(Job.current())).build()) {
            Job<Long> job = listened.submit(() -> Job.current().orElseThrow().id());
            assertThat(job.get(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(job.id());
            await().until(() -> inListener.get() != null);
            assertThat(inListener.get()).isEmpty();
        }
        assertThat(Job.current()).isEmpty();
        PoolJob<Long> runHere = (PoolJob<Long>) pool.newTaskFor(() -> Job.current().orElseThrow().id());
        runHere.run();
        assertThat(runHere.get()).isEqualTo(runHere.id());
        assertThat(Job.current()).isEmpty();
    }

    @Test
    void aCallerRunsJobIsCurrentInItsSubmitterAndTheOuterJobAfterIt() throws Exception {
        busyWithFullQueue(RejectionPolicy.CALLER_RUNS);
        Job<Long> ranHere = pool.submit(() -> Job.current().orElseThrow().id());
        assertThat(ranHere.get()).isEqualTo(ranHere.id());
        assertThat(Job.current()).isEmpty();
    }

    @Test
    void aCompletableJobIsTheSameJobAndCompletesWithItsOutcome() throws Exception {
        pool = ThreadPool.builder().name("cf").workers(1).build();
        CompletableJob<Long> job = pool.submitCompletable(() -> Job.current().orElseThrow().id());
        assertThat(job.get(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(job.id());
        assertThat(job.status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(pool.results().get(job.id())).map(JobResult::value).contains(job.id());
        CompletableFuture<Long> next = job.thenApply((v) -> v + 1);
        assertThat(next).isNotInstanceOf(CompletableJob.class);
        assertThat(next.get(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(job.id() + 1);

        IllegalStateException boom = new IllegalStateException("boom");
        CompletableJob<Void> failed = pool.submitCompletable(() -> { throw boom; });
        assertThatThrownBy(() -> failed.get(Gate.WAIT_SECONDS, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).hasCause(boom);
        assertThat(failed.status()).isEqualTo(JobStatus.FAILED);
    }

    @Test
    void cancellingACompletableJobCancelsTheJob() throws Exception {
        pool = ThreadPool.builder().workers(1).build();
        CompletableJob<String> running = pool.submitCompletable(gate.job("never"));
        gate.awaitStarted(1);
        CompletableJob<String> queued = pool.submitCompletable(() -> "never");
        assertThat(queued.cancel(false)).isTrue();
        assertThat(queued.status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(queued).isCancelled();
        assertThat(running.cancel(true)).isTrue();
        assertThatThrownBy(() -> running.get(Gate.WAIT_SECONDS, TimeUnit.SECONDS))
                .isInstanceOf(CancellationException.class);
        assertThat(running.status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(pool.snapshot().jobs().cancelled()).isEqualTo(2);
    }

    @Test
    void threadsAreNamedByThePrefixOrThePoolsName() throws Exception {
        pool = ThreadPool.builder().name("named").workers(1).threadNamePrefix("reports-").build();
        assertThat(pool.submit(() -> Thread.currentThread().getName()).get()).isEqualTo("reports-1");
        try (ThreadPool plain = ThreadPool.builder().name("plain").workers(1).build()) {
            assertThat(plain.submit(() -> Thread.currentThread().getName()).get()).isEqualTo("plain-worker-1");
        }
        assertThatIllegalArgumentException().isThrownBy(() -> ThreadPool.builder().threadNamePrefix(" "))
                .withMessage("threadNamePrefix must not be blank, was ' '");
        assertThatIllegalArgumentException().isThrownBy(() -> ThreadPool.builder().threadNamePrefix(null))
                .withMessage("threadNamePrefix must not be blank, was null");
    }

    @Test
    void theDefaultsAreThePublicConstants() {
        pool = ThreadPool.builder().workers(1).build();
        PoolSnapshot snapshot = pool.snapshot();
        assertThat(snapshot.name()).isEqualTo(ThreadPool.Builder.DEFAULT_NAME).isEqualTo("threadpool");
        assertThat(snapshot.queue().capacity()).isEqualTo(ThreadPool.Builder.DEFAULT_QUEUE_CAPACITY).isEqualTo(1024);
        assertThat(snapshot.rejectionPolicy()).isEqualTo(ThreadPool.Builder.DEFAULT_REJECTION_POLICY);
        assertThat(snapshot.results().maxRetained()).isEqualTo(ThreadPool.Builder.DEFAULT_MAX_RETAINED_RESULTS);
        assertThat(snapshot.results().timeToLive()).isEqualTo(ThreadPool.Builder.DEFAULT_RESULT_TIME_TO_LIVE);
        assertThat(ThreadPool.Builder.DEFAULT_CLOSE_TIMEOUT).isEqualTo(Duration.ofSeconds(20));
        assertThat(ThreadPool.Builder.DEFAULT_BLOCK_TIMEOUT).isEqualTo(Duration.ofSeconds(1));
    }
}
