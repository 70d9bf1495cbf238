package io.github.threadpool.autoconfigure;

import java.util.concurrent.TimeUnit;

import io.github.threadpool.core.ThreadPool;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.brave.autoconfigure.BraveAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With a real tracer (Micrometer Tracing over Brave, as Spring Boot configures it), the submitter's trace
 * reaches the job with no code from the application: the job sees the submitter's trace id, as its
 * current span and in the logging MDC.
 */
class ContextPropagationTests {

    private static final long WAIT_SECONDS = 30;

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class, BraveAutoConfiguration.class,
                MicrometerTracingAutoConfiguration.class, ThreadPoolAutoConfiguration.class))
        .withPropertyValues("management.tracing.sampling.probability=1.0", "threadpool.pools.reports.workers=1",
                "threadpool.pools.emails.workers=1");

    @Test
    void theSubmittersTraceIdIsTheJobsOnEveryPool() {
        this.contextRunner.run((context) -> {
            for (String pool : new String[] { "reports", "emails" }) {
                Seen seen = submitInsideAnObservation(context, context.getBean(pool, ThreadPool.class));
                assertThat(seen.submitterTraceId()).isNotBlank();
                assertThat(seen.job().traceId()).as(pool).isEqualTo(seen.submitterTraceId());
                assertThat(seen.job().mdcTraceId()).as(pool).isEqualTo(seen.submitterTraceId());
            }
        });
    }

    @Test
    void reachesAPoolTheApplicationBuildsFromThreadPoolBuilders() {
        this.contextRunner.withUserConfiguration(OwnPoolConfiguration.class).run((context) -> {
            Seen seen = submitInsideAnObservation(context, context.getBean("imports", ThreadPool.class));
            assertThat(seen.job().traceId()).isEqualTo(seen.submitterTraceId());
        });
    }

    @Test
    void canBeTurnedOff() {
        this.contextRunner.withPropertyValues("threadpool.context-propagation.enabled=false").run((context) -> {
            Seen seen = submitInsideAnObservation(context, context.getBean("reports", ThreadPool.class));
            assertThat(seen.submitterTraceId()).isNotBlank();
            assertThat(seen.job().traceId()).isNull();
            assertThat(seen.job().mdcTraceId()).isNull();
        });
    }

    private static Seen submitInsideAnObservation(AssertableApplicationContext context, ThreadPool pool)
            throws Exception {
        Tracer tracer = context.getBean(Tracer.class);
        Observation observation = Observation.start("submit", context.getBean(ObservationRegistry.class));
        try (Observation.Scope scope = observation.openScope()) {
            String submitterTraceId = tracer.currentSpan().context().traceId();
            InJob inJob = pool.submit(() -> {
                Span span = tracer.currentSpan();
                return new InJob((span != null) ? span.context().traceId() : null, MDC.get("traceId"));
            }).get(WAIT_SECONDS, TimeUnit.SECONDS);
            return new Seen(submitterTraceId, inJob);
        }
        finally {
            observation.stop();
        }
    }

    record Seen(String submitterTraceId, InJob job) {
    }

    record InJob(@Nullable String traceId, @Nullable String mdcTraceId) {
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnPoolConfiguration {

        @Bean
        ThreadPool imports(ThreadPoolBuilders builders) {
            return builders.builder("imports").workers(1).build();
        }

    }

}
