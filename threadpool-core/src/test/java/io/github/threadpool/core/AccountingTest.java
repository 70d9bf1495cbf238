package io.github.threadpool.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.RunnableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Counts, snapshots and shutdown accounting: every accepted job counted once, and accounted for at shutdown. */
class AccountingTest {

    private ThreadPool pool;

    @AfterEach
    void shutDown() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    @Test
    void runningAQueuedJobDirectlyTakesItOutOfTheQueue() throws Exception {
        // #9.6: the old queue still counted it, so a capacity-1 pool refused every later job.
        pool = ThreadPool.builder().name("run-queued").workers(1).queueCapacity(1).build();
        Gate gate = new Gate();
        pool.submit(gate.job("busy"));
        gate.awaitStarted(1);
        Job<String> queued = pool.submit(() -> "ran inline");

        ((RunnableFuture<String>) queued).run();

        assertThat(queued.get()).isEqualTo("ran inline");
        assertThat(((JobResult) queued).workerName()).isEqualTo(Thread.currentThread().getName());
        PoolSnapshot s = pool.snapshot();
        assertThat(s.queue().depth()).isZero();
        assertThat(s.jobs().submitted()).isEqualTo(2);
        assertThat(s.jobs().running()).isEqualTo(1);
        assertThat(s.jobs().succeeded()).isEqualTo(1);
        Job<String> next = pool.submit(() -> "accepted"); // capacity 1: room again
        gate.open();
        assertThat(next.get(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("accepted");
        await().atMost(Gate.WAIT_SECONDS, TimeUnit.SECONDS).until(() -> pool.snapshot().jobs().finished() == 3);
        s = pool.snapshot();
        assertThat(s.jobs().submitted()).isEqualTo(3);
        assertThat(s.jobs().queued()).isZero();
        assertThat(s.jobs().running()).isZero();
    }

    @Test
    void aJobRunsOnceWhoeverClaimsIt() throws Exception {
        // Claims race: a worker, two callers of run(). Exactly one runs the body; the runner reported is its thread.
        pool = ThreadPool.builder().name("claims").workers(2).build();
        for (int round = 0; round < 2_000; round++) {
            AtomicInteger runs = new AtomicInteger();
            Job<String> job = pool.submit(() -> {
                runs.incrementAndGet();
                return Thread.currentThread().getName();
            });
            CompletableFuture<Object> a = async(() -> {
                ((RunnableFuture<?>) job).run();
                return null;
            });
            ((RunnableFuture<?>) job).run();
            a.get(Gate.WAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(job.get(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(((JobResult) job).workerName());
            assertThat(runs.get()).isEqualTo(1);
        }
        await().atMost(Gate.WAIT_SECONDS, TimeUnit.SECONDS)
                .until(() -> pool.snapshot().jobs().succeeded() == 2_000);
        assertThat(pool.snapshot().jobs().running()).isZero();
    }

    @Test
    void snapshotRelationsHoldOnEverySnapshotDuringAResizeStorm() throws Exception {
        // #9.7: depth > capacity, alive < configured, busy > alive and negative running times were seen.
        pool = ThreadPool.builder().name("storm").workers(3).queueCapacity(15).build();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> threads = new ArrayList<>();
        threads.add(new Thread(() -> {
            while (!stop.get()) {
                pool.setWorkers(ThreadLocalRandom.current().nextInt(1, 6));
            }
        }));
        for (int i = 0; i < 2; i++) {
            threads.add(new Thread(() -> {
                while (!stop.get()) {
                    try {
                        Job<?> job = pool.submit(() -> { });
                        if (ThreadLocalRandom.current().nextInt(8) == 0) {
                            job.cancel(true);
                        }
                    } catch (RejectedExecutionException full) {
                        Thread.onSpinWait();
                    }
                }
            }));
        }
        threads.forEach(Thread::start);
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Gate.WAIT_SECONDS);
            for (int i = 0; i < 20_000 && System.nanoTime() < deadline; i++) {
                assertRelations(pool.snapshot());
            }
        } finally {
            stop.set(true);
            for (Thread t : threads) {
                t.join();
            }
        }
        assertRelations(pool.snapshot());
    }

    /** On a thread of its own: the common pool may have a single thread on a 2-core machine. */
    private static <T> CompletableFuture<T> async(java.util.concurrent.Callable<T> body) {
        return async("async", body);
    }

    private static <T> CompletableFuture<T> async(String threadName, java.util.concurrent.Callable<T> body) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                result.complete(body.call());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        }, threadName);
        thread.start();
        return result;
    }

