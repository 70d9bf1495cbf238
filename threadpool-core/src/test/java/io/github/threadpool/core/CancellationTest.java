package io.github.threadpool.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CancellationTest {

    private ThreadPool pool;
    private final Gate gate = new Gate();

    @AfterEach
    void tearDown() {
        gate.open();
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    @Test
    void shutdownsCancelOfAQueuedJobLeavesItAloneOnceACallerOfRunHasStartedIt() throws Exception {
        // shutdownNow looked at the state (QUEUED), then cancel(false)ed: a run() caller that claimed the
        // job in between had its job cancelled while running, and the job was listed as never started.
        pool = ThreadPool.builder().workers(1).build();
        pool.submit(gate.job("busy"));
        gate.awaitStarted(1);
        Gate runner = new Gate();
        PoolJob<String> queued = (PoolJob<String>) pool.submit(runner.job("ran by its caller"));
        Thread caller = new Thread(queued::run, "caller");
        caller.start();
        runner.awaitStarted(1);

        assertThat(queued.cancelWhileQueued()).isFalse();

        assertThat(queued.status()).isEqualTo(JobStatus.RUNNING);
        runner.open();
        assertThat(queued.get(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("ran by its caller");
        caller.join();
    }

    @Test
    void aJobKnownOnlyByItsIdIsCancelledThroughThePool() throws Exception {
        pool = ThreadPool.builder().workers(1).build();
        Job<String> running = pool.submit(gate.job("busy"));
        gate.awaitStarted(1);
        AtomicBoolean ran = new AtomicBoolean();
        Job<?> queued = pool.submit(() -> ran.set(true));

        assertThat(pool.cancel(queued.id(), false)).isTrue();
        assertThat(queued.isCancelled()).isTrue();
        assertThat(pool.snapshot().queue().depth()).isZero();
        assertThat(pool.cancel(running.id(), true)).isTrue();
        assertThatThrownBy(running::get).isInstanceOf(CancellationException.class);

        Job<String> finished = pool.submit(() -> "done");
        assertThat(finished.get(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("done");
        assertThat(pool.cancel(finished.id(), true)).as("already finished").isFalse();
        assertThat(pool.cancel(999, true)).as("never accepted").isFalse();
        assertThat(ran).isFalse();
        assertThat(pool.snapshot().jobs().cancelled()).isEqualTo(2);
    }

    @Test
    void cancellingAQueuedJobRemovesItSoItNeverRuns() throws Exception {
        pool = ThreadPool.builder().workers(1).build();
        Job<String> busy = pool.submit(gate.job("busy"));
        gate.awaitStarted(1);
        AtomicBoolean ran = new AtomicBoolean();
        Job<?> queued = pool.submit(() -> ran.set(true));
        Job<String> after = pool.submit(() -> "after");
        assertThat(pool.snapshot().queue().depth()).isEqualTo(2);

        assertThat(queued.cancel(false)).isTrue();

        assertThat(queued.status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(queued.isCancelled()).isTrue();
        assertThat(queued.isDone()).isTrue();
        assertThat(pool.snapshot().queue().depth()).isEqualTo(1);
        assertThatThrownBy(queued::get).isInstanceOf(CancellationException.class);
        gate.open();
        assertThat(after.get(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("after");
        assertThat(busy.get()).isEqualTo("busy");
        assertThat(ran).isFalse();
        assertThat(pool.snapshot().jobs().cancelled()).isEqualTo(1);
        assertThat(queued.cancel(true)).as("a second cancel").isFalse();
    }

    @Test
    void cancellingARunningJobInterruptsItAndTheNextJobStartsClean() throws Exception {
        pool = ThreadPool.builder().workers(1).build();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch sawInterrupt = new CountDownLatch(1);
        Job<String> running = pool.submit(() -> {
            started.countDown();
            try {
                new CountDownLatch(1).await();
                return "not interrupted";
            } catch (InterruptedException e) {
                sawInterrupt.countDown();
                Thread.currentThread().interrupt(); // leave the flag set, as careless jobs do
                throw e;
            }
        });
        assertThat(started.await(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();

        assertThat(running.cancel(true)).isTrue();

        assertThat(sawInterrupt.await(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(running.status()).isEqualTo(JobStatus.CANCELLED);
        assertThatThrownBy(running::get).isInstanceOf(CancellationException.class);
        Job<Boolean> next = pool.submit(() -> Thread.currentThread().isInterrupted());
        assertThat(next.get(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).isFalse();
        assertThat(pool.results().get(running.id())).hasValueSatisfying(r -> {
            assertThat(r.status()).isEqualTo(JobStatus.CANCELLED);
            assertThat(r.startedAt()).isNotNull();
        });
    }

    @Test
    void cancellingARunningJobWithoutInterruptLetsItRunButDiscardsItsValue() throws Exception {
        pool = ThreadPool.builder().workers(1).build();
        Job<String> running = pool.submit(gate.job("discarded"));
        gate.awaitStarted(1);
        assertThat(running.cancel(false)).isTrue();
        assertThat(running.status()).isEqualTo(JobStatus.CANCELLED);
        gate.open();
        assertThat(pool.submit(() -> Thread.currentThread().isInterrupted()).get(Gate.WAIT_SECONDS, TimeUnit.SECONDS))
                .isFalse();
        assertThatThrownBy(running::get).isInstanceOf(CancellationException.class);
        assertThat(pool.snapshot().jobs().succeeded()).isEqualTo(1); // only the probe job
    }

    @Test
    void theRunnerOfAJobCancelledWhileRunningParksUntilTheCancellerHasFinished() throws Exception {
        CountDownLatch listening = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        pool = ThreadPool.builder().name("parked-runner").workers(1).completionListener(result -> {
            if (Thread.currentThread().getName().equals("canceller")) {
                listening.countDown();
                try {
                    release.await(); // the canceller is between its CAS and its final state
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }).build();
        AtomicReference<Thread> worker = new AtomicReference<>();
        Job<String> job = pool.submit(() -> {
            worker.set(Thread.currentThread());
            return gate.job("never").call(); // returns at once when interrupted
        });
        gate.awaitStarted(1);
        AtomicBoolean cancelled = new AtomicBoolean();
        Thread canceller = new Thread(() -> cancelled.set(job.cancel(true)), "canceller");
        canceller.start();
        assertThat(listening.await(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();

        // The runner has seen its job cancelled and waits for the canceller: parked on the job (WAITING),
        // not yielding or spinning (RUNNABLE), however long the listener takes.
        await().atMost(Gate.WAIT_SECONDS, TimeUnit.SECONDS).until(() ->
                worker.get().getState() == Thread.State.WAITING && LockSupport.getBlocker(worker.get()) == job);
        assertThat(pool.snapshot().workers().busy()).isEqualTo(1);

        release.countDown();
        canceller.join(TimeUnit.SECONDS.toMillis(Gate.WAIT_SECONDS));
        assertThat(cancelled).isTrue();
        assertThat(job.status()).isEqualTo(JobStatus.CANCELLED);
        Job<Boolean> next = pool.submit(() -> Thread.currentThread() == worker.get() && !Thread.currentThread().isInterrupted());
        assertThat(next.get(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).as("same worker, not interrupted").isTrue();
    }

    @Test
    void aFinishedJobCannotBeCancelled() throws Exception {
        pool = ThreadPool.builder().workers(1).build();
        Job<String> done = pool.submit(() -> "done");
        assertThat(done.get(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("done");
        assertThat(done.cancel(true)).isFalse();
        assertThat(done.status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(done.isCancelled()).isFalse();
    }
}
