package io.github.threadpool.autoconfigure.actuate;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.jayway.jsonpath.JsonPath;
import io.github.threadpool.core.Job;
import io.github.threadpool.core.ThreadPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/** The endpoint over real HTTP, in each configuration a user can choose. */
class ThreadPoolEndpointWebTests {

    private static final long WAIT_SECONDS = 30;

    abstract static class EndpointTest {

        @LocalServerPort
        int port;

        @Autowired
        ThreadPool pool;

        final CountDownLatch gate = new CountDownLatch(1);

        Http http() {
            return new Http(this.port);
        }

        /** The endpoint's path for the pool under test. */
        String poolPath() {
            return "/actuator/threadpool/" + this.pool.name();
        }

        @AfterEach
        void openGate() {
            this.gate.countDown();
        }

        <T> T json(HttpResponse<String> response, String path) {
            return JsonPath.read(response.body(), path);
        }

        /** Waits until {@code job} is the only job running: earlier tests' jobs may still be finishing. */
        void awaitOnlyRunning(Job<?> job) {
            org.awaitility.Awaitility.await().atMost(WAIT_SECONDS, TimeUnit.SECONDS)
                .until(() -> this.pool.snapshot().workers().busyWorkers().stream()
                    .map(io.github.threadpool.core.PoolSnapshot.BusyWorker::jobId)
                    .toList()
                    .equals(List.of(job.id())));
        }

        Job<String> finishedJob(String value) throws Exception {
            Job<String> job = this.pool.submit(() -> value);
            job.get(WAIT_SECONDS, TimeUnit.SECONDS);
            return job;
        }

    }

    @Nested
    @SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
    class NotExposedByDefault extends EndpointTest {

        @Test
        void isNotReachableOverHttp() throws Exception {
            assertThat(http().get("/actuator/threadpool").statusCode()).isEqualTo(404);
            assertThat(http().get(poolPath()).statusCode()).isEqualTo(404);
        }

    }

