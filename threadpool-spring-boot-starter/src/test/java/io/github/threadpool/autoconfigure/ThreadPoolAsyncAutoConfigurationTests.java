package io.github.threadpool.autoconfigure;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.github.threadpool.core.Job;
import io.github.threadpool.core.JobRejectedException;
import io.github.threadpool.core.JobResult;
import io.github.threadpool.core.JobStatus;
import io.github.threadpool.core.ThreadPool;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.TaskRejectedException;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/** Which pool runs {@code @Async} methods, and every combination that cannot work refused at start-up. */
class ThreadPoolAsyncAutoConfigurationTests {

    private static final long WAIT_SECONDS = 30;

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(ThreadPoolAutoConfiguration.class,
                ThreadPoolAsyncAutoConfiguration.class, TaskExecutionAutoConfiguration.class))
        .withUserConfiguration(AsyncConfiguration.class);

    @Test
    void asyncMethodsStayOnSpringBootsExecutorByDefault() {
        this.contextRunner.withPropertyValues("threadpool.name=jobs")
            .run((context) -> assertThat(context.getBean(Greeter.class).threadName().get(WAIT_SECONDS, TimeUnit.SECONDS))
                .startsWith("task-"));
    }

    @Test
    void asyncMethodsRunOnTheShorthandPoolWhenOptedIn() {
        this.contextRunner.withPropertyValues("threadpool.name=jobs", "threadpool.async.enabled=true")
            .run((context) -> assertThat(context.getBean(Greeter.class).threadName().get(WAIT_SECONDS, TimeUnit.SECONDS))
                .startsWith("jobs-worker-"));
    }

    @Test
    void asyncPoolChoosesAmongNamedPools() {
        this.contextRunner
            .withPropertyValues("threadpool.pools.reports.workers=1", "threadpool.pools.emails.workers=1",
                    "threadpool.async.enabled=true", "threadpool.async.pool=emails")
            .run((context) -> assertThat(context.getBean(Greeter.class).threadName().get(WAIT_SECONDS, TimeUnit.SECONDS))
                .startsWith("emails-worker-"));
    }

    @Test
    void thePrimaryPoolRunsAsyncMethodsWhenNoneIsNamed() {
        this.contextRunner
            .withPropertyValues("threadpool.pools.reports.workers=1", "threadpool.pools.emails.primary=true",
                    "threadpool.async.enabled=true")
            .run((context) -> assertThat(context.getBean(Greeter.class).threadName().get(WAIT_SECONDS, TimeUnit.SECONDS))
                .startsWith("emails-worker-"));
    }

    @Test
    void asyncWithThePoolsSwitchedOffFailsAtStartUpNotAtTheFirstCall() {
        this.contextRunner.withPropertyValues("threadpool.enabled=false", "threadpool.async.enabled=true")
            .run((context) -> {
                assertThat(context).hasFailed();
                FailureAnalysis analysis = new InvalidThreadPoolPropertyFailureAnalyzer()
                    .analyze(context.getStartupFailure());
                assertThat(analysis.getDescription()).contains("Property: threadpool.async.enabled")
                    .contains("Value: \"true\"")
                    .contains("Accepted: false while threadpool.enabled=false");
            });
    }

    @Test
    void anUnknownAsyncPoolFailsAtStartUp() {
        this.contextRunner
            .withPropertyValues("threadpool.pools.reports.workers=1", "threadpool.async.enabled=true",
                    "threadpool.async.pool=emails")
            .run((context) -> {
                FailureAnalysis analysis = new InvalidThreadPoolPropertyFailureAnalyzer()
                    .analyze(context.getStartupFailure());
                assertThat(analysis.getDescription()).contains("Property: threadpool.async.pool")
                    .contains("Value: \"emails\"")
                    .contains("Accepted: the name of a pool, one of [reports]");
            });
    }

    @Test
    void severalPoolsAndNoneChosenFailsAtStartUp() {
        this.contextRunner
            .withPropertyValues("threadpool.pools.reports.workers=1", "threadpool.pools.emails.workers=1",
                    "threadpool.async.enabled=true")
            .run((context) -> {
                FailureAnalysis analysis = new InvalidThreadPoolPropertyFailureAnalyzer()
                    .analyze(context.getStartupFailure());
                assertThat(analysis.getDescription()).contains("Property: threadpool.async.pool")
                    .contains("one of [reports, emails] (none is primary, so it cannot be chosen for you)");
            });
    }

    @Test
    void asyncWithAPoolNamePicksThatPoolPerMethod() {
        this.contextRunner
            .withPropertyValues("threadpool.pools.reports.workers=1", "threadpool.pools.emails.workers=1")
            .run((context) -> assertThat(context.getBean(Greeter.class).onReports().get(WAIT_SECONDS, TimeUnit.SECONDS))
                .startsWith("reports-worker-"));
    }

    @Test
    void theCallerOfAnAsyncMethodOnANamedPoolGetsTheJobWhichTheMethodReadsAsItsOwn() {
        this.contextRunner
            .withPropertyValues("threadpool.pools.reports.workers=1", "threadpool.pools.emails.workers=1",
                    "threadpool.async.enabled=true", "threadpool.async.pool=emails")
            .run((context) -> {
                CompletableFuture<Long> call = context.getBean(Greeter.class).ownJobId();
                assertThat(call).isInstanceOf(Job.class);
                Job<?> job = (Job<?>) call;
                assertThat(call.get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(job.id());
                ThreadPool emails = context.getBean("emails", ThreadPool.class);
                assertThat(emails.findJob(job.id())).isPresent();
                assertThat(emails.results().get(job.id())).map(JobResult::value).contains(job.id());
                assertThat(job.status()).isEqualTo(JobStatus.SUCCEEDED);
                assertThat(context.getBean("reports", ThreadPool.class).snapshot().jobs().submitted()).isZero();
            });
    }

    @Test
    void aMethodOnAPoolChosenPerMethodReadsItsJobToo() {
        this.contextRunner
            .withPropertyValues("threadpool.pools.reports.workers=1", "threadpool.pools.emails.workers=1")
            .run((context) -> {
                long id = context.getBean(Greeter.class).ownJobIdOnReports().get(WAIT_SECONDS, TimeUnit.SECONDS);
                assertThat(context.getBean("reports", ThreadPool.class).findJob(id)).isPresent();
            });
    }

    @Test
    void aRefusedAsyncCallThrowsSpringsTaskRejectedExceptionCausedByThePoolsRefusal() {
        this.contextRunner
            .withPropertyValues("threadpool.pools.emails.workers=1", "threadpool.pools.emails.queue-capacity=1",
                    "threadpool.async.enabled=true", "threadpool.async.pool=emails")
            .run((context) -> {
                CountDownLatch gate = new CountDownLatch(1);
                Greeter greeter = context.getBean(Greeter.class);
                ThreadPool emails = context.getBean("emails", ThreadPool.class);
                try {
                    greeter.await(gate);
                    await().atMost(WAIT_SECONDS, TimeUnit.SECONDS).until(() -> emails.snapshot().workers().busy() == 1);
                    greeter.await(gate); // waits in the queue of one
                    assertThat(emails.snapshot().queue().depth()).isEqualTo(1);
                    assertThatExceptionOfType(TaskRejectedException.class).isThrownBy(() -> greeter.await(gate))
                        .havingCause()
                        .isInstanceOfSatisfying(JobRejectedException.class, (refusal) -> {
                            assertThat(refusal.pool()).isEqualTo("emails");
                            assertThat(refusal.reason()).isEqualTo(JobRejectedException.Reason.QUEUE_FULL);
                        });
                }
                finally {
                    gate.countDown();
                }
            });
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAsync
    static class AsyncConfiguration {

        @Bean
        Greeter greeter() {
            return new Greeter();
        }

    }

    static class Greeter {

        @Async
        CompletableFuture<String> threadName() {
            return CompletableFuture.completedFuture(Thread.currentThread().getName());
        }

        @Async
        CompletableFuture<Long> ownJobId() {
            return CompletableFuture.completedFuture(Job.current().orElseThrow().id());
        }

        @Async("reports")
        CompletableFuture<Long> ownJobIdOnReports() {
            return CompletableFuture.completedFuture(Job.current().orElseThrow().id());
        }

        @Async
        CompletableFuture<Void> await(CountDownLatch gate) throws InterruptedException {
            gate.await();
            return CompletableFuture.completedFuture(null);
        }

        @Async("reports")
        CompletableFuture<String> onReports() {
            return CompletableFuture.completedFuture(Thread.currentThread().getName());
        }

    }

}
