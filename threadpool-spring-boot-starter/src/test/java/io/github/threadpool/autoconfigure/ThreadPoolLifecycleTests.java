package io.github.threadpool.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import io.github.threadpool.core.Job;
import io.github.threadpool.core.JobStatus;
import io.github.threadpool.core.ThreadPool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerGracefulShutdownLifecycle;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@ExtendWith(OutputCaptureExtension.class)
class ThreadPoolLifecycleTests {

    private static final long WAIT_SECONDS = 30;

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(ThreadPoolAutoConfiguration.class))
        .withPropertyValues("threadpool.name=drain", "threadpool.workers=2");

    private final CountDownLatch gate = new CountDownLatch(1);

    private final Semaphore started = new Semaphore(0);

    private List<Job<String>> submitGated(ThreadPool pool, int count) throws InterruptedException {
        List<Job<String>> jobs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            jobs.add(pool.submit(() -> {
                this.started.release();
                this.gate.await();
                return "done";
            }));
        }
        assertThat(this.started.tryAcquire(Math.min(count, 2), WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        return jobs;
    }

    @Test
    void stopsAfterTheWebServersGracefulShutdownAndBeforeSingletonsAreDestroyed() {
        assertThat(ThreadPoolLifecycle.PHASE).isLessThan(WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE)
            .isLessThan(WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE - 1024)
            .isGreaterThan(0);
    }

    @Test
    void closingTheContextDrainsQueuedAndRunningJobsWhenTimeAllows(CapturedOutput output) {
        this.contextRunner.withPropertyValues("threadpool.shutdown.await-termination=30s").run((context) -> {
            ThreadPool pool = context.getBean(ThreadPool.class);
            List<Job<String>> jobs = submitGated(pool, 6);
            CompletableFuture<Void> closing = CompletableFuture.runAsync(context::close);
            await().atMost(WAIT_SECONDS, TimeUnit.SECONDS).until(pool::isShutdown);
            this.gate.countDown();
            closing.get(WAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(jobs).allSatisfy((job) -> assertThat(job.status()).isEqualTo(JobStatus.SUCCEEDED));
            assertThat(pool.isTerminated()).isTrue();
            assertThat(output).containsOnlyOnce("Thread pool 'drain' shut down: 6 pending job(s): "
                    + "6 succeeded and 0 failed during drain, 0 cancelled unstarted, 0 interrupted, 0 still running; took ")
                .contains("; since start: 6 submitted, 6 succeeded, 0 failed, 0 cancelled, 0 rejected");
            assertThat(output).contains("INFO");
        });
    }

    @Test
    void cancelsAndReportsExactlyWhatIsLeftWhenTheTimeoutIsTooShort(CapturedOutput output) {
        this.contextRunner.withPropertyValues("threadpool.shutdown.await-termination=100ms").run((context) -> {
            ThreadPool pool = context.getBean(ThreadPool.class);
            List<Job<String>> jobs = submitGated(pool, 5);
            context.close();
            assertThat(jobs).allSatisfy((job) -> assertThat(job.status()).isEqualTo(JobStatus.CANCELLED));
            assertThat(output).containsOnlyOnce("Thread pool 'drain' shut down: 5 pending job(s): "
                    + "0 succeeded and 0 failed during drain, 3 cancelled unstarted, 2 interrupted, 0 still running")
                .contains("; since start: 5 submitted, 0 succeeded, 0 failed, 5 cancelled, 0 rejected")
                .contains("(shutdown.await-termination=PT0.1S)")
                .contains("WARN");
            PoolCounts counts = PoolCounts.of(pool);
            assertThat(counts.submitted()).isEqualTo(counts.terminal());
        });
    }

    @Test
    void closingTwiceReportsOnceAndDoesNotHang(CapturedOutput output) {
        this.contextRunner.run((context) -> {
            ThreadPool pool = context.getBean(ThreadPool.class);
            pool.submit(() -> "one").get(WAIT_SECONDS, TimeUnit.SECONDS);
            context.close();
            context.close();
            assertThat(pool.isTerminated()).isTrue();
            assertThat(output).containsOnlyOnce("Thread pool 'drain' shut down");
        });
    }

    @Test
    void closingTheContextFromInsideAJobDoesNotHang(CapturedOutput output) {
        this.contextRunner.withPropertyValues("threadpool.shutdown.await-termination=30s").run((context) -> {
            ThreadPool pool = context.getBean(ThreadPool.class);
            ConfigurableApplicationContext closable = context.getSourceApplicationContext();
            Job<String> closer = pool.submit(() -> {
                closable.close();
                return "closed from inside";
            });
            assertThat(closer.get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("closed from inside");
            assertThat(output).containsOnlyOnce("1 pending job(s): 0 succeeded and 0 failed during drain, 0 cancelled unstarted, "
                    + "0 interrupted, 1 still running");
            assertThat(pool.awaitTermination(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        });
    }

    @Test
    void drainsEveryPoolInParallelEachWithinItsOwnAwaitTermination(CapturedOutput output) {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(ThreadPoolAutoConfiguration.class))
            .withPropertyValues("threadpool.pools.patient.workers=1",
                    "threadpool.pools.patient.shutdown.await-termination=30s", "threadpool.pools.hasty.workers=1",
                    "threadpool.pools.hasty.shutdown.await-termination=100ms")
            .run((context) -> {
                ThreadPool patient = context.getBean("patient", ThreadPool.class);
                ThreadPool hasty = context.getBean("hasty", ThreadPool.class);
                Job<String> patientJob = submitGated(patient, 1).get(0);
                Job<String> hastyJob = submitGated(hasty, 1).get(0);
                try {
                    CompletableFuture<Void> closing = CompletableFuture.runAsync(context::close);
                    // 'hasty' gives up after its own 100ms while 'patient' is still draining: the two run side by side.
                    await().atMost(WAIT_SECONDS, TimeUnit.SECONDS)
                        .until(() -> output.toString().contains("Thread pool 'hasty' shut down: "));
                    assertThat(hastyJob.status()).isEqualTo(JobStatus.CANCELLED);
                    await().atMost(WAIT_SECONDS, TimeUnit.SECONDS).until(patient::isShutdown);
                    assertThat(patientJob.isDone()).isFalse();
                    this.gate.countDown();
                    closing.get(WAIT_SECONDS, TimeUnit.SECONDS);
                }
                finally {
                    this.gate.countDown();
                }
                assertThat(patientJob.status()).isEqualTo(JobStatus.SUCCEEDED);
                assertThat(output).containsOnlyOnce("Thread pool 'patient' shut down: 1 pending job(s): 1 succeeded")
                    .containsOnlyOnce("Thread pool 'hasty' shut down: 1 pending job(s): 0 succeeded and 0 failed "
                            + "during drain, 0 cancelled unstarted, 1 interrupted")
                    .contains("; since start: 1 submitted, 1 succeeded, 0 failed, 0 cancelled, 0 rejected")
                    .contains("; since start: 1 submitted, 0 succeeded, 0 failed, 1 cancelled, 0 rejected");
            });
    }

    @Test
    void theShutdownPhaseTimeoutCutsALongerDrainAndStartUpSaysSo(CapturedOutput output) {
        this.contextRunner
            .withPropertyValues("threadpool.shutdown.await-termination=60s",
                    "spring.lifecycle.timeout-per-shutdown-phase=200ms")
            .run((context) -> {
                assertThat(output).contains("Thread pool 'drain' has shutdown.await-termination=PT1M, longer than "
                        + "spring.lifecycle.timeout-per-shutdown-phase=PT0.2S: at shutdown it drains for PT0.2S only");
                ThreadPool pool = context.getBean(ThreadPool.class);
                List<Job<String>> jobs = submitGated(pool, 1);
                try {
                    context.close();
                }
                finally {
                    this.gate.countDown();
                }
                assertThat(jobs.get(0).status()).isEqualTo(JobStatus.CANCELLED);
                assertThat(output).contains("Thread pool 'drain' shut down: 1 pending job(s): 0 succeeded and 0 failed "
                        + "during drain, 0 cancelled unstarted, 1 interrupted")
                    .contains("(shutdown.await-termination=PT1M, cut to spring.lifecycle.timeout-per-shutdown-phase=PT0.2S)");
            });
    }

    @Test
    void saysNothingWhenEveryDrainFitsThePhase(CapturedOutput output) {
        this.contextRunner.withPropertyValues("threadpool.shutdown.await-termination=30s")
            .run((context) -> assertThat(output).doesNotContain("longer than spring.lifecycle.timeout-per-shutdown-phase"));
    }

    record PoolCounts(long submitted, long terminal) {

        static PoolCounts of(ThreadPool pool) {
            var jobs = pool.snapshot().jobs();
            return new PoolCounts(jobs.submitted(), jobs.finished());
        }

    }

}
