package io.github.threadpool.autoconfigure.fleet;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.github.threadpool.autoconfigure.JobDirectory;
import io.github.threadpool.autoconfigure.JobRecord;
import io.github.threadpool.autoconfigure.ThreadPoolAutoConfiguration;
import io.github.threadpool.core.Job;
import io.github.threadpool.core.JobStatus;
import io.github.threadpool.core.ThreadPool;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Redis stops while jobs run: jobs run on, the outage is visible and counted, mirroring resumes when it is back. */
@ExtendWith(OutputCaptureExtension.class)
class FleetOutageTests {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void jobsRunOnWhileRedisIsDownTheOutageIsVisibleAndMirroringResumes(CapturedOutput output) throws Exception {
        try (RedisServer redis = RedisServer.start()) {
            new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
                        CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
                        DataRedisAutoConfiguration.class,
                        ThreadPoolAutoConfiguration.class, FleetAutoConfiguration.class,
                        FleetHealthContributorAutoConfiguration.class, FleetMetricsAutoConfiguration.class))
                .withPropertyValues("spring.data.redis.port=" + redis.port(), "spring.data.redis.timeout=1s",
                        "spring.data.redis.connect-timeout=500ms",
                        "threadpool.fleet.key-prefix=o" + UUID.randomUUID().toString().substring(0, 8),
                        "threadpool.fleet.enabled=true", "threadpool.fleet.buffer-capacity=64",
                        "threadpool.pools.reports.workers=2", "threadpool.pools.reports.queue-capacity=1000")
                .run((context) -> {
                    ThreadPool pool = context.getBean(ThreadPool.class);
                    JobMirror mirror = context.getBean(JobMirror.class);
                    HealthIndicator health = context.getBean("threadpoolFleetHealthIndicator", HealthIndicator.class);
                    MeterRegistry meters = context.getBean(MeterRegistry.class);
                    Job<?> before = pool.submit(() -> "before");
                    before.get(30, TimeUnit.SECONDS);
                    await().atMost(WAIT).until(() -> redisHas(redis, before.id()));

                    redis.stop();
                    List<Job<?>> during = new ArrayList<>();
                    for (int i = 0; i < 500; i++) { // far more events than the buffer of 64 holds
                        int n = i;
                        during.add(pool.submit(() -> "during " + n));
                    }
                    for (Job<?> job : during) {
                        job.get(30, TimeUnit.SECONDS); // jobs run on
                        assertThat(job.status()).isEqualTo(JobStatus.SUCCEEDED);
                    }
                    await().atMost(WAIT).until(() -> mirror.dropped() > 0);
                    await().atMost(WAIT).until(() -> "unreachable".equals(health.health(true).getDetails().get("redis")));
                    Health down = health.health(true);
                    assertThat(down.getStatus()).as("a Redis outage leaves the instance healthy").isEqualTo(Status.UP);
                    assertThat(down.getDetails()).containsKeys("unreachableSince", "lastError");
                    assertThat((long) down.getDetails().get("recordsDropped")).isPositive();
                    assertThat(meters.get("threadpool.fleet.records.dropped").functionCounter().count()).isPositive();
                    assertThat(meters.get("threadpool.fleet.redis.reachable").gauge().value()).isZero();
                    assertThat(mirror.buffered()).isLessThanOrEqualTo(mirror.bufferCapacity());
                    JobDirectory directory = context.getBean(JobDirectory.class);
                    assertThat(directory.find("reports", during.get(0).id())).as("found here while Redis is down")
                        .get().extracting(JobRecord::status).isEqualTo(JobStatus.SUCCEEDED);
                    await().atMost(WAIT).until(() -> output.getOut().contains("Fleet: dropped "));

                    redis.startAgain();
                    // the buffer, full of the outage's events, drains first: then there is room again
                    await().atMost(WAIT).until(() -> "reachable".equals(health.health(true).getDetails().get("redis"))
                            && mirror.buffered() == 0);
                    long droppedBefore = mirror.dropped();
                    Job<?> after = pool.submit(() -> "after");
                    after.get(30, TimeUnit.SECONDS);
                    await().atMost(WAIT).until(() -> redisHas(redis, after.id()));
                    assertThat(mirror.dropped()).isEqualTo(droppedBefore);
                    assertThat(meters.get("threadpool.fleet.redis.reachable").gauge().value()).isOne();
                });
        }
    }

    private static boolean redisHas(RedisServer redis, long id) throws Exception {
        return redis.command("KEYS", "*:job:" + id).startsWith("*1");
    }
}
