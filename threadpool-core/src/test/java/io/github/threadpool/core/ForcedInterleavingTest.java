package io.github.threadpool.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Defects an independent review found in the redesigned core, each forced at an exact point: a worker
 * passing over a job being cancelled after shutdown, a CompletableJob's stages and the next claim,
 * Job.current() in listeners, a replacement failing while a job is accepted, ids and counts with a first
 * id, a drain that left a job running.
 */
class ForcedInterleavingTest {

    private ThreadPool pool;

    @AfterEach
    void tearDown() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    private static void awaitOpen(CountDownLatch latch) {
        boolean interrupted = false;
        for (;;) {
            try {
                latch.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    // A worker runs a CompletableJob's stages before it claims the next job.
    @Test
    void theNextJobIsNotRunningWhileAPreviousCompletableJobsStageRuns() throws Exception {
        pool = ThreadPool.builder().name("stage-claim").workers(1).build();
        CountDownLatch releaseFirst = new CountDownLatch(1);
        CountDownLatch stageEntered = new CountDownLatch(1);
        CountDownLatch releaseStage = new CountDownLatch(1);
        CompletableJob<String> first = pool.submitCompletable(() -> {
            releaseFirst.await();
            return "one";
        });
        first.whenComplete((value, error) -> {
            stageEntered.countDown();
            awaitOpen(releaseStage);
        });
        Job<String> second = pool.submit(() -> "two");
        try {
            releaseFirst.countDown();
            assertThat(stageEntered.await(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
            // job 2's body has not started: the worker is still inside job 1's stage
            assertThat(second.status()).as("job 2 while job 1's stage runs").isEqualTo(JobStatus.QUEUED);
            assertThat(pool.findJob(second.id()).orElseThrow().startedAt()).isNull();
        } finally {
            releaseStage.countDown();
        }
    }

    // Cancelling the next job never interrupts the previous job's completion stage.
    @Test
    void cancellingTheNextJobNeverInterruptsAPreviousCompletableJobsStage() throws Exception {
        pool = ThreadPool.builder().name("stage-interrupt").workers(1).build();
        CountDownLatch releaseFirst = new CountDownLatch(1);
        CountDownLatch stageEntered = new CountDownLatch(1);
        CountDownLatch releaseStage = new CountDownLatch(1);
        CountDownLatch stageDone = new CountDownLatch(1);
        AtomicBoolean stageInterrupted = new AtomicBoolean();
        CompletableJob<String> first = pool.submitCompletable(() -> {
            releaseFirst.await();
            return "one";
        });
        first.whenComplete((value, error) -> {
            stageEntered.countDown();
            try {
                releaseStage.await();
                stageInterrupted.set(Thread.currentThread().isInterrupted());
            } catch (InterruptedException e) {
                stageInterrupted.set(true);
            }
            stageDone.countDown();
        });
        Job<String> second = pool.submit(() -> "two");
        releaseFirst.countDown();
        assertThat(stageEntered.await(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        second.cancel(true);
        releaseStage.countDown();
        assertThat(stageDone.await(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(stageInterrupted).as("job 1's stage was interrupted by cancelling job 2").isFalse();
    }

    // Job.current() is empty inside a listener, whichever job's thread fires the event.
    @Test
    void jobCurrentIsEmptyInsideAQueuedListenerFiredFromAJobsBody() throws Exception {
        AtomicReference<Optional<Job<?>>> inQueued = new AtomicReference<>();
        pool = ThreadPool.builder().name("current-queued").workers(1)
                .jobListener(new JobListener() {
                    @Override
                    public void queued(JobResult job) {
                        if (job.id() == 2) {
                            inQueued.set(Job.current());
                        }
                    }
                }).build();
        Job<?> outer = pool.submit(() -> pool.submit(() -> "inner")); // job 2's queued event fires on job 1's worker
        outer.get(Gate.WAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(inQueued.get()).as("Job.current() in queued(job 2)").isEmpty();
    }

    @Test
    void jobCurrentIsEmptyInsideAFinishedListenerFiredByACancelFromAJobsBody() throws Exception {
        AtomicReference<Optional<Job<?>>> inFinished = new AtomicReference<>();
        CountDownLatch never = new CountDownLatch(1);
        pool = ThreadPool.builder().name("current-finished").workers(1)
                .completionListener(job -> {
                    if (job.id() == 2) {
                        inFinished.set(Job.current());
                    }
                }).build();
        Job<Boolean> outer = pool.submit(() -> {
            Job<?> inner = pool.submit(() -> {
                never.await();
                return null;
            });
            return pool.cancel(inner.id(), false); // job 2's finished event fires on job 1's worker
        });
        assertThat(outer.get(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(inFinished.get()).as("Job.current() in finished(job 2)").isEmpty();
    }

    // shutdownNow() from a CompletableJob's stage cancels and lists the next job, whose body never runs.
    @Test
    void shutdownNowFromACompletableJobsStageCancelsTheNextJobBeforeItsBodyRuns() throws Exception {
        pool = ThreadPool.builder().name("stage-shutdown-now").workers(1).build();
        CountDownLatch releaseFirst = new CountDownLatch(1);
        AtomicReference<java.util.List<Runnable>> neverStarted = new AtomicReference<>();
        AtomicBoolean secondBodyRan = new AtomicBoolean();
        CompletableJob<String> first = pool.submitCompletable(() -> {
            releaseFirst.await();
            return "one";
        });
        CountDownLatch stageDone = new CountDownLatch(1);
        first.whenComplete((value, error) -> {
            neverStarted.set(pool.shutdownNow()); // job 2 never started: it must be cancelled and listed
            stageDone.countDown();
        });
        Job<String> second = pool.submit(() -> {
            secondBodyRan.set(true);
            return "two";
        });
        releaseFirst.countDown();
        assertThat(stageDone.await(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(pool.awaitTermination(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(secondBodyRan).as("job 2's body ran after shutdownNow() returned").isFalse();
        assertThat(second.isCancelled()).as("job 2 is %s", second.status()).isTrue();
        assertThat(neverStarted.get()).as("shutdownNow()'s list of jobs that never started").contains((Runnable) second);
    }

    // A job accepted while the only worker's replacement fails is still run: the dying worker tries once more.
    @Test
    void aJobAcceptedWhileTheLastWorkersReplacementFailsIsNotLeftQueuedWithNoWorker() throws Exception {
        CountDownLatch replacing = new CountDownLatch(1);
        CountDownLatch failReplacement = new CountDownLatch(1);
        AtomicInteger made = new AtomicInteger();
        ThreadFactory factory = runnable -> {
            int n = made.incrementAndGet();
            if (n == 2) {
                replacing.countDown();
                awaitOpen(failReplacement);
                throw new IllegalStateException("no thread for the replacement");
            }
            return new Thread(runnable, "only-worker-" + n);
        };
        AtomicBoolean killed = new AtomicBoolean();
        pool = ThreadPool.builder().name("no-worker").workers(1).threadFactory(factory)
                .beforeTake((Worker worker) -> {
                    if (worker.current != null && killed.compareAndSet(false, true)) {
                        throw new Error("the worker dies outside a job");
                    }
                }).build();
        pool.submit(() -> "kills the worker at its next take");
        assertThat(replacing.await(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        // The dying worker is still counted alive here, so admit() does not restore a worker.
        Job<String> job = pool.submit(() -> "queued with nobody to run it");
        failReplacement.countDown();
        // The dying worker, its replacement refused, starts one more for the job queued meanwhile.
        assertThat(job.get(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("queued with nobody to run it");
        assertThat(pool.snapshot().workers().alive()).isEqualTo(1);
    }

    // Ids never wrap to negative: a first id is at most 2^62, which leaves 2^62 ids after it, and the
    // highest first id accepted still gives ids that the store finds.
    @Test
    void idsNeverWrapToNegative() throws Exception {
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
                .isThrownBy(() -> ThreadPool.builder().firstJobId(Long.MAX_VALUE))
                .withMessage("firstJobId must be between 1 and 4611686018427387904, was 9223372036854775807");
        pool = ThreadPool.builder().name("max-id").workers(1).firstJobId(ThreadPool.Builder.MAX_FIRST_JOB_ID).build();
        Job<String> first = pool.submit(() -> "first");
        Job<String> second = pool.submit(() -> "second");
        second.get(Gate.WAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(first.id()).isEqualTo(ThreadPool.Builder.MAX_FIRST_JOB_ID);
        assertThat(second.id()).isEqualTo(first.id() + 1);
        assertThat(pool.results().get(second.id())).as("results().get(%s)", second.id()).isPresent();
    }

    // With a first id, the snapshot counts only the jobs the pool accepted.
    @Test
    void aSnapshotCountsOnlyTheJobsThePoolAccepted() throws Exception {
        pool = ThreadPool.builder().name("offset-ids").workers(1).firstJobId(1_000_001L).build();
        assertThat(pool.submit(() -> "only").get(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("only");
        await().atMost(Gate.WAIT_SECONDS, TimeUnit.SECONDS).until(() -> pool.snapshot().jobs().succeeded() == 1);
        PoolSnapshot.JobCounts jobs = pool.snapshot().jobs();
        assertThat(jobs.submitted()).as("submitted").isEqualTo(1);
        assertThat(jobs.running()).as("running").isZero();
    }

    // After shutdown(), a worker that empties the queue by passing over a job being cancelled exits
    // rather than waiting for a signal that never comes, and the pool terminates.
    @Test
    void aWorkerPassingOverACancelledJobAfterShutdownStillExitsAndThePoolTerminates() throws Exception {
        CountDownLatch inListener = new CountDownLatch(1);
        CountDownLatch releaseListener = new CountDownLatch(1);
        pool = ThreadPool.builder().name("lost-exit").workers(1)
                .completionListener(job -> {
                    if (job.id() == 1) {
                        inListener.countDown();
                        awaitOpen(releaseListener); // the worker: job 1 settled, not yet back at the queue
                    }
                }).build();
        pool.submit(() -> "one");
        assertThat(inListener.await(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        Job<String> second = pool.submit(() -> "two"); // queued, depth 1
        pool.shutdown();                                // closed; job 2 stays queued for the worker

        cancelWhileTheWorkerPassesOverIt(second, releaseListener);
        assertThat(second.isCancelled()).isTrue();
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS))
                .as("terminated; snapshot %s", pool.snapshot()).isTrue();
    }

    // A job whose body throws CancellationException is FAILED, and its CompletableJob is not cancelled.
    @Test
    void aCompletableJobOfAFailedJobIsNotCancelled() throws Exception {
        pool = ThreadPool.builder().name("failed-not-cancelled").workers(1).build();
        CompletableJob<String> job = pool.submitCompletable(() -> {
            throw new java.util.concurrent.CancellationException("the body gave up");
        });
        await().atMost(Gate.WAIT_SECONDS, TimeUnit.SECONDS).until(job::isDone);
        assertThat(job.status()).isEqualTo(JobStatus.FAILED);
        assertThat(job.isCancelled()).as("isCancelled() of a FAILED job").isFalse();
    }

    // A graceful shutdown that left a CALLER_RUNS job running does not report drained().
    @Test
    void aGracefulShutdownThatLeftAJobRunningIsNotDrained() throws Exception {
        pool = ThreadPool.builder().name("drained-lie").workers(1).queueCapacity(1)
                .rejectionPolicy(RejectionPolicy.CALLER_RUNS).build();
        CountDownLatch releaseFirst = new CountDownLatch(1);
        CountDownLatch callerJobStarted = new CountDownLatch(1);
        CountDownLatch releaseCallerJob = new CountDownLatch(1);
        CountDownLatch firstStarted = new CountDownLatch(1);
        Job<String> first = pool.submit(() -> {
            firstStarted.countDown();
            releaseFirst.await();
            return "one";
        });
        assertThat(firstStarted.await(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).isTrue(); // the queue is empty again
        Job<String> second = pool.submit(() -> "two"); // fills the queue
        Thread submitter = new Thread(() -> pool.submit(() -> { // queue full: runs in this thread
            callerJobStarted.countDown();
            awaitOpen(releaseCallerJob);
            return "three";
        }), "caller-runs");
        submitter.start();
        try {
            assertThat(callerJobStarted.await(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
            releaseFirst.countDown();
            assertThat(first.get(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("one");
            assertThat(second.get(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("two");

            ShutdownReport report = pool.shutdownGracefully(java.time.Duration.ZERO);

            assertThat(report.stillRunning()).isEqualTo(1);
            assertThat(report.drained() && !pool.isTerminated())
                    .as("drained() is %s with the pool terminated %s: %s", report.drained(), pool.isTerminated(), report)
                    .isFalse();
        } finally {
            releaseCallerJob.countDown();
            submitter.join(TimeUnit.SECONDS.toMillis(Gate.WAIT_SECONDS));
        }
    }

    // The same with no listener at all: the worker is held in a CompletableJob's stage instead.
    @Test
    void aWorkerPassingOverACancelledJobAfterShutdownExitsWithNoListenerEither() throws Exception {
        pool = ThreadPool.builder().name("lost-exit-stage").workers(1).build();
        CountDownLatch releaseFirst = new CountDownLatch(1);
        CountDownLatch inStage = new CountDownLatch(1);
        CountDownLatch releaseStage = new CountDownLatch(1);
        pool.submitCompletable(() -> {
            releaseFirst.await(); // the stage below is registered before job 1 completes
            return "one";
        }).whenComplete((value, error) -> {
            inStage.countDown();
            awaitOpen(releaseStage);
        });
        releaseFirst.countDown();
        assertThat(inStage.await(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        Job<String> second = pool.submit(() -> "two");
        pool.shutdown();
        cancelWhileTheWorkerPassesOverIt(second, releaseStage);
        assertThat(second.isCancelled()).isTrue();
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS))
                .as("terminated; snapshot %s", pool.snapshot()).isTrue();
    }

    /**
     * Holds the canceller of {@code queued} between its CAS (QUEUED to CANCELLING) and the queue's locks,
     * then lets the worker (held by {@code releaseWorker}) look at the closed queue: it passes over the
     * job, which empties the queue, and must exit rather than wait.
     */
    private void cancelWhileTheWorkerPassesOverIt(Job<?> queued, CountDownLatch releaseWorker) throws Exception {
        java.lang.reflect.Field field = JobQueue.class.getDeclaredField("putLock");
        field.setAccessible(true);
        java.util.concurrent.locks.ReentrantLock putLock = (java.util.concurrent.locks.ReentrantLock) field.get(pool.queue());
        Thread canceller = new Thread(() -> queued.cancel(false), "canceller");
        putLock.lock();
        try {
            canceller.start();
            await().atMost(Gate.WAIT_SECONDS, TimeUnit.SECONDS).until(() -> putLock.hasQueuedThread(canceller));
            assertThat(((PoolJob<?>) queued).state()).isEqualTo(PoolJob.CANCELLING);
            releaseWorker.countDown();
            // Polled in this thread, which holds the put lock that a snapshot takes too.
            await().pollInSameThread().atMost(Gate.WAIT_SECONDS, TimeUnit.SECONDS)
                    .until(() -> pool.queue().idleWorkers() == 1 || pool.snapshot().workers().alive() == 0);
        } finally {
            putLock.unlock();
        }
        canceller.join(TimeUnit.SECONDS.toMillis(Gate.WAIT_SECONDS));
    }
}
