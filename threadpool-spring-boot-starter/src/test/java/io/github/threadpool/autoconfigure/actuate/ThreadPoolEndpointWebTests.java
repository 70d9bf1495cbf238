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

import org.springframework.beans.factory.annotation.Autowired;
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

            HttpResponse<String> response = http().get("/actuator/threadpool");

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
            assertThat(errorTypes).containsExactly("java.lang.IllegalStateException");
            List<String> messages = json(response, "$.results.recent[?(@.id == " + failed.id() + ")].errorMessage");
            assertThat(messages).containsExactly("disk full");
            List<String> doneStatus = json(response, "$.results.recent[?(@.id == " + done.id() + ")].status");
            assertThat(doneStatus).containsExactly("SUCCEEDED");
            assertThat(response.body()).as("values are never shown by default").doesNotContain("secret value");
        }

        @Test
        void readsOneJobBySelector() throws Exception {
            Job<String> done = finishedJob("hidden");
            HttpResponse<String> response = http().get("/actuator/threadpool/" + done.id());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat((Integer) json(response, "$.id")).isEqualTo((int) done.id());
            assertThat(json(response, "$.status").toString()).isEqualTo("SUCCEEDED");
            assertThat(json(response, "$.worker").toString()).startsWith("web-worker-");
            assertThat(json(response, "$.submittedAt").toString()).isNotBlank();
            assertThat(json(response, "$.finishedAt").toString()).isNotBlank();
            assertThat((Integer) json(response, "$.runTimeMs")).isGreaterThanOrEqualTo(0);
            assertThat(response.body()).doesNotContain("hidden");
        }

        @Test
        void readsARunningJobBySelector() throws Exception {
            Job<Object> busy = this.pool.submit(() -> {
                this.gate.await();
                return null;
            });
            awaitOnlyRunning(busy);
            HttpResponse<String> response = http().get("/actuator/threadpool/" + busy.id());
            assertThat(json(response, "$.status").toString()).isEqualTo("RUNNING");
        }

        @Test
        void answers404ForAnUnknownJob() throws Exception {
            assertThat(http().get("/actuator/threadpool/987654").statusCode()).isEqualTo(404);
        }

        @Test
        void answers400ForASelectorThatIsNotAnId() throws Exception {
            assertThat(http().get("/actuator/threadpool/abc").statusCode()).isEqualTo(400);
        }

        @Test
        void refusesWritesUntilAccessIsUnrestricted() throws Exception {
            HttpResponse<String> response = http().postJson("/actuator/threadpool", "{\"workers\": 5}");
            assertThat(response.statusCode()).isEqualTo(405);
            assertThat(this.pool.snapshot().workers().configured()).isEqualTo(2);
        }

    }

    @Nested
    @SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
            properties = { "management.endpoints.web.exposure.include=threadpool",
                    "management.endpoint.threadpool.show-values=always" })
    class ShowingValuesAlways extends EndpointTest {

        @Test
        void showsValuesInThePoolViewAndBySelector() throws Exception {
            Job<String> done = finishedJob("visible value");
            assertThat(json(http().get("/actuator/threadpool"), "$.results.recent[0].value").toString())
                .isEqualTo("visible value");
            assertThat(json(http().get("/actuator/threadpool/" + done.id()), "$.value").toString())
                .isEqualTo("visible value");
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
            assertThat(http().get("/actuator/threadpool/" + done.id()).body()).doesNotContain("for admins only");
            assertThat(http().get("/actuator/threadpool").body()).doesNotContain("for admins only");
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
            HttpResponse<String> response = http().postJson("/actuator/threadpool",
                    "{\"workers\": 4, \"queueCapacity\": 20}");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat((Integer) json(response, "$.configuration.workers")).isEqualTo(4);
            assertThat(this.pool.snapshot().workers().configured()).isEqualTo(4);
            assertThat(this.pool.snapshot().queue().capacity()).isEqualTo(20);
            http().postJson("/actuator/threadpool", "{\"workers\": 2}");
            assertThat(this.pool.snapshot().workers().configured()).isEqualTo(2);
            assertThat(this.pool.snapshot().queue().capacity()).isEqualTo(20);
        }

        @Test
        void answers400AndChangesNothingOnBadInput() throws Exception {
            HttpResponse<String> zero = http().postJson("/actuator/threadpool", "{\"workers\": 3, \"queueCapacity\": 0}");
            assertThat(zero.statusCode()).isEqualTo(400);
            assertThat(zero.body()).contains("queueCapacity must be at least 1, was 0");
            HttpResponse<String> empty = http().postJson("/actuator/threadpool", "{}");
            assertThat(empty.statusCode()).isEqualTo(400);
            assertThat(empty.body()).contains("Give workers, queueCapacity or both");
            HttpResponse<String> notANumber = http().postJson("/actuator/threadpool", "{\"workers\": \"lots\"}");
            assertThat(notANumber.statusCode()).isEqualTo(400);
            assertThat(this.pool.snapshot().workers().configured()).isEqualTo(2);
            assertThat(this.pool.snapshot().queue().capacity()).isEqualTo(10);
        }

    }

}
