package io.github.threadpool.autoconfigure.fleet;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.github.threadpool.autoconfigure.CancelOutcome;
import io.github.threadpool.autoconfigure.JobDirectory;
import io.github.threadpool.autoconfigure.JobDirectoryUnavailableException;
import io.github.threadpool.autoconfigure.JobRecord;
import io.github.threadpool.autoconfigure.LocalJobDirectory;
import io.github.threadpool.autoconfigure.ThreadPoolAutoConfiguration;
import io.github.threadpool.core.Job;
import io.github.threadpool.core.JobResult;
import io.github.threadpool.core.JobStatus;
import io.github.threadpool.core.ThreadPool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The fleet directory against a real redis-server: ids, mirroring, lookups, LOST, cancel, what is off by default. */
class FleetAutoConfigurationTests {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private static RedisServer redis;

    private final String prefix = "t" + UUID.randomUUID().toString().substring(0, 8);

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, ThreadPoolAutoConfiguration.class,
                FleetAutoConfiguration.class, FleetHealthContributorAutoConfiguration.class))
        .withPropertyValues("spring.data.redis.port=" + redis.port(), "spring.data.redis.timeout=2s",
                "spring.data.redis.connect-timeout=1s", "threadpool.fleet.key-prefix=" + this.prefix,
                "threadpool.pools.reports.workers=1", "threadpool.pools.reports.results.time-to-live=5m");

    private final ApplicationContextRunner fleet = this.contextRunner.withPropertyValues("threadpool.fleet.enabled=true");

    @BeforeAll
    static void startRedis() throws Exception {
        redis = RedisServer.start();
    }

    @AfterAll
    static void stopRedis() throws Exception {
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void isOffByDefaultAndThenTheDirectoryIsThisInstancesPoolsAlone() {
        this.contextRunner.run((context) -> {
            assertThat(context).doesNotHaveBean(FleetInstance.class).doesNotHaveBean(JobMirror.class);
            assertThat(context).getBean(JobDirectory.class).isInstanceOf(LocalJobDirectory.class);
            ThreadPool pool = context.getBean(ThreadPool.class);
            Job<?> job = pool.submit(() -> "x");
            job.get();
            assertThat(job.id()).isEqualTo(1);
            assertThat(context.getBean(JobDirectory.class).find("reports", 1))
                .hasValueSatisfying((found) -> assertThat(found.instance()).isNull());
        });
    }

    @Test
    void enabledWithoutSpringDataRedisFailsStartUpSayingWhatToAdd() {
        this.fleet.withConfiguration(AutoConfigurations.of(FleetRequirementAutoConfiguration.class))
            .withClassLoader(new FilteredClassLoader(RedisConnectionFactory.class))
            .run((context) -> assertThat(context).hasFailed().getFailure()
                .hasStackTraceContaining("threadpool.fleet.enabled=true needs Spring Boot's Redis support")
                .hasStackTraceContaining("spring-boot-starter-data-redis"));
    }

    @Test
    void offWithoutSpringDataRedisStartsAsAlways() {
        this.contextRunner.withConfiguration(AutoConfigurations.of(FleetRequirementAutoConfiguration.class))
            .withClassLoader(new FilteredClassLoader(RedisConnectionFactory.class))
            .run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(FleetInstance.class));
    }

    @Test
    void eachInstanceLeasesANumberAndNumbersItsJobsFromItsOwnRange() {
        this.fleet.withPropertyValues("threadpool.fleet.instance-name=a").run((a) -> this.fleet
            .withPropertyValues("threadpool.fleet.instance-name=b").run((b) -> {
                long numberA = a.getBean(FleetInstance.class).number();
                long numberB = b.getBean(FleetInstance.class).number();
                assertThat(numberB).isEqualTo(numberA + 1);
                Job<?> jobA = a.getBean(ThreadPool.class).submit(() -> "a");
                Job<?> jobB = b.getBean(ThreadPool.class).submit(() -> "b");
                assertThat(jobA.id()).isEqualTo((numberA << 36) + 1);
                assertThat(jobB.id()).isEqualTo((numberB << 36) + 1);
                assertThat(jobA.id()).isLessThan(1L << 53);
                assertThat(redis.command("GET", "{" + this.prefix + ":fleet}:lease:" + numberA)).isEqualTo("alive a");
            }));
    }

    @Test
    void aJobSubmittedOnOneInstanceIsFoundOnAnotherWithItsInstanceValueAndTimes() {
        this.fleet.withPropertyValues("threadpool.fleet.instance-name=a").run((a) -> this.fleet
            .withPropertyValues("threadpool.fleet.instance-name=b").run((b) -> {
                Job<String> job = a.getBean(ThreadPool.class).submit(() -> "report " + 42);
                assertThat(job.get(30, TimeUnit.SECONDS)).isEqualTo("report 42");
                JobDirectory directoryB = b.getBean(JobDirectory.class);
                JobRecord found = await().atMost(WAIT)
                    .until(() -> directoryB.find("reports", job.id()).orElse(null),
                            (r) -> r != null && r.status() == JobStatus.SUCCEEDED);
                assertThat(found.isLocal()).isFalse();
                assertThat(found.instance()).isEqualTo("a");
                assertThat(found.value()).isEqualTo("report 42");
                assertThat(found.workerName()).isEqualTo("reports-worker-1");
                JobResult original = a.getBean(ThreadPool.class).findJob(job.id()).orElseThrow();
                assertThat(found.submittedAt()).isEqualTo(original.submittedAt());
                assertThat(found.finishedAt()).isEqualTo(original.finishedAt());
                JobRecord local = a.getBean(JobDirectory.class).find("reports", job.id()).orElseThrow();
                assertThat(local.isLocal()).isTrue();
                assertThat(local.instance()).isEqualTo("a");
                String key = "{" + this.prefix + ":reports}:job:" + job.id();
                long ttl = Long.parseLong(redis.command("PTTL", key).substring(1));
                assertThat(ttl).as("expires with the pool's result time to live").isBetween(1L, 300_000L);
                assertThat(directoryB.find("reports", job.id() + 1000)).isEmpty();
                assertThat(directoryB.find("nosuchpool", job.id())).isEmpty();
            }));
    }

    @Test
    void aFailedJobIsMirroredWithItsErrorTypeAndMessage() {
        this.fleet.run((a) -> this.fleet.run((b) -> {
            Job<?> job = a.getBean(ThreadPool.class).submit(() -> {
                throw new IllegalStateException("no paper");
            });
            await().atMost(WAIT).until(job::isDone);
            JobRecord found = await().atMost(WAIT)
                .until(() -> b.getBean(JobDirectory.class).find("reports", job.id()).orElse(null),
                        (r) -> r != null && r.status() == JobStatus.FAILED);
            assertThat(found.errorType()).isEqualTo(IllegalStateException.class.getName());
            assertThat(found.errorMessage()).isEqualTo("no paper");
            assertThat(found.value()).isNull();
        }));
    }

    @Test
    void theUnfinishedJobsOfAnInstanceWhoseLeaseExpiredReadAsLostElsewhere() {
        this.fleet.withPropertyValues("threadpool.fleet.lease-time-to-live=600ms").run((a) -> this.fleet.run((b) -> {
            CountDownLatch release = new CountDownLatch(1);
            ThreadPool poolA = a.getBean(ThreadPool.class);
            Job<?> running = poolA.submit(() -> { release.await(); return null; });
            Job<?> queued = poolA.submit(() -> "never seen");
            JobDirectory directoryB = b.getBean(JobDirectory.class);
            await().atMost(WAIT).until(() -> directoryB.find("reports", running.id())
                .map(JobRecord::status).orElse(null) == JobStatus.RUNNING);
            await().atMost(WAIT).until(() -> directoryB.find("reports", queued.id())
                .map(JobRecord::status).orElse(null) == JobStatus.QUEUED);
            // A dies: its lease is no longer renewed (nothing is marked stopped)
            a.getBean(FleetInstance.class).close();
            await().atMost(WAIT).until(() -> directoryB.find("reports", running.id())
                .map(JobRecord::status).orElse(null) == JobStatus.LOST);
            assertThat(directoryB.find("reports", queued.id())).get().extracting(JobRecord::status)
                .isEqualTo(JobStatus.LOST);
            assertThat(directoryB.cancel("reports", running.id(), true).result())
                .isEqualTo(CancelOutcome.Result.FINISHED);
            release.countDown();
        }));
    }

    @Test
    void aGracefulShutdownWritesEveryFinalRecordAndItsJobsNeverReadAsLost() {
        this.fleet.withPropertyValues("threadpool.fleet.lease-time-to-live=600ms").run((b) -> {
            long[] ids = new long[2];
            this.fleet.withPropertyValues("threadpool.fleet.lease-time-to-live=600ms",
                    "threadpool.pools.reports.shutdown.await-termination=1ms").run((a) -> {
                CountDownLatch never = new CountDownLatch(1);
                ThreadPool poolA = a.getBean(ThreadPool.class);
                ids[0] = poolA.submit(() -> { never.await(); return null; }).id();
                ids[1] = poolA.submit(() -> "queued").id();
            }); // closed: the drain of 1 ms cancels both, and the lease says "stopped"
            JobDirectory directoryB = b.getBean(JobDirectory.class);
            assertThat(directoryB.find("reports", ids[0])).get().extracting(JobRecord::status)
                .isEqualTo(JobStatus.CANCELLED);
            assertThat(directoryB.find("reports", ids[1])).get().extracting(JobRecord::status)
                .isEqualTo(JobStatus.CANCELLED);
            long owner = FleetKeys.instanceOf(ids[0]);
            assertThat(redis.command("GET", "{" + this.prefix + ":fleet}:lease:" + owner)).startsWith("stopped ");
        });
    }

    @Test
    void cancelByIdReachesTheOwningInstanceAndSaysWhatHappened() {
        this.fleet.run((a) -> this.fleet.run((b) -> {
            CountDownLatch started = new CountDownLatch(1);
            ThreadPool poolA = a.getBean(ThreadPool.class);
            Job<?> running = poolA.submit(() -> {
                started.countDown();
                new CountDownLatch(1).await(); // until interrupted
                return null;
            });
            Job<?> done = poolA.submit(() -> "done");
            assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
            JobDirectory directoryB = b.getBean(JobDirectory.class);
            await().atMost(WAIT).until(() -> directoryB.find("reports", running.id()).isPresent());
            CancelOutcome cancelled = directoryB.cancel("reports", running.id(), true);
            assertThat(cancelled.result()).isEqualTo(CancelOutcome.Result.CANCELLED);
            assertThat(cancelled.instance()).isEqualTo(a.getBean(FleetInstance.class).name());
            assertThat(running.status()).isEqualTo(JobStatus.CANCELLED);
            done.get(30, TimeUnit.SECONDS);
            await().atMost(WAIT).until(() -> directoryB.find("reports", done.id())
                .map(JobRecord::status).orElse(null) == JobStatus.SUCCEEDED);
            CancelOutcome finished = directoryB.cancel("reports", done.id(), true);
            assertThat(finished.result()).isEqualTo(CancelOutcome.Result.FINISHED);
            assertThat(finished.job().status()).isEqualTo(JobStatus.SUCCEEDED);
            assertThat(directoryB.cancel("reports", done.id() + 1000, true).result())
                .isEqualTo(CancelOutcome.Result.NOT_FOUND);
        }));
    }

    @Test
    void cancelAnswersOwnerUnreachableWhenTheOwnerHoldsItsLeaseButDoesNotListen() {
        this.fleet.run((a) -> this.fleet.run((b) -> {
            CountDownLatch release = new CountDownLatch(1);
            Job<?> running = a.getBean(ThreadPool.class).submit(() -> { release.await(); return null; });
            JobDirectory directoryB = b.getBean(JobDirectory.class);
            await().atMost(WAIT).until(() -> directoryB.find("reports", running.id())
                .map(JobRecord::status).orElse(null) == JobStatus.RUNNING);
            a.getBean(RedisMessageListenerContainer.class).stop();
            CancelOutcome outcome = directoryB.cancel("reports", running.id(), true);
            assertThat(outcome.result()).isEqualTo(CancelOutcome.Result.OWNER_UNREACHABLE);
            assertThat(running.status()).isEqualTo(JobStatus.RUNNING);
            release.countDown();
        }));
    }

    @Test
    void theHealthIsUpAndNamesTheInstanceAndRedisAsReachable() {
        this.fleet.withPropertyValues("threadpool.fleet.instance-name=a").run((a) -> {
            Health health = a.getBean("threadpoolFleetHealthIndicator", HealthIndicator.class).health(true);
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsEntry("instance", "a").containsEntry("redis", "reachable")
                .containsEntry("recordsDropped", 0L);
        });
    }

    @Test
    void startUpFailsClearlyWhenRedisIsUnreachable() throws Exception {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        this.fleet.withPropertyValues("spring.data.redis.port=" + closedPort, "threadpool.fleet.startup-timeout=500ms")
            .run((context) -> assertThat(context).hasFailed().getFailure()
                .hasStackTraceContaining("Redis did not answer within threadpool.fleet.startup-timeout=PT0.5S")
                .hasStackTraceContaining("threadpool.fleet.enabled=false"));
    }

    @Test
    void anEnabledSwitchThatIsNotABooleanFailsStartUpRatherThanLeaveTheFleetOff() {
        this.contextRunner.withPropertyValues("threadpool.fleet.enabled=maybe")
            .run((context) -> assertThat(context).hasFailed().getFailure()
                .hasStackTraceContaining("threadpool.fleet.enabled").hasStackTraceContaining("maybe"));
    }

    @Test
    void aBadSettingFailsStartUpNamingItsValueAndWhatIsAccepted() {
        this.fleet.withPropertyValues("threadpool.fleet.batch-size=0")
            .run((context) -> assertThat(context).hasFailed().getFailure().rootCause()
                .hasMessage("threadpool.fleet.batch-size must be 1 to 10000, was 0"));
    }

    @Test
    void aLookupThatNeedsRedisWhileItIsDownSaysSoRatherThanNotFound() throws Exception {
        try (RedisServer own = RedisServer.start()) {
            this.fleet.withPropertyValues("spring.data.redis.port=" + own.port()).run((a) -> {
                Job<?> job = a.getBean(ThreadPool.class).submit(() -> "here");
                job.get(30, TimeUnit.SECONDS);
                own.stop();
                JobDirectory directory = a.getBean(JobDirectory.class);
                assertThat(directory.find("reports", job.id())).as("this instance's own job").isPresent();
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> directory.find("reports", job.id() + 1))
                    .isInstanceOf(JobDirectoryUnavailableException.class)
                    .hasMessageContaining("did not answer");
            });
        }
    }
}