    @Nested
    @SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
            properties = { "management.endpoints.web.exposure.include=threadpool", "threadpool.name=web",
                    "threadpool.workers=2", "threadpool.queue-capacity=50" })
    class ExposedWithDefaults extends EndpointTest {

        @Test
        void readsConfigurationWorkersQueueCountsAndRecentResults() throws Exception {
            long submittedBefore = this.pool.snapshot().jobs().submitted();
            Job<String> done = finishedJob("secret value");
            Job<Object> failed = this.pool.submit(() -> {
                throw new IllegalStateException("disk full");
            });
            org.awaitility.Awaitility.await().atMost(WAIT_SECONDS, TimeUnit.SECONDS).until(failed::isDone);
            Job<Object> busy = this.pool.submit(() -> {
                this.gate.await();
                return null;
            });
            awaitOnlyRunning(busy);

            HttpResponse<String> response = http().get(poolPath());

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(json(response, "$.name").toString()).isEqualTo("web");
            assertThat(json(response, "$.state").toString()).isEqualTo("RUNNING");
            assertThat((Integer) json(response, "$.configuration.workers")).isEqualTo(2);
            assertThat((Integer) json(response, "$.configuration.queueCapacity")).isEqualTo(50);
            assertThat(json(response, "$.configuration.rejectionPolicy").toString()).isEqualTo("ABORT");
            assertThat((Integer) json(response, "$.workers.configured")).isEqualTo(2);
            assertThat((Integer) json(response, "$.workers.busy")).isEqualTo(1);
            assertThat((Integer) json(response, "$.workers.idle")).isEqualTo(1);
            assertThat((Integer) json(response, "$.workers.busyWorkers[0].jobId")).isEqualTo((int) busy.id());
            assertThat(json(response, "$.workers.busyWorkers[0].worker").toString()).startsWith("web-worker-");
            assertThat((Integer) json(response, "$.queue.depth")).isZero();
            assertThat((Integer) json(response, "$.queue.capacity")).isEqualTo(50);
            assertThat((Integer) json(response, "$.queue.remaining")).isEqualTo(50);
            assertThat(((Number) json(response, "$.jobs.submitted")).longValue()).isEqualTo(submittedBefore + 3);
            assertThat((Integer) json(response, "$.jobs.running")).isEqualTo(1);
            assertThat((Integer) json(response, "$.jobs.failed")).isGreaterThanOrEqualTo(1);
            assertThat((Integer) json(response, "$.results.retained")).isGreaterThanOrEqualTo(2);
            List<String> failedStatus = json(response, "$.results.recent[?(@.id == " + failed.id() + ")].status");
            assertThat(failedStatus).containsExactly("FAILED");
            List<String> errorTypes = json(response, "$.results.recent[?(@.id == " + failed.id() + ")].errorType");
            assertThat(errorTypes).as("errors follow show-values: masked by default").containsExactly("******");
            List<String> messages = json(response, "$.results.recent[?(@.id == " + failed.id() + ")].errorMessage");
            assertThat(messages).containsExactly("******");
            List<String> doneStatus = json(response, "$.results.recent[?(@.id == " + done.id() + ")].status");
            assertThat(doneStatus).containsExactly("SUCCEEDED");
            List<String> values = json(response, "$.results.recent[?(@.id == " + done.id() + ")].value");
            assertThat(values).as("a hidden value is masked, never null").containsExactly("******");
            assertThat(response.body()).as("values are never shown by default").doesNotContain("secret value")
                .doesNotContain("disk full").doesNotContain("IllegalStateException");
        }

        @Test
        void readsOneJobBySelector() throws Exception {
            Job<String> done = finishedJob("hidden");
            HttpResponse<String> response = http().get(poolPath() + "/" + done.id());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat((Integer) json(response, "$.id")).isEqualTo((int) done.id());
            assertThat(json(response, "$.status").toString()).isEqualTo("SUCCEEDED");
            assertThat(json(response, "$.worker").toString()).startsWith("web-worker-");
            assertThat(json(response, "$.submittedAt").toString()).isNotBlank();
            assertThat(json(response, "$.finishedAt").toString()).isNotBlank();
            assertThat((Integer) json(response, "$.runTimeMs")).isGreaterThanOrEqualTo(0);
            assertThat(response.body()).doesNotContain("hidden");
            assertThat(json(response, "$.value").toString()).isEqualTo("******");
        }

        @Test
        void readsARunningJobBySelector() throws Exception {
            Job<Object> busy = this.pool.submit(() -> {
                this.gate.await();
                return null;
            });
            awaitOnlyRunning(busy);
            HttpResponse<String> response = http().get(poolPath() + "/" + busy.id());
            assertThat(json(response, "$.status").toString()).isEqualTo("RUNNING");
        }

        @Test
        void answers404ForAnUnknownJob() throws Exception {
            assertThat(http().get(poolPath() + "/987654").statusCode()).isEqualTo(404);
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', textBlock = """
                abc                  | abc
                16.0                 | 16.0
                99999999999999999999 | 99999999999999999999
                0x10                 | 0x10
                %2310                | #10
                +16                  | +16
                %EF%BC%91%EF%BC%96   | １６
                0                    | 0
                """)
        void answers400NamingTheIdForASelectorThatIsNotAPlainId(String sent, String decoded) throws Exception {
            while (this.pool.snapshot().jobs().submitted() < 16) {
                finishedJob("job"); // job 16 exists, so a lenient parse of 0x10, #10, +16 or fullwidth 16 would find it
            }
            HttpResponse<String> response = http().get(poolPath() + "/" + sent);
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(json(response, "$.message").toString())
                .isEqualTo("job id must be a whole number from 1 to 9223372036854775807, was '" + decoded + "'");
        }

        @Test
        void answers404ForAnUnknownPoolBeforeLookingAtTheId() throws Exception {
            assertThat(http().get("/actuator/threadpool/nope/abc").statusCode()).isEqualTo(404);
        }

        @Test
        void refusesWritesUntilAccessIsUnrestricted() throws Exception {
            HttpResponse<String> response = http().postJson(poolPath(), "{\"workers\": 5}");
            assertThat(response.statusCode()).isEqualTo(405);
            assertThat(this.pool.snapshot().workers().configured()).isEqualTo(2);
        }

    }

    @Nested
    @SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
            properties = { "management.endpoints.web.exposure.include=threadpool",
                    "management.endpoint.threadpool.show-values=always",
                    "management.endpoint.threadpool.access=unrestricted" })
    class ShowingValuesAlways extends EndpointTest {

        @Test
        void showsValuesInThePoolViewAndBySelector() throws Exception {
            Job<String> done = finishedJob("visible value");
            assertThat(json(http().get(poolPath()), "$.results.recent[0].value").toString())
                .isEqualTo("visible value");
            assertThat(json(http().get(poolPath() + "/" + done.id()), "$.value").toString())
                .isEqualTo("visible value");
        }

        @Test
        void showsValuesInTheResizeAnswerToo() throws Exception {
            finishedJob("resized value");
            HttpResponse<String> response = http().postJson(poolPath(), "{\"queueCapacity\": 1000}");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(json(response, "$.results.recent[0].value").toString()).isEqualTo("resized value");
        }

    }

    @Nested
    @SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
            properties = { "management.endpoints.web.exposure.include=threadpool",
                    "management.endpoint.threadpool.show-errors=always" })
    class ShowingErrorsButNotValues extends EndpointTest {

        @Test
        void showsTheErrorAndMasksTheValue() throws Exception {
            Job<Object> failed = this.pool.submit(() -> {
                throw new IllegalStateException("disk full");
            });
            org.awaitility.Awaitility.await().atMost(WAIT_SECONDS, TimeUnit.SECONDS).until(failed::isDone);
            HttpResponse<String> response = http().get(poolPath() + "/" + failed.id());
            assertThat(json(response, "$.errorType").toString()).isEqualTo("java.lang.IllegalStateException");
            assertThat(json(response, "$.errorMessage").toString()).isEqualTo("disk full");
            Job<String> done = finishedJob("still secret");
            assertThat(json(http().get(poolPath() + "/" + done.id()), "$.value").toString()).isEqualTo("******");
        }

    }

    @Nested
    @SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
            properties = { "management.endpoints.web.exposure.include=threadpool",
                    "management.endpoint.threadpool.show-values=when-authorized" })
    class ShowingValuesWhenAuthorized extends EndpointTest {

        @Test
        void hidesValuesFromAnUnauthenticatedCaller() throws Exception {
            Job<String> done = finishedJob("for admins only");
            assertThat(http().get(poolPath() + "/" + done.id()).body()).doesNotContain("for admins only");
            assertThat(http().get(poolPath()).body()).doesNotContain("for admins only");
        }

        @Test
        void hidesErrorsFromAnUnauthenticatedCallerAsValues() throws Exception {
            Job<Object> failed = this.pool.submit(() -> {
                throw new IllegalStateException("jdbc:postgresql://db.internal/prod?password=hunter2");
            });
            org.awaitility.Awaitility.await().atMost(WAIT_SECONDS, TimeUnit.SECONDS).until(failed::isDone);
            HttpResponse<String> response = http().get(poolPath() + "/" + failed.id());
            assertThat(json(response, "$.errorType").toString()).isEqualTo("******");
            assertThat(json(response, "$.errorMessage").toString()).isEqualTo("******");
            assertThat(response.body()).doesNotContain("hunter2").doesNotContain("IllegalStateException");
        }

    }

    @Nested
    @SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
            properties = { "management.endpoints.web.exposure.include=threadpool",
                    "management.endpoint.threadpool.access=unrestricted", "threadpool.workers=2",
                    "threadpool.queue-capacity=10" })
    class WritableWhenAccessIsUnrestricted extends EndpointTest {

        @Test
        void resizesWorkersAndQueueCapacity() throws Exception {
            HttpResponse<String> response = http().postJson(poolPath(),
                    "{\"workers\": 4, \"queueCapacity\": 20}");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat((Integer) json(response, "$.configuration.workers")).isEqualTo(4);
            assertThat(this.pool.snapshot().workers().configured()).isEqualTo(4);
            assertThat(this.pool.snapshot().queue().capacity()).isEqualTo(20);
            http().postJson(poolPath(), "{\"workers\": 2}");
            assertThat(this.pool.snapshot().workers().configured()).isEqualTo(2);
            assertThat(this.pool.snapshot().queue().capacity()).isEqualTo(20);
        }

        @Test
        void hidesValuesInTheResizeAnswerByDefault() throws Exception {
            finishedJob("secret value");
            HttpResponse<String> response = http().postJson(poolPath(), "{\"workers\": 2}");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).contains("recent").doesNotContain("secret value");
        }

        @Test
        void answers400AndChangesNothingOnBadInput() throws Exception {
            HttpResponse<String> zero = http().postJson(poolPath(), "{\"workers\": 3, \"queueCapacity\": 0}");
            assertThat(zero.statusCode()).isEqualTo(400);
            assertThat(zero.body()).contains("queueCapacity must be at least 1, was 0");
            HttpResponse<String> empty = http().postJson(poolPath(), "{}");
            assertThat(empty.statusCode()).isEqualTo(400);
            assertThat(empty.body()).contains("Give workers, queueCapacity or both");
            HttpResponse<String> notANumber = http().postJson(poolPath(), "{\"workers\": \"lots\"}");
            assertThat(notANumber.statusCode()).isEqualTo(400);
            assertThat(json(notANumber, "$.message").toString())
                .isEqualTo("workers must be a whole number between 1 and 1024 (maxWorkers), was \"lots\"");
            HttpResponse<String> hex = http().postJson(poolPath(), "{\"workers\": \"0x3\", \"queueCapacity\": 20}");
            assertThat(hex.statusCode()).isEqualTo(400);
            assertThat(json(hex, "$.message").toString())
                .isEqualTo("workers must be a whole number between 1 and 1024 (maxWorkers), was \"0x3\"");
            HttpResponse<String> decimal = http().postJson(poolPath(), "{\"workers\": 3.0}");
            assertThat(json(decimal, "$.message").toString()).endsWith("was \"3.0\"");
            HttpResponse<String> huge = http().postJson(poolPath(), "{\"queueCapacity\": 99999999999}");
            assertThat(huge.statusCode()).isEqualTo(400);
            assertThat(json(huge, "$.message").toString())
                .isEqualTo("queueCapacity must be a whole number from 1 to 2147483647, was \"99999999999\"");
            assertThat(this.pool.snapshot().workers().configured()).isEqualTo(2);
            assertThat(this.pool.snapshot().queue().capacity()).isEqualTo(10);
        }

    }

    @Nested
    @SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
            properties = { "management.endpoints.web.exposure.include=threadpool,health",
                    "management.endpoint.health.show-details=always",
                    "management.endpoint.threadpool.access=unrestricted", "threadpool.pools.reports.workers=2",
                    "threadpool.pools.reports.primary=true", "threadpool.pools.emails.workers=1",
                    "threadpool.pools.emails.queue-capacity=5" })
    class ManyPools extends EndpointTest {

        @Autowired
        @Qualifier("emails")
        ThreadPool emails;

        @Test
        void listsEveryPoolInBrief() throws Exception {
            finishedJob("one");
            HttpResponse<String> response = http().get("/actuator/threadpool");
            assertThat(response.statusCode()).isEqualTo(200);
            List<String> names = json(response, "$.pools[*].name");
            assertThat(names).containsExactly("reports", "emails");
            assertThat((Boolean) json(response, "$.pools[0].primary")).isTrue();
            assertThat((Boolean) json(response, "$.pools[1].primary")).isFalse();
            assertThat(json(response, "$.pools[1].state").toString()).isEqualTo("RUNNING");
            assertThat((Integer) json(response, "$.pools[0].workers.configured")).isEqualTo(2);
            assertThat((Integer) json(response, "$.pools[1].queue.capacity")).isEqualTo(5);
            assertThat(((Number) json(response, "$.pools[0].jobs.succeeded")).longValue()).isGreaterThanOrEqualTo(1);
            assertThat(((Number) json(response, "$.pools[0].jobs.finished")).longValue()).isGreaterThanOrEqualTo(1);
            assertThat(response.body()).doesNotContain("recent");
        }

        @Test
        void readsOnePoolAndOneOfItsJobs() throws Exception {
            Job<String> job = this.emails.submit(() -> "sent");
            job.get(WAIT_SECONDS, TimeUnit.SECONDS);
            HttpResponse<String> pool = http().get("/actuator/threadpool/emails");
            assertThat(pool.statusCode()).isEqualTo(200);
            assertThat(json(pool, "$.name").toString()).isEqualTo("emails");
            assertThat((Integer) json(pool, "$.configuration.queueCapacity")).isEqualTo(5);
            HttpResponse<String> found = http().get("/actuator/threadpool/emails/" + job.id());
            assertThat(found.statusCode()).isEqualTo(200);
            assertThat(json(found, "$.status").toString()).isEqualTo("SUCCEEDED");
            assertThat(json(found, "$.worker").toString()).startsWith("emails-worker-");
        }

        @Test
        void answers404ForAnUnknownPoolOrJob() throws Exception {
            assertThat(http().get("/actuator/threadpool/nope").statusCode()).isEqualTo(404);
            assertThat(http().get("/actuator/threadpool/nope/1").statusCode()).isEqualTo(404);
            assertThat(http().get("/actuator/threadpool/emails/987654").statusCode()).isEqualTo(404);
            assertThat(http().postJson("/actuator/threadpool/nope", "{\"workers\": 3}").statusCode()).isEqualTo(404);
        }

        @Test
        void resizesOnePoolAndLeavesTheOthers() throws Exception {
            HttpResponse<String> response = http().postJson("/actuator/threadpool/emails", "{\"workers\": 3}");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat((Integer) json(response, "$.configuration.workers")).isEqualTo(3);
            assertThat(this.emails.snapshot().workers().configured()).isEqualTo(3);
            assertThat(this.pool.snapshot().workers().configured()).isEqualTo(2);
            http().postJson("/actuator/threadpool/emails", "{\"workers\": 1}");
        }

        @Test
        void healthIsACompositeWithOneChildPerPool() throws Exception {
            HttpResponse<String> health = http().get("/actuator/health/threadpool");
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(json(health, "$.status").toString()).isEqualTo("UP");
            assertThat(json(health, "$.components.reports.status").toString()).isEqualTo("UP");
            assertThat(json(health, "$.components.emails.details.name").toString()).isEqualTo("emails");
            HttpResponse<String> one = http().get("/actuator/health/threadpool/emails");
            assertThat(one.statusCode()).isEqualTo(200);
            assertThat((Integer) json(one, "$.details.workersConfigured")).isEqualTo(1);
        }

    }

}
