package io.github.threadpool.autoconfigure.actuate;

import java.security.Principal;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.github.threadpool.autoconfigure.ThreadPoolAutoConfiguration;
import io.github.threadpool.autoconfigure.ThreadPools;
import io.github.threadpool.core.Job;
import io.github.threadpool.core.ThreadPool;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Who sees a job's value and error: the show-values and show-errors rules, for each kind of caller. */
class ThreadPoolEndpointVisibilityTests {

    private static final long WAIT_SECONDS = 30;

    private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(ThreadPoolAutoConfiguration.class,
                ThreadPoolEndpointAutoConfiguration.class))
        .withPropertyValues("threadpool.name=jobs", "threadpool.workers=1",
                "management.endpoints.web.exposure.include=threadpool");

    @Test
    void showErrorsDefaultsToShowValues() {
        this.contextRunner.withPropertyValues("management.endpoint.threadpool.show-values=when-authorized",
                "management.endpoint.threadpool.roles=OPS")
            .run((context) -> {
                ThreadPoolEndpoint endpoint = context.getBean(ThreadPoolEndpoint.class);
                ThreadPool pool = context.getBean(ThreadPool.class);
                Job<String> done = finished(pool.submit(() -> "the value"));
                Job<String> failed = finished(pool.submit(() -> {
                    throw new IllegalStateException("password=hunter2");
                }));

                ThreadPoolEndpoint.JobDescriptor anonymousValue = endpoint.job(SecurityContext.NONE, "jobs", done.id());
                ThreadPoolEndpoint.JobDescriptor anonymousError = endpoint.job(SecurityContext.NONE, "jobs", failed.id());
                assertThat(anonymousValue.value()).isEqualTo(ThreadPoolEndpoint.MASK);
                assertThat(anonymousError.errorType()).isEqualTo(ThreadPoolEndpoint.MASK);
                assertThat(anonymousError.errorMessage()).isEqualTo(ThreadPoolEndpoint.MASK);

                SecurityContext user = caller("someone");
                assertThat(endpoint.job(user, "jobs", done.id()).value()).as("authenticated, not in the role")
                    .isEqualTo(ThreadPoolEndpoint.MASK);
                assertThat(endpoint.job(user, "jobs", failed.id()).errorMessage()).isEqualTo(ThreadPoolEndpoint.MASK);

                SecurityContext ops = caller("ops", "OPS");
                assertThat(endpoint.job(ops, "jobs", done.id()).value()).isEqualTo("the value");
                assertThat(endpoint.job(ops, "jobs", failed.id()).errorType()).isEqualTo("java.lang.IllegalStateException");
                assertThat(endpoint.job(ops, "jobs", failed.id()).errorMessage()).isEqualTo("password=hunter2");
                assertThat(endpoint.threadPool(ops, "jobs").results().recent())
                    .extracting(ThreadPoolEndpoint.JobDescriptor::value)
                    .contains("the value");
            });
    }

    @Test
    void aJobThatReturnedNothingShowsNoValueRatherThanTheWordNull() {
        this.contextRunner.withPropertyValues("management.endpoint.threadpool.show-values=always")
            .run((context) -> {
                ThreadPoolEndpoint endpoint = context.getBean(ThreadPoolEndpoint.class);
                ThreadPool pool = context.getBean(ThreadPool.class);
                Job<?> nothing = finished(pool.submit(() -> { }));
                Job<String> word = finished(pool.submit(() -> "null"));
                assertThat(endpoint.job(SecurityContext.NONE, "jobs", nothing.id()).value()).isNull();
                assertThat(endpoint.job(SecurityContext.NONE, "jobs", word.id()).value()).isEqualTo("null");
            });
    }

    @Test
    void showErrorsCanBeLooserOrStricterThanShowValues() {
        this.contextRunner.withPropertyValues("management.endpoint.threadpool.show-values=always",
                "management.endpoint.threadpool.show-errors=never")
            .run((context) -> {
                ThreadPoolEndpoint endpoint = context.getBean(ThreadPoolEndpoint.class);
                ThreadPool pool = context.getBean(ThreadPool.class);
                Job<String> done = finished(pool.submit(() -> "shown"));
                Job<String> failed = finished(pool.submit(() -> {
                    throw new IllegalStateException("hidden");
                }));
                assertThat(endpoint.job(SecurityContext.NONE, "jobs", done.id()).value()).isEqualTo("shown");
                assertThat(endpoint.job(SecurityContext.NONE, "jobs", failed.id()).errorMessage())
                    .isEqualTo(ThreadPoolEndpoint.MASK);
            });
    }

    @Test
    void aJobWithoutAValueOrErrorHasNothingToMask() {
        this.contextRunner.run((context) -> {
            ThreadPoolEndpoint endpoint = new ThreadPoolEndpoint(context.getBean(ThreadPools.class), Show.NEVER, Set.of());
            ThreadPool pool = context.getBean(ThreadPool.class);
            Job<String> done = finished(pool.submit(() -> "x"));
            ThreadPoolEndpoint.JobDescriptor job = endpoint.job(SecurityContext.NONE, "jobs", done.id());
            assertThat(job.errorType()).isNull();
            assertThat(job.errorMessage()).isNull();
        });
    }

    private static <T> Job<T> finished(Job<T> job) {
        await().atMost(WAIT_SECONDS, TimeUnit.SECONDS).until(job::isDone);
        return job;
    }

    private static SecurityContext caller(String name, String... roles) {
        Set<String> granted = Set.of(roles);
        return new SecurityContext() {
            @Override
            public @Nullable Principal getPrincipal() {
                return () -> name;
            }

            @Override
            public boolean isUserInRole(String role) {
                return granted.contains(role);
            }
        };
    }
}
