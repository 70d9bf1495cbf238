package io.github.threadpool.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The job lifecycle listener, the first job id and the LOST status: the hooks a fleet directory builds on. */
class JobListenerTest {

    private ThreadPool pool;

    @AfterEach
    void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    /** Records each event as "event:id:status", the status read from the live job when the event arrives. */
    private static final class Recorder implements JobListener {
        final List<String> events = new CopyOnWriteArrayList<>();
        final CountDownLatch finished;

        Recorder(int jobs) {
            finished = new CountDownLatch(jobs);
        }

        @Override
        public void queued(JobResult job) {
            events.add("queued:" + job.id());
        }

        @Override
        public void started(JobResult job) {
            events.add("started:" + job.id() + ":" + job.status());
        }

        @Override
        public void finished(JobResult job) {
            events.add("finished:" + job.id() + ":" + job.status());
            finished.countDown();
        }
    }

    @Test
    void tellsEachListenerOfQueuedStartedAndFinishedInTheOrderAdded() throws Exception {
        Recorder first = new Recorder(1);
        Recorder second = new Recorder(1);
        List<String> completions = new CopyOnWriteArrayList<>();
        pool = ThreadPool.builder().name("listened").workers(1)
                .jobListener(first)
                .completionListener(r -> completions.add("completed:" + r.id()))
                .jobListener(second)
                .build();
        Gate gate = new Gate();
        Job<String> job = pool.submit(gate.job("v"));
        gate.awaitStarted(1);
        assertThat(first.events).contains("queued:1", "started:1:RUNNING");
        gate.open();
        assertThat(job.get(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("v");
        assertThat(second.finished.await(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(first.events).containsExactlyInAnyOrder("queued:1", "started:1:RUNNING", "finished:1:SUCCEEDED");
        assertThat(first.events.get(2)).isEqualTo("finished:1:SUCCEEDED");
        assertThat(second.events).containsExactlyInAnyOrderElementsOf(first.events);
        assertThat(completions).containsExactly("completed:1");
    }

    @Test
    void aJobCancelledWhileQueuedIsQueuedAndFinishedButNeverStarted() throws Exception {
        Recorder recorder = new Recorder(2);
        pool = ThreadPool.builder().name("cancelled").workers(1).jobListener(recorder).build();
        Gate gate = new Gate();
        pool.submit(gate.job("busy"));
        gate.awaitStarted(1);
        Job<String> queued = pool.submit(() -> "never");
        assertThat(queued.cancel(false)).isTrue();
        gate.open();
        assertThat(recorder.finished.await(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(recorder.events).contains("queued:2", "finished:2:CANCELLED")
                .noneMatch(e -> e.startsWith("started:2"));
    }

    @Test
    void aCallerRunsJobIsQueuedStartedAndFinishedInItsSubmittersThread() throws Exception {
        Recorder recorder = new Recorder(2);
        pool = ThreadPool.builder().name("caller-runs").workers(1).queueCapacity(1)
                .rejectionPolicy(RejectionPolicy.CALLER_RUNS).jobListener(recorder).build();
        Gate gate = new Gate();
        pool.submit(gate.job("busy"));
        gate.awaitStarted(1);
        pool.submit(() -> "queued"); // fills the queue
        Job<String> ranHere = pool.submit(() -> Thread.currentThread().getName());
        assertThat(ranHere.get()).isEqualTo(Thread.currentThread().getName());
        assertThat(recorder.events).containsSubsequence("queued:3", "started:3:RUNNING", "finished:3:SUCCEEDED");
        gate.open();
    }

    @Test
    void whatAListenerThrowsIsIgnoredAndLaterListenersStillRun() throws Exception {
        Recorder after = new Recorder(1);
        pool = ThreadPool.builder().name("throwing").workers(1)
                .jobListener(new JobListener() {
                    @Override
                    public void queued(JobResult job) {
                        throw new IllegalStateException("queued");
                    }

                    @Override
                    public void started(JobResult job) {
                        throw new AssertionError("started");
                    }

                    @Override
                    public void finished(JobResult job) {
                        sneakyThrow(new Exception("a checked one"));
                    }
                })
                .jobListener(after)
                .build();
        Job<String> job = pool.submit(() -> "fine");
        assertThat(job.get(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("fine");
        assertThat(job.status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(after.finished.await(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(after.events).contains("queued:1", "started:1:RUNNING", "finished:1:SUCCEEDED");
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> void sneakyThrow(Throwable t) throws E {
        throw (E) t;
    }

    @Test
    void aNullListenerIsRefusedByName() {
        assertThatThrownBy(() -> ThreadPool.builder().jobListener(null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("jobListener");
    }

    @Test
    void idsStartAtTheFirstJobIdAndAreFoundByIdAndCountedFromOne() throws Exception {
        long first = (5L << 36) + 1; // as a fleet instance's range
        pool = ThreadPool.builder().name("ranged").workers(2).firstJobId(first).build();
        Job<?> a = pool.submit(() -> "a");
        Job<?> b = pool.submit(() -> "b");
        a.get();
        b.get();
        assertThat(a.id()).isEqualTo(first);
        assertThat(b.id()).isEqualTo(first + 1);
        assertThat(pool.findJob(first)).hasValueSatisfying(r -> assertThat(r.value()).isEqualTo("a"));
        assertThat(pool.results().get(first + 1)).hasValueSatisfying(r -> assertThat(r.value()).isEqualTo("b"));
        assertThat(pool.results().get(1)).isEmpty();
        assertThat(pool.findJob(first + 2)).isEmpty();
        assertThat(pool.snapshot().jobs().submitted()).isEqualTo(2);
        Gate gate = new Gate();
        Job<String> running = pool.submit(gate.job("c"));
        gate.awaitStarted(1);
        assertThat(pool.cancel(running.id(), true)).isTrue();
        assertThat(running.status()).isEqualTo(JobStatus.CANCELLED);
    }

    @Test
    void aFirstJobIdBelowOneIsRefusedByNameAndValue() {
        assertThatThrownBy(() -> ThreadPool.builder().firstJobId(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("firstJobId must be between 1 and 4611686018427387904, was 0");
    }

    @Test
    void lostIsTerminal() {
        assertThat(JobStatus.LOST.isTerminal()).isTrue();
        assertThat(JobStatus.QUEUED.isTerminal()).isFalse();
        assertThat(JobStatus.RUNNING.isTerminal()).isFalse();
    }
}
