package io.github.threadpool.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ResizingTest {

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
    void growingUnderLoadStartsWorkersThatTakeQueuedJobs() throws Exception {
        pool = ThreadPool.builder().name("grow").workers(1).build();
        List<Job<String>> jobs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            jobs.add(pool.submit(gate.job("j" + i)));
        }
        gate.awaitStarted(1);
        assertThat(pool.snapshot().queue().depth()).isEqualTo(3);

        pool.setWorkers(4);

        gate.awaitStarted(3); // all four run at once now
        PoolSnapshot snapshot = pool.snapshot();
        assertThat(snapshot.workers().configured()).isEqualTo(4);
        assertThat(snapshot.workers().busy()).isEqualTo(4);
        assertThat(snapshot.queue().depth()).isZero();
        gate.open();
        for (Job<String> job : jobs) {
            assertThat(job.get(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).startsWith("j");
        }
    }

    @Test
    void shrinkingRetiresIdleWorkersFirstAndNeverInterruptsRunningJobs() throws Exception {
        pool = ThreadPool.builder().name("shrink").workers(4).build();
        Job<String> running = pool.submit(gate.job("kept running"));
        gate.awaitStarted(1);

        pool.setWorkers(1);

        // The three idle workers go; the busy one keeps its job.
        await().atMost(Gate.WAIT_SECONDS, TimeUnit.SECONDS).until(() -> pool.snapshot().workers().alive() == 1);
        assertThat(running.status()).isEqualTo(JobStatus.RUNNING);
        assertThat(pool.snapshot().workers().busy()).isEqualTo(1);
        gate.open();
        assertThat(running.get(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("kept running");
        assertThat(pool.submit(() -> "still served").get(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("still served");
        assertThat(pool.snapshot().workers().alive()).isEqualTo(1);
    }

    @Test
    void shrinkingWhileAllAreBusyLetsEveryJobFinish() throws Exception {
        pool = ThreadPool.builder().workers(3).build();
        List<Job<String>> jobs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            jobs.add(pool.submit(gate.job("busy")));
        }
        gate.awaitStarted(3);
        pool.setWorkers(1);
        assertThat(jobs).allSatisfy(job -> assertThat(job.status()).isEqualTo(JobStatus.RUNNING));
        gate.open();
        for (Job<String> job : jobs) {
            assertThat(job.get(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("busy");
        }
        await().atMost(Gate.WAIT_SECONDS, TimeUnit.SECONDS).until(() -> pool.snapshot().workers().alive() == 1);
    }

    /**
     * A pool of two whose first worker to come back for a job dies outside a job, and whose thread
     * factory cannot create its replacement: 2 configured, 1 alive. Only the replacement fails when
     * {@code onlyTheReplacementFails}; otherwise every later thread does too.
     */
    private AtomicInteger poolWithAWorkerThatDiedUnreplaced(String name, boolean onlyTheReplacementFails) throws Exception {
        AtomicInteger threads = new AtomicInteger();
        AtomicBoolean killed = new AtomicBoolean();
        AtomicBoolean armed = new AtomicBoolean();
        pool = ThreadPool.builder().name(name).workers(2)
                .threadFactory(runnable -> {
                    int n = threads.incrementAndGet();
                    if (n == 3 || (n > 3 && !onlyTheReplacementFails)) {
                        throw new IllegalStateException("no thread for worker " + n);
                    }
                    return new Thread(runnable, name + "-worker-" + n);
                })
                .beforeTake((Worker worker) -> {
                    if (armed.get() && killed.compareAndSet(false, true)) {
                        throw new Error("a worker dies outside a job"); // and its replacement cannot be created
                    }
                })
                .build();
        armed.set(true); // both workers started: the next one back from a job dies
        pool.submit(() -> "wakes an idle worker, in case both looked before the hook was set")
                .get(Gate.WAIT_SECONDS, TimeUnit.SECONDS);
        await().atMost(Gate.WAIT_SECONDS, TimeUnit.SECONDS).until(() -> killed.get() && pool.snapshot().workers().alive() == 1);
        assertThat(pool.snapshot().workers().configured()).isEqualTo(2);
        return threads;
    }

    @Test
    void aShrinkIsNettedAgainstAWorkerThatCouldNotBeReplaced() throws Exception {
        poolWithAWorkerThatDiedUnreplaced("netted", false);

        pool.setWorkers(1); // one fewer configured, one fewer owed: nobody is asked to retire

        Job<String> job = pool.submit(() -> "ran");
        assertThat(job.get(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("ran");
        PoolSnapshot.Workers workers = pool.snapshot().workers();
        assertThat(workers.alive()).isEqualTo(1);
        assertThat(workers.configured()).isEqualTo(1);
    }

    @Test
    void aWorkerThatCouldNotBeReplacedIsStartedByTheNextSetWorkersWithTheSameCount() throws Exception {
        AtomicInteger threads = poolWithAWorkerThatDiedUnreplaced("owed", true);

        pool.setWorkers(2); // the same count: starts the worker that could not be replaced

        PoolSnapshot.Workers workers = pool.snapshot().workers();
        assertThat(workers.alive()).isEqualTo(2);
        assertThat(workers.configured()).isEqualTo(2);
        assertThat(threads.get()).isEqualTo(4);
        List<Job<String>> jobs = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            jobs.add(pool.submit(gate.job("busy")));
        }
        gate.awaitStarted(2); // both workers run a job at once
        gate.open();
        for (Job<String> job : jobs) {
            assertThat(job.get(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("busy");
        }
    }

    @Test
    void theLastWorkerNeverRetiresWhateverIsAskedOfIt() throws Exception {
        pool = ThreadPool.builder().name("last").workers(2).build();
        pool.queue().requestRetirement(5); // more than the surplus, as a race of deaths and resizes could ask

        await().atMost(Gate.WAIT_SECONDS, TimeUnit.SECONDS).until(() -> pool.snapshot().workers().alive() == 1);
        Job<String> job = pool.submit(() -> "ran");
        assertThat(job.get(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("ran");
        assertThat(pool.snapshot().workers().alive()).isEqualTo(1);
    }

    @Test
    void growingRightAfterShrinkingWithdrawsTheRetirementInstead() throws Exception {
        pool = ThreadPool.builder().name("flip").workers(2).build();
        List<Job<String>> jobs = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            jobs.add(pool.submit(gate.job("busy")));
        }
        gate.awaitStarted(2);
        pool.setWorkers(1); // both busy: the request stays pending
        pool.setWorkers(2); // withdrawn; no new thread needed
        gate.open();
        for (Job<String> job : jobs) {
            job.get(Gate.WAIT_SECONDS, TimeUnit.SECONDS);
        }
        assertThat(pool.snapshot().workers().alive()).isEqualTo(2);
        assertThat(pool.snapshot().workers().configured()).isEqualTo(2);
    }

    @Test
    void loweringCapacityBelowDepthKeepsQueuedJobsAndRefusesNewOnesUntilThereIsRoom() throws Exception {
        pool = ThreadPool.builder().name("cap").workers(1).queueCapacity(10).build();
        pool.submit(gate.job("busy"));
        gate.awaitStarted(1);
        List<Job<String>> queued = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            queued.add(pool.submit(() -> "queued"));
        }

        pool.setQueueCapacity(2);

        PoolSnapshot snapshot = pool.snapshot();
        assertThat(snapshot.queue().depth()).isEqualTo(5);
        assertThat(snapshot.queue().capacity()).isEqualTo(2);
        assertThat(snapshot.queue().remaining()).isZero();
        assertThatThrownBy(() -> pool.submit(() -> "refused")).isInstanceOf(RejectedExecutionException.class)
                .hasMessageContaining("capacity 2, depth 5");
        gate.open();
        for (Job<String> job : queued) {
            assertThat(job.get(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("queued");
        }
        assertThat(pool.submit(() -> "room again").get(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("room again");
    }

    @Test
    void raisingCapacityAdmitsMore() throws Exception {
        pool = ThreadPool.builder().workers(1).queueCapacity(1).build();
        pool.submit(gate.job("busy"));
        gate.awaitStarted(1);
        pool.submit(() -> "one");
        assertThatThrownBy(() -> pool.submit(() -> "two")).isInstanceOf(RejectedExecutionException.class);
        pool.setQueueCapacity(2);
        assertThat(pool.submit(() -> "two").id()).isEqualTo(3);
    }

    @Test
    void badSizesAreRefusedAndChangeNothing() {
        pool = ThreadPool.builder().workers(2).queueCapacity(5).build();
        assertThatIllegalArgumentException().isThrownBy(() -> pool.setWorkers(0))
                .withMessage("workers must be between 1 and 1024 (maxWorkers), was 0");
        assertThatIllegalArgumentException().isThrownBy(() -> pool.setQueueCapacity(-1))
                .withMessage("queueCapacity must be at least 1, was -1");
        assertThat(pool.snapshot().workers().configured()).isEqualTo(2);
        assertThat(pool.snapshot().queue().capacity()).isEqualTo(5);
    }

    @Test
    void resizeChecksBothValuesBeforeChangingEither() {
        pool = ThreadPool.builder().workers(2).queueCapacity(5).build();
        assertThatIllegalArgumentException().isThrownBy(() -> pool.resize(4, 0))
                .withMessage("queueCapacity must be at least 1, was 0");
        assertThat(pool.snapshot().workers().configured()).isEqualTo(2);
        pool.resize(3, 7);
        assertThat(pool.snapshot().workers().configured()).isEqualTo(3);
        assertThat(pool.snapshot().queue().capacity()).isEqualTo(7);
    }

    @Test
    void aShutDownPoolCannotBeResized() {
        pool = ThreadPool.builder().name("done").workers(1).build();
        pool.shutdown();
        assertThatIllegalStateException().isThrownBy(() -> pool.setWorkers(3))
                .withMessage("Pool 'done' is shut down; it cannot be resized");
        assertThatIllegalStateException().isThrownBy(() -> pool.setQueueCapacity(3));
        assertThatIllegalStateException().isThrownBy(() -> pool.resize(3, 3));
    }
}
