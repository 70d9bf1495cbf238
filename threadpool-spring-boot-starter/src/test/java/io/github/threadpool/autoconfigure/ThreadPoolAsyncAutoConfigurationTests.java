package io.github.threadpool.autoconfigure;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;

import static org.assertj.core.api.Assertions.assertThat;

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

        @Async("reports")
        CompletableFuture<String> onReports() {
            return CompletableFuture.completedFuture(Thread.currentThread().getName());
        }

    }

}
