package io.github.threadpool.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WorkerTest {

    private ThreadPool pool;

    @AfterEach
    void tearDown() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    private static Set<Thread> threadsNamed(String prefix) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith(prefix)).collect(Collectors.toSet());
    }

    @Test
    void startsNamedWorkersThatBlockWhileIdle() {
        pool = ThreadPool.builder().name("idle").workers(3).build();
        await().atMost(Gate.WAIT_SECONDS, TimeUnit.SECONDS).untilAsserted(() -> {
            Set<Thread> workers = threadsNamed("idle-worker-");
            assertThat(workers).extracting(Thread::getName)
                    .containsExactlyInAnyOrder("idle-worker-1", "idle-worker-2", "idle-worker-3");
            // Blocked on the queue's condition, not spinning.
            assertThat(workers).allSatisfy(t -> assertThat(t.getState()).isEqualTo(Thread.State.WAITING));
        });
    }

    @Test
    void tellsItsOwnWorkersFromEveryOtherThreadWhateverTheirNames() throws Exception {
        pool = ThreadPool.builder().name("same").workers(1).build();
        // Another pool whose threads carry the very same names: only the pool itself can tell.
        try (ThreadPool twin = ThreadPool.builder().name("same").workers(1).build()) {
            assertThat(pool.submit(pool::isWorkerThread).get(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
            assertThat(twin.submit(pool::isWorkerThread).get(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).isFalse();
            assertThat(pool.isWorkerThread()).as("the test's own thread").isFalse();
        }
    }

    @Test
    void keepsTheSameThreadsAcrossJobs() throws Exception {
        pool = ThreadPool.builder().name("reuse").workers(2).build();
        Set<String> names = ConcurrentHashMap.newKeySet();
        List<Job<?>> jobs = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            jobs.add(pool.submit(() -> names.add(Thread.currentThread().getName())));
        }
        for (Job<?> job : jobs) {
            job.get(Gate.WAIT_SECONDS, TimeUnit.SECONDS);
        }
        assertThat(names).isSubsetOf("reuse-worker-1", "reuse-worker-2");
    }

    @Test
    void aThrowingJobFailsOnlyItself() throws Exception {
        pool = ThreadPool.builder().name("throws").workers(1).build();
        Job<Object> bad = pool.submit(() -> {
            throw new StackOverflowError("deliberate");
        });
        Job<String> good = pool.submit(() -> "still working");

        assertThat(good.get(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("still working");
        assertThatThrownBy(bad::get).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(StackOverflowError.class);
        assertThat(bad.status()).isEqualTo(JobStatus.FAILED);
        assertThat(pool.snapshot().workers().replaced()).isZero();
        assertThat(threadsNamed("throws-worker-")).extracting(Thread::getName).containsExactly("throws-worker-1");
    }

    @Test
    void aWorkerThatDiesIsReplacedAndCounted() throws Exception {
        AtomicBoolean killed = new AtomicBoolean();
        pool = ThreadPool.builder().name("dies").workers(1).beforeTake((Worker worker) -> {
            if (worker.current != null && killed.compareAndSet(false, true)) {
                throw new Error("the worker dies outside a job");
            }
        }).build();
        assertThat(pool.submit(() -> "first").get(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("first");

        await().atMost(Gate.WAIT_SECONDS, TimeUnit.SECONDS)
                .until(() -> pool.snapshot().workers().replaced() == 1);
        assertThat(pool.submit(() -> Thread.currentThread().getName()).get(Gate.WAIT_SECONDS, TimeUnit.SECONDS))
                .isEqualTo("dies-worker-2");
        // The replacement starts before the dead worker leaves, so for a moment both are counted.
        await().atMost(Gate.WAIT_SECONDS, TimeUnit.SECONDS).until(() -> pool.snapshot().workers().alive() == 1);
        assertThat(pool.snapshot().jobs().succeeded()).isEqualTo(2);
    }

    @Test
    void aWorkerDyingAfterItsJobFinishedLeavesThatJobsOutcomeAsItWas() throws Exception {
        // abandon() is for a job its worker was still running; a finished one keeps its outcome.
        AtomicBoolean killed = new AtomicBoolean();
        pool = ThreadPool.builder().name("late-death").workers(1).beforeTake((Worker worker) -> {
            if (worker.current != null && killed.compareAndSet(false, true)) {
                throw new Error("dies between its finished job and the next"); // current is still the finished job
            }
        }).build();
        Job<String> job = pool.submit(() -> "value");
        assertThat(job.get(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("value");

        await().atMost(Gate.WAIT_SECONDS, TimeUnit.SECONDS)
                .until(() -> pool.snapshot().workers().replaced() == 1);
        assertThat(job.status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(job.get()).isEqualTo("value");
        assertThat(pool.findJob(job.id())).get().satisfies(result -> {
            assertThat(result.value()).isEqualTo("value");
            assertThat(result.error()).isNull();
        });
    }

    @Test
    void aHandlerThatThrowsEvenACheckedExceptionIsLoggedAndItsWorkerGoesOnWithTheNextJob() throws Exception {
        // A handler that threw killed its worker; one that threw an undeclared checked exception
        // (a Kotlin lambda, @SneakyThrows) got past the RuntimeException | Error guards too.
        Gate gate = new Gate();
        pool = ThreadPool.builder().name("handler-throws").workers(1)
                .uncaughtExceptionHandler((thread, failure) -> Sneaky.raise(new java.io.IOException("handler gave up")))
                .build();
        pool.submit(gate.job("held"));
        gate.awaitStarted(1);
        pool.execute(() -> {
            throw new IllegalArgumentException("job failed");
        });
        Job<String> next = pool.submit(() -> Thread.currentThread().getName());
        gate.open();

        assertThat(next.get(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("handler-throws-worker-1");
        PoolSnapshot snapshot = pool.snapshot();
        assertThat(snapshot.workers().replaced()).isZero();
        assertThat(snapshot.jobs().failed()).isEqualTo(1);
        JobResult failed = pool.results().recent(3).stream().filter(r -> r.status() == JobStatus.FAILED)
                .findFirst().orElseThrow();
        assertThat(failed.error()).isInstanceOf(IllegalArgumentException.class).hasMessage("job failed");
    }

    @Test
    void executeReportsFailuresToTheWorkersHandler() {
        List<String> seen = new CopyOnWriteArrayList<>();
        pool = ThreadPool.builder().name("reports").workers(1)
                .uncaughtExceptionHandler((thread, failure) -> seen.add(thread.getName() + ": " + failure.getMessage()))
                .build();
        pool.execute(() -> {
            throw new IllegalStateException("boom");
        });
        await().atMost(Gate.WAIT_SECONDS, TimeUnit.SECONDS).until(() -> !seen.isEmpty());
        assertThat(seen).containsExactly("reports-worker-1: boom");
        assertThat(pool.snapshot().workers().replaced()).isZero();
    }

    @Test
    void anIdleWorkerIsWokenForAJobWhileTheOtherIsBusy() throws Exception {
        pool = ThreadPool.builder().name("wake").workers(2).build();
        for (int round = 0; round < 200; round++) {
            java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
            java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
            Job<?> busy = pool.submit(() -> {
                started.countDown();
                release.await();
                return null;
            });
            assertThat(started.await(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
            // The other worker is searching or parked; either way this job must not wait for the busy one.
            assertThat(pool.submit(() -> "served").get(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).as("round %d", round)
                    .isEqualTo("served");
            release.countDown();
            busy.get(Gate.WAIT_SECONDS, TimeUnit.SECONDS);
        }
    }

    @Test
    void idsAreUniqueAndIncreaseInSubmissionOrder() {
        pool = ThreadPool.builder().workers(2).build();
        long previous = 0;
        for (int i = 0; i < 100; i++) {
            Job<?> job = pool.submit(() -> { });
            assertThat(job.id()).isEqualTo(previous + 1);
            previous = job.id();
        }
    }

    @Test
    void aDecoratorWrapsEveryJobInTheSubmittingThread() throws Exception {
        ThreadLocal<String> context = new ThreadLocal<>();
        pool = ThreadPool.builder().workers(1).decorator(body -> {
            String captured = context.get();
            return () -> {
                context.set(captured);
                try {
                    body.run();
                } finally {
                    context.remove();
                }
            };
        }).build();
        context.set("request-7");
        Job<String> job = pool.submit(context::get);
        context.remove();
        assertThat(job.get(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("request-7");
    }

    @Test
    void aDecoratorsOwnFailureFailsTheJob() throws Exception {
        pool = ThreadPool.builder().workers(1).decorator(body -> () -> {
            body.run();
            throw new IllegalStateException("decorator after the body");
        }).build();
        Job<String> failing = pool.submit(() -> {
            throw new IllegalArgumentException("job");
        });
        assertThatThrownBy(() -> failing.get(Gate.WAIT_SECONDS, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(IllegalStateException.class);
        JobResult result = pool.results().get(failing.id()).orElseThrow();
        assertThat(result.status()).isEqualTo(JobStatus.FAILED);
        assertThat(result.error()).hasMessageStartingWith("decorator after");
    }

    @Test
    void aJobMayReturnAThrowableAsItsValue() throws Exception {
        pool = ThreadPool.builder().workers(1).build();
        IllegalStateException value = new IllegalStateException("a value, not a failure");
        Job<IllegalStateException> job = pool.submit(() -> value);
        assertThat(job.get(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).isSameAs(value);
        assertThat(job.status()).isEqualTo(JobStatus.SUCCEEDED);
        JobResult result = pool.results().get(job.id()).orElseThrow();
        assertThat(result.status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(result.value()).isSameAs(value);
        assertThat(result.error()).isNull();
    }

    @Test
    void aDecoratedJobsOwnFailureIsItsOutcome() throws Exception {
        pool = ThreadPool.builder().workers(1).decorator(body -> body::run).build();
        Job<String> failing = pool.submit(() -> {
            throw new IllegalArgumentException("job");
        });
        assertThatThrownBy(() -> failing.get(Gate.WAIT_SECONDS, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(IllegalArgumentException.class)
                .hasMessage("job");
        assertThat(pool.submit(() -> "fine").get(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("fine");
    }
}
