package io.github.threadpool.autoconfigure;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;

import static org.assertj.core.api.Assertions.assertThat;

class ThreadPoolAsyncAutoConfigurationTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(ThreadPoolAutoConfiguration.class,
                ThreadPoolAsyncAutoConfiguration.class, TaskExecutionAutoConfiguration.class))
        .withUserConfiguration(AsyncConfiguration.class)
        .withPropertyValues("threadpool.name=jobs");

    @Test
    void asyncMethodsStayOnSpringBootsExecutorByDefault() {
        this.contextRunner.run((context) -> assertThat(context.getBean(Greeter.class).threadName().get(30, TimeUnit.SECONDS))
            .startsWith("task-"));
    }

    @Test
    void asyncMethodsRunOnThePoolWhenOptedIn() {
        this.contextRunner.withPropertyValues("threadpool.async.enabled=true")
            .run((context) -> assertThat(context.getBean(Greeter.class).threadName().get(30, TimeUnit.SECONDS))
                .startsWith("jobs-worker-"));
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

    }

}