    /**
     * A {@code CALLER_RUNS} pool named {@code name} whose one worker runs the returned gate's job and whose
     * queue of one is full, so the next submission runs in its submitter's thread.
     */
    private Gate fillCallerRunsPool(String name) throws InterruptedException {
        pool = ThreadPool.builder().name(name).workers(1).queueCapacity(1)
                .rejectionPolicy(RejectionPolicy.CALLER_RUNS).build();
        Gate worker = new Gate();
        pool.submit(worker.job("worker"));
        worker.awaitStarted(1);
        pool.submit(() -> "queued");
        return worker;
    }

    private static void assertRelations(PoolSnapshot s) {
        PoolSnapshot.Workers w = s.workers();
        PoolSnapshot.JobCounts j = s.jobs();
        assertThat(w.busy()).as("busy <= alive in %s", s).isLessThanOrEqualTo(w.alive());
        assertThat(w.alive()).as("alive >= configured while running in %s", s).isGreaterThanOrEqualTo(w.configured());
        assertThat(w.idle()).isEqualTo(w.alive() - w.busy());
        assertThat(s.queue().depth()).as("depth <= capacity in %s", s).isLessThanOrEqualTo(s.queue().capacity());
        assertThat(s.queue().remaining()).isEqualTo(s.queue().capacity() - s.queue().depth());
        assertThat(s.queue().oldestWait().isNegative()).isFalse();
        assertThat(w.busyWorkers()).allSatisfy(b -> assertThat(b.runningFor().isNegative()).isFalse());
        assertThat(j.running()).as("running in %s", s).isNotNegative();
        assertThat(j.queued()).isEqualTo(s.queue().depth());
        assertThat(j.submitted()).isEqualTo(j.queued() + j.running() + j.finished());
    }

    @Test
    void aGracefulShutdownCountsAndWaitsForACallerRunsJob() throws Exception {
        // Suspected in #9: the report left CALLER_RUNS jobs out and the drain did not wait for them.
        Gate worker = fillCallerRunsPool("caller-runs");
        Gate caller = new Gate();
        CompletableFuture<Job<String>> callerRuns = callerRunsGatedJob(caller);

        CompletableFuture<ShutdownReport> report = new CompletableFuture<>();
        Thread drainer = new Thread(() -> report.complete(pool.shutdownGracefully(Duration.ofSeconds(Gate.WAIT_SECONDS))));
        drainer.start();
        // The drain has listed what is pending and waits for the worker to exit.
        await().atMost(Gate.WAIT_SECONDS, TimeUnit.SECONDS).until(() -> drainer.getState() == Thread.State.TIMED_WAITING);
        worker.open();
        await().atMost(Gate.WAIT_SECONDS, TimeUnit.SECONDS).until(() -> pool.snapshot().workers().alive() == 0);
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(5)).until(() -> !report.isDone());
        caller.open();

        ShutdownReport r = report.get(Gate.WAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(r.pending()).isEqualTo(3);
        assertThat(r.succeeded()).isEqualTo(3);
        assertThat(r.drained()).isTrue();
        assertThat(callerRuns.get(Gate.WAIT_SECONDS, TimeUnit.SECONDS).get()).isEqualTo("caller");
    }

    @Test
    void aCallerRunsJobShuttingDownGracefullyWhileAnotherThreadDrainsDoesNotWaitForItself() throws Exception {
        // The drain waited for the CALLER_RUNS job, which waited for the drain's report: stuck until the
        // drain's timeout. Like a worker's job, it is reported as still running and its call returns.
        Gate worker = fillCallerRunsPool("caller-asks");
        CountDownLatch callerStarted = new CountDownLatch(1);
        CountDownLatch callerGo = new CountDownLatch(1);
        CompletableFuture<ShutdownReport> callersReport = new CompletableFuture<>();
        CompletableFuture<Job<String>> callerRuns = async(() -> pool.submit(() -> {
            callerStarted.countDown();
            callerGo.await();
            callersReport.complete(pool.shutdownGracefully(Duration.ofDays(1)));
            return "caller";
        }));
        assertThat(callerStarted.await(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<ShutdownReport> drainersReport = async(() -> pool.shutdownGracefully(Duration.ofDays(1)));
        await().atMost(Gate.WAIT_SECONDS, TimeUnit.SECONDS).until(pool::isShutdown); // the drain has begun
        worker.open();
        await().atMost(Gate.WAIT_SECONDS, TimeUnit.SECONDS).until(() -> pool.snapshot().workers().alive() == 0);
        callerGo.countDown();

        ShutdownReport inner = callersReport.get(Gate.WAIT_SECONDS, TimeUnit.SECONDS);
        ShutdownReport outer = drainersReport.get(Gate.WAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(inner).isSameAs(outer);
        assertThat(outer.pending()).isEqualTo(3);
        assertThat(outer.succeeded()).isEqualTo(2);
        assertThat(outer.stillRunning()).as("the caller's own job").isEqualTo(1);
        assertThat(outer.interrupted() + outer.cancelledUnstarted()).isZero();
        assertThat(callerRuns.get(Gate.WAIT_SECONDS, TimeUnit.SECONDS).get()).isEqualTo("caller");
        assertThat(pool.isTerminated()).isTrue();
    }

    @Test
    void aCallerRunsJobKeepsThePoolFromTerminatingAndClosingWaitsForIt() throws Exception {
        // isTerminated() used to be "shut down and no worker alive": a CALLER_RUNS job still running in
        // its submitter did not count, so close() returned, and try-with-resources left the job running.
        Gate worker = fillCallerRunsPool("caller-holds");
        Gate caller = new Gate();
        CompletableFuture<Job<String>> callerRuns = callerRunsGatedJob(caller);
        pool.shutdown();
        worker.open();
        await().atMost(Gate.WAIT_SECONDS, TimeUnit.SECONDS).until(() -> pool.snapshot().workers().alive() == 0);

        assertThat(pool.isTerminated()).isFalse();
        assertThat(pool.awaitTermination(0, TimeUnit.SECONDS)).isFalse();
        PoolSnapshot s = pool.snapshot();
        assertThat(s.state()).isEqualTo(PoolState.SHUTTING_DOWN);
        assertThat(s.jobs().running()).isEqualTo(1);
        CompletableFuture<Boolean> closed = async("caller-holds-waiter", () -> {
            pool.close();
            return pool.isTerminated();
        });
        CompletableFuture<Boolean> awaited = async("caller-holds-waiter", () -> pool.awaitTermination(1, TimeUnit.DAYS));
        await().atMost(Gate.WAIT_SECONDS, TimeUnit.SECONDS).until(() -> waitingThreads("caller-holds-waiter") == 2);
        assertThat(closed).as("close() returned while the CALLER_RUNS job ran").isNotDone();
        assertThat(awaited).as("awaitTermination returned while the CALLER_RUNS job ran").isNotDone();

        caller.open();
        assertThat(closed.get(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(awaited.get(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(callerRuns.get(Gate.WAIT_SECONDS, TimeUnit.SECONDS).get()).isEqualTo("caller");
        assertThat(pool.snapshot().state()).isEqualTo(PoolState.TERMINATED);
    }

    @Test
    void aJobRunByItsCallerThroughRunKeepsThePoolFromTerminating() throws Exception {
        pool = ThreadPool.builder().name("run-holds").workers(1).build();
        Gate worker = new Gate();
        pool.submit(worker.job("worker"));
        worker.awaitStarted(1);
        Gate runner = new Gate();
        Job<String> queued = pool.submit(runner.job("ran by its caller"));
        CompletableFuture<Object> ran = async(() -> {
            ((RunnableFuture<String>) queued).run();
            return null;
        });
        runner.awaitStarted(1);
        pool.shutdown();
        worker.open();
        await().atMost(Gate.WAIT_SECONDS, TimeUnit.SECONDS).until(() -> pool.snapshot().workers().alive() == 0);

        assertThat(pool.isTerminated()).isFalse();
        assertThat(pool.snapshot().state()).isEqualTo(PoolState.SHUTTING_DOWN);

        runner.open();
        ran.get(Gate.WAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(pool.awaitTermination(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(queued.get()).isEqualTo("ran by its caller");
    }

    @Test
    void aCallerRunsJobClosingOrAwaitingItsPoolWaitsForTheOthersButNotForItself() throws Exception {
        Gate worker = fillCallerRunsPool("caller-closes-alone");
        CountDownLatch callerGo = new CountDownLatch(1);
        CompletableFuture<Job<Boolean>> callerRuns = callerRunsJobClosingThePool(callerGo);
        callerGo.countDown();
        await().atMost(Gate.WAIT_SECONDS, TimeUnit.SECONDS).until(pool::isShutdown); // close() has begun
        worker.open();

        assertThat(callerRuns.get(Gate.WAIT_SECONDS, TimeUnit.SECONDS).get(Gate.WAIT_SECONDS, TimeUnit.SECONDS))
                .as("close() waited for the worker's jobs, and awaitTermination said false rather than wait for itself")
                .isTrue();
        assertThat(pool.awaitTermination(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(pool.snapshot().jobs().succeeded()).isEqualTo(3);
    }

    /**
     * Submits, from a thread of its own, a job that runs in that thread (the pool is filled), waits for
     * {@code go}, closes the pool and then awaits its termination; returns once the job has started.
     * The job's value: whether the worker had exited when close() returned, and awaitTermination said
     * false rather than wait for the job itself.
     */
    private CompletableFuture<Job<Boolean>> callerRunsJobClosingThePool(CountDownLatch go) throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1);
        CompletableFuture<Job<Boolean>> callerRuns = async(() -> pool.submit(() -> {
            started.countDown();
            go.await();
            pool.close();
            boolean workerGone = pool.snapshot().workers().alive() == 0;
            return workerGone && !pool.awaitTermination(1, TimeUnit.DAYS);
        }));
        assertThat(started.await(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        return callerRuns;
    }

    /** Submits {@code caller}'s job from a thread of its own, where it runs (the pool is full); returns once it has started. */
    private CompletableFuture<Job<String>> callerRunsGatedJob(Gate caller) throws InterruptedException {
        CompletableFuture<Job<String>> callerRuns = async(() -> pool.submit(caller.job("caller")));
        caller.awaitStarted(1);
        return callerRuns;
    }

    /** How many live threads named {@code name} are waiting (parked or in a timed wait). */
    private static long waitingThreads(String name) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals(name))
                .filter(t -> t.getState() == Thread.State.WAITING || t.getState() == Thread.State.TIMED_WAITING)
                .count();
    }

    @Test
    void aCallerRunsJobClosingOrAwaitingThePoolWhileAnotherThreadDrainsReturns() throws Exception {
        // close() waits for every job but the caller's own, and awaitTermination says false rather than
        // wait for itself. While the caller is inside close() its job is one asking, which a drain does
        // not wait for (two jobs closing their pool would otherwise wait for each other); once close()
        // has returned it is an ordinary running job again. So the drain reports it as still running
        // or, if it looked after close() returned, waits for it and reports it succeeded: every job is
        // accounted for either way.
        Gate worker = fillCallerRunsPool("caller-closes");
        CountDownLatch callerGo = new CountDownLatch(1);
        CompletableFuture<Job<Boolean>> callerRuns = callerRunsJobClosingThePool(callerGo);
        CompletableFuture<ShutdownReport> drainersReport = async(() -> pool.shutdownGracefully(Duration.ofDays(1)));
        await().atMost(Gate.WAIT_SECONDS, TimeUnit.SECONDS).until(pool::isShutdown);
        worker.open();
        callerGo.countDown();

        assertThat(callerRuns.get(Gate.WAIT_SECONDS, TimeUnit.SECONDS).get(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        ShutdownReport report = drainersReport.get(Gate.WAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(report.pending()).isEqualTo(3);
        assertThat(report.succeeded()).as("the worker's two jobs, and maybe the caller's").isBetween(2L, 3L);
        assertThat(report.succeeded() + report.stillRunning()).isEqualTo(3);
    }

    @Test
    void twoCallerRunsJobsClosingTheirPoolDoNotWaitForEachOther() throws Exception {
        Gate worker = fillCallerRunsPool("callers-close");
        CountDownLatch bothStarted = new CountDownLatch(2);
        CountDownLatch go = new CountDownLatch(1);
        java.util.concurrent.Callable<String> closes = () -> {
            bothStarted.countDown();
            go.await();
            pool.close();
            return "closed";
        };
        CompletableFuture<Job<String>> first = async(() -> pool.submit(closes));
        CompletableFuture<Job<String>> second = async(() -> pool.submit(closes));
        assertThat(bothStarted.await(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        go.countDown();
        worker.open();

        assertThat(first.get(Gate.WAIT_SECONDS, TimeUnit.SECONDS).get(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("closed");
        assertThat(second.get(Gate.WAIT_SECONDS, TimeUnit.SECONDS).get(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("closed");
        assertThat(pool.awaitTermination(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aGracefulShutdownsDeadlineInterruptsTheWorkersJobsAndLeavesACallerRunsJobToFinish() throws Exception {
        // The deadline cancelled the CALLER_RUNS job without an interrupt (the submitter is not the
        // pool's thread), and the report counted it as interrupted while its code ran on to the end.
        Gate worker = fillCallerRunsPool("caller-deadline");
        Gate caller = new Gate();
        CompletableFuture<Job<String>> callerRuns = callerRunsGatedJob(caller);

        ShutdownReport report = pool.shutdownGracefully(Duration.ZERO);

        assertThat(report.pending()).isEqualTo(3);
        assertThat(report.cancelledUnstarted()).as("the queued job").isEqualTo(1);
        assertThat(report.interrupted()).as("the worker's job").isEqualTo(1);
        assertThat(report.stillRunning()).as("the CALLER_RUNS job, left alone").isEqualTo(1);
        assertThat(pool.isTerminated()).isFalse();
        caller.open();
        assertThat(callerRuns.get(Gate.WAIT_SECONDS, TimeUnit.SECONDS).get(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("caller");
        worker.open();
        assertThat(pool.awaitTermination(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void shutdownNowCancelsACallerRunsJobWithoutInterruptingTheCaller() throws Exception {
        Gate worker = fillCallerRunsPool("caller-runs-now");
        CountDownLatch callerStarted = new CountDownLatch(1);
        CountDownLatch callerGo = new CountDownLatch(1);
        CompletableFuture<Boolean> callerInterrupted = new CompletableFuture<>();
        Thread submitter = new Thread(() -> {
            pool.submit(() -> {
                callerStarted.countDown();
                callerGo.await();
                return "caller";
            });
            callerInterrupted.complete(Thread.currentThread().isInterrupted());
        });
        submitter.start();
        assertThat(callerStarted.await(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        Job<?> callerJob = pool.findJob(3).map(Job.class::cast).orElseThrow();
        assertThat(callerJob.status()).isEqualTo(JobStatus.RUNNING);

        List<Runnable> neverStarted = pool.shutdownNow();

        assertThat(neverStarted).extracting(r -> ((Job<?>) r).id()).containsExactly(2L);
        assertThat(callerJob.isCancelled()).isTrue();
        callerGo.countDown();
        assertThat(callerInterrupted.get(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).isFalse();
        worker.open();
        assertThat(pool.awaitTermination(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void shutdownNowLeavesNoAcceptedJobUnaccountedFor() throws Exception {
        // Suspected in #9: a job taken but not yet claimed escaped shutdownNow's list. Take and claim
        // are now one critical section; every job either started or is in the list.
        for (int round = 0; round < 200; round++) {
            ThreadPool p = ThreadPool.builder().name("now-" + round).workers(2).queueCapacity(1_000).build();
            List<Job<?>> jobs = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                jobs.add(p.submit(() -> { }));
            }
            List<Runnable> neverStarted = p.shutdownNow();
            assertThat(p.awaitTermination(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
            for (Job<?> job : jobs) {
                assertThat(job.isDone()).isTrue();
                assertThat(neverStarted.contains(job)).as("job %d listed iff it never started", job.id())
                        .isEqualTo(((JobResult) job).startedAt() == null);
            }
            PoolSnapshot s = p.snapshot();
            assertThat(s.jobs().finished()).isEqualTo(200);
            assertThat(s.jobs().queued()).isZero();
        }
    }

    @Test
    void runTimeIsExactRelativeToTheStartHoweverLongTheJobWaited() throws Exception {
        // CompactNanos measured both offsets from submission: a 300 µs job that waited over 1.07 s
        // reported 0 or 1,048 µs.
        pool = ThreadPool.builder().name("compact").workers(1).build();
        PoolJob<String> job = PoolJob.of(pool, () -> {
            long end = System.nanoTime() + 300_000L;
            while (System.nanoTime() < end) {
                Thread.onSpinWait();
            }
            return "done";
        });
        long now = System.nanoTime();
        job.accept(1_000_000L, now - TimeUnit.SECONDS.toNanos(5)); // submitted 5 s ago
        assertThat(job.claim(Thread.currentThread(), now)).isTrue();
        job.execute(Thread.currentThread(), null);
        long around = System.nanoTime() - now;

        assertThat(job.runTime()).isBetween(Duration.ofNanos(300_000), Duration.ofNanos(around));
        assertThat(job.queueWait()).isBetween(Duration.ofMillis(4_990), Duration.ofMillis(5_010));
        assertThat(Duration.between(job.startedAt(), job.finishedAt())).isEqualTo(job.runTime());
    }

    @Test
    void aLongWaitsStartIsTheClaimInstantAndIsPublishedWithTheRunningState() throws Exception {
        // The claim corrects the submission time of a wait over ~1.07 s (kept to ~1 ms) so that the
        // start is exact; it does so before the CAS to RUNNING, so whatever reads RUNNING reads these.
        pool = ThreadPool.builder().name("claim").workers(1).build();
        PoolJob<String> job = PoolJob.of(pool, () -> "done");
        long now = System.nanoTime();
        job.accept(1_000_000L, now - TimeUnit.SECONDS.toNanos(5) - 123_456L); // not a multiple of the coarse unit
        Instant submittedBefore = job.submittedAt();

        assertThat(job.claim(Thread.currentThread(), now)).isTrue();
        assertThat(job.status()).isEqualTo(JobStatus.RUNNING);
        assertThat(job.startedAt()).isEqualTo(ThreadPool.instantOf(now));
        assertThat(job.submittedAt().plus(job.queueWait())).isEqualTo(job.startedAt());
        assertThat(Duration.between(submittedBefore, job.submittedAt()).abs()).isLessThan(Duration.ofNanos(1L << 20));
        Instant submitted = job.submittedAt();
        job.execute(Thread.currentThread(), null);
        assertThat(job.submittedAt()).as("the submission time does not move once the job has started").isEqualTo(submitted);
        assertThat(job.startedAt()).isEqualTo(ThreadPool.instantOf(now));
    }
}
