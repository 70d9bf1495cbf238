package io.github.threadpool.sample;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.jayway.jsonpath.JsonPath;
import io.github.threadpool.autoconfigure.ThreadPools;
import io.github.threadpool.core.ThreadPool;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The REST API over real HTTP: every status code it promises, and never a 500. */
class JobApiTests {

    abstract static class ApiTest {

        /** The pool the tests use. */
        static final String POOL = "reports";

        static final String JOBS = "/pools/" + POOL + "/jobs";

        static final String USER = "demo";

        static final String PASSWORD = "test-password";

        @LocalServerPort
        int port;

        @Autowired
        ThreadPool pool;

        /** A client logged in as the demo user (its password is set in the tests' application.properties). */
        RestClient client() {
            return anonymous().mutate().defaultHeaders((headers) -> headers.setBasicAuth(USER, PASSWORD)).build();
        }

        /** A client without credentials. */
        RestClient anonymous() {
            return RestClient.builder()
                .baseUrl("http://localhost:" + this.port)
                .defaultStatusHandler((status) -> true, (request, response) -> {
                })
                .build();
        }

        ResponseEntity<String> postJson(String path, String body) {
            return client().post().uri(path).contentType(MediaType.APPLICATION_JSON).body(body).retrieve().toEntity(String.class);
        }

        ResponseEntity<String> post(String path) {
            return client().post().uri(path).retrieve().toEntity(String.class);
        }

        ResponseEntity<String> get(String path) {
            return client().get().uri(path).retrieve().toEntity(String.class);
        }

        ResponseEntity<String> delete(String path) {
            return client().delete().uri(path).retrieve().toEntity(String.class);
        }

        static <T> T json(ResponseEntity<String> response, String path) {
            return JsonPath.read(response.getBody(), path);
        }

        static void assertProblem(ResponseEntity<String> response, int status, String detailFragment) {
            assertThat(response.getStatusCode().value()).isEqualTo(status);
            assertThat(response.getHeaders().getContentType()).hasToString("application/problem+json");
            assertThat((Integer) json(response, "$.status")).isEqualTo(status);
            assertThat(json(response, "$.detail").toString()).contains(detailFragment);
            assertThat(response.getBody()).doesNotContain("Exception\\n\\tat ").doesNotContain("\"trace\"");
        }

    }

    @Nested
    @SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
            properties = { "threadpool.pools.reports.workers=2", "threadpool.pools.reports.shutdown.await-termination=1s",
                    "threadpool.pools.emails.shutdown.await-termination=1s" })
    class Submitting extends ApiTest {

        @Test
        void acceptsAJobWith202AndALocationToPoll() {
            ResponseEntity<String> response = postJson(JOBS, "{\"durationMs\": 10, \"label\": \"report-42\"}");
            assertThat(response.getStatusCode().value()).isEqualTo(202);
            Integer id = json(response, "$.id");
            assertThat(response.getHeaders().getLocation()).hasToString(JOBS + "/" + id);
            assertThat(json(response, "$.pool").toString()).isEqualTo(POOL);
            assertThat(json(response, "$.label").toString()).isEqualTo("report-42");

            await().atMost(30, TimeUnit.SECONDS)
                .until(() -> "SUCCEEDED".equals(json(get(JOBS + "/" + id), "$.status")));
            ResponseEntity<String> job = get(JOBS + "/" + id);
            assertThat(job.getStatusCode().value()).isEqualTo(200);
            assertThat(json(job, "$.value").toString()).isEqualTo("report-42 done in 10 ms");
            assertThat(json(job, "$.worker").toString()).startsWith(POOL + "-worker-");
            assertThat(json(job, "$.finishedAt").toString()).isNotBlank();
        }

        @Test
        void runsEachPoolsJobsOnItsOwnWorkersWithItsOwnIds() {
            Integer report = json(postJson(JOBS, "{\"durationMs\": 0, \"label\": \"r\"}"), "$.id");
            ResponseEntity<String> accepted = postJson("/pools/emails/jobs", "{\"durationMs\": 0, \"label\": \"e\"}");
            assertThat(accepted.getStatusCode().value()).isEqualTo(202);
            Integer email = json(accepted, "$.id");
            assertThat(accepted.getHeaders().getLocation()).hasToString("/pools/emails/jobs/" + email);
            await().atMost(30, TimeUnit.SECONDS)
                .until(() -> "SUCCEEDED".equals(json(get("/pools/emails/jobs/" + email), "$.status")));
            assertThat(json(get("/pools/emails/jobs/" + email), "$.worker").toString()).startsWith("emails-worker-");
            await().atMost(30, TimeUnit.SECONDS).until(() -> "SUCCEEDED".equals(json(get(JOBS + "/" + report), "$.status")));
            assertThat(json(get(JOBS + "/" + report), "$.worker").toString()).startsWith("reports-worker-");
        }

        @Test
        void measuresQueueWaitAndRunTimePercentilesOfEachPoolForTheDashboard() {
            ResponseEntity<String> batch = postJson("/pools/emails/jobs/batch", "{\"count\": 3, \"durationMs\": 60}");
            Integer lastId = json(batch, "$.lastId");
            await().atMost(30, TimeUnit.SECONDS)
                .until(() -> "SUCCEEDED".equals(json(get("/pools/emails/jobs/" + lastId), "$.status")));
            ResponseEntity<String> latency = get("/dashboard/latency");
            assertThat(latency.getStatusCode().value()).isEqualTo(200);
            assertThat((Integer) json(latency, "$.windowSeconds")).isEqualTo(30);
            assertThat((Map<String, Object>) json(latency, "$.pools")).containsOnlyKeys("emails", "reports");
            assertThat(((Number) json(latency, "$.pools.emails.runMs.p99")).doubleValue()).isGreaterThanOrEqualTo(40);
            assertThat(((Number) json(latency, "$.pools.emails.queueWaitMs.p50")).doubleValue()).isGreaterThanOrEqualTo(0);
        }

        @Test
        void reportsAFailedJobsError() {
            Integer id = json(postJson(JOBS, "{\"durationMs\": 0, \"fail\": true, \"label\": \"doomed\"}"), "$.id");
            await().atMost(30, TimeUnit.SECONDS)
                .until(() -> "FAILED".equals(json(get(JOBS + "/" + id), "$.status")));
            assertThat(json(get(JOBS + "/" + id), "$.error").toString())
                .isEqualTo("IllegalStateException: doomed failed on purpose");
        }

        @Test
        void refusesANegativeDuration() {
            assertProblem(postJson(JOBS, "{\"durationMs\": -1}"), 400, "durationMs must be from 0 to 60000, was -1");
        }

        @Test
        void refusesAHugeDuration() {
            assertProblem(postJson(JOBS, "{\"durationMs\": 86400000}"), 400, "durationMs must be from 0 to 60000");
        }

        @Test
        void refusesAMissingDuration() {
            assertProblem(postJson(JOBS, "{\"label\": \"x\"}"), 400, "durationMs is required");
        }

        @Test
        void refusesAMissingBody() {
            ResponseEntity<String> response = client().post().uri(JOBS).contentType(MediaType.APPLICATION_JSON)
                .retrieve().toEntity(String.class);
            assertProblem(response, 400, "Expected a JSON body such as");
        }

        @Test
        void refusesWrongTypes() {
            assertProblem(postJson(JOBS, "{\"durationMs\": \"soon\"}"), 400, "Expected a JSON body such as");
            assertProblem(postJson(JOBS, "{\"durationMs\": 5, \"fail\": \"maybe\"}"), 400, "Expected a JSON body such as");
            assertProblem(postJson(JOBS, "not json"), 400, "Expected a JSON body such as");
        }

        @Test
        void refusesAnOverlongLabel() {
            assertProblem(postJson(JOBS, "{\"durationMs\": 5, \"label\": \"" + "x".repeat(101) + "\"}"), 400,
                    "label must be 1 to 100 characters, was 101");
        }

        @Test
        void cancelsAQueuedAndARunningJobAndSays409ForAFinishedOne() {
            List<Integer> ids = new java.util.ArrayList<>();
            for (int i = 0; i < 3; i++) { // two workers: the third waits in the queue
                ids.add(json(postJson(JOBS, "{\"durationMs\": 60000, \"label\": \"long\"}"), "$.id"));
            }
            await().atMost(30, TimeUnit.SECONDS).until(() -> "RUNNING".equals(json(get(JOBS + "/" + ids.get(0)), "$.status")));
            assertThat(json(get(JOBS + "/" + ids.get(2)), "$.status").toString()).isEqualTo("QUEUED");

            ResponseEntity<String> queued = delete(JOBS + "/" + ids.get(2));
            assertThat(queued.getStatusCode().value()).isEqualTo(200);
            assertThat(json(queued, "$.status").toString()).isEqualTo("CANCELLED");
            assertThat((Object) json(queued, "$.startedAt")).as("it never ran").isNull();
            ResponseEntity<String> running = delete(JOBS + "/" + ids.get(0));
            assertThat(running.getStatusCode().value()).isEqualTo(200);
            assertThat(json(running, "$.status").toString()).isEqualTo("CANCELLED");
            assertThat(delete(JOBS + "/" + ids.get(1)).getStatusCode().value()).isEqualTo(200);

            assertProblem(delete(JOBS + "/" + ids.get(2)), 409, "has already finished (CANCELLED)");
            assertProblem(delete(JOBS + "/123456789"), 404, "No job 123456789");
            assertProblem(delete(JOBS + "/abc"), 400, "'id' must be plain decimal digits (0-9)");
        }

        @Test
        void answers404ForAnUnknownJobAnd400ForANonNumericId() {
            assertProblem(get(JOBS + "/123456789"), 404, "No job 123456789");
            assertProblem(get(JOBS + "/abc"), 400, "'id' must be plain decimal digits (0-9)");
        }

        @Test
        void enqueuesABatch() {
            ResponseEntity<String> response = postJson(JOBS + "/batch", "{\"count\": 5, \"durationMs\": 0, \"failEvery\": 5}");
            assertThat(response.getStatusCode().value()).isEqualTo(202);
            assertThat(json(response, "$").toString()).contains("pool=" + POOL, "requested=5", "accepted=5", "notSubmitted=0");
            Integer lastId = json(response, "$.lastId");
            await().atMost(30, TimeUnit.SECONDS)
                .until(() -> "FAILED".equals(json(get(JOBS + "/" + lastId), "$.status")));
        }

        @Test
        void refusesABatchOutOfBounds() {
            assertProblem(postJson(JOBS + "/batch", "{\"count\": 0}"), 400, "count must be from 1 to 1000, was 0");
            assertProblem(postJson(JOBS + "/batch", "{\"count\": 1001}"), 400, "count must be from 1 to 1000, was 1001");
            assertProblem(postJson(JOBS + "/batch", "{}"), 400, "count must be from 1 to 1000, was null");
            assertProblem(postJson(JOBS + "/batch", "{\"count\": 3, \"durationMs\": -2}"), 400,
                    "durationMs must be from 0 to 60000, was -2");
            assertProblem(postJson(JOBS + "/batch", "{\"count\": 3, \"failEvery\": -1}"), 400,
                    "failEvery must be 0 (none fail) or more, was -1");
            assertProblem(postJson(JOBS + "/batch", "{\"count\": \"many\"}"), 400, "field 'count'");
        }

        @Test
        void checksABatchLabelAsGivenSoAnyCountTakesIt() {
            String label = "x".repeat(98); // "-10" onwards would take a job's label past 100 characters
            ResponseEntity<String> response = postJson(JOBS + "/batch",
                    "{\"count\": 12, \"durationMs\": 1, \"label\": \"" + label + "\"}");
            assertThat(response.getStatusCode().value()).isEqualTo(202);
            assertThat((Integer) json(response, "$.requested")).isEqualTo(12);
            assertThat((Integer) json(response, "$.accepted")).isEqualTo(12);
            assertThat((Integer) json(response, "$.notSubmitted")).isZero();
            Integer lastId = json(response, "$.lastId");
            await().atMost(30, TimeUnit.SECONDS)
                .until(() -> this.pool.findJob(lastId).map((job) -> job.status().isTerminal()).orElse(false));
            assertThat(json(get(JOBS + "/" + lastId), "$.value").toString()).isEqualTo(label + "-12 done in 1 ms");
        }

        @Test
        void refusesABadBatchBeforeSubmittingAnyOfIt() {
            long submitted = this.pool.snapshot().jobs().submitted();
            assertProblem(postJson(JOBS + "/batch", "{\"count\": 12, \"label\": \"" + "x".repeat(101) + "\"}"), 400,
                    "label must be 1 to 100 characters, was 101");
            assertProblem(postJson(JOBS + "/batch", "{\"count\": 12, \"durationMs\": 60001}"), 400,
                    "durationMs must be from 0 to 60000, was 60001");
            assertThat(this.pool.snapshot().jobs().submitted()).isEqualTo(submitted);
        }

        @Test
        void refusesALabelOfOnlySpacesSayingSo() {
            assertProblem(postJson(JOBS, "{\"durationMs\": 1, \"label\": \"   \"}"), 400,
                    "label must be 1 to 100 characters, not only spaces, was \"   \"");
            assertProblem(postJson(JOBS + "/batch", "{\"count\": 2, \"label\": \"   \"}"), 400,
                    "label must be 1 to 100 characters, not only spaces, was \"   \"");
        }

        @Test
        void refusesAnEmptyOrOutOfRangeMaxRatherThanTakingTheDefault() {
            assertProblem(get(JOBS + "/results?max="), 400, "max must be a whole number from 1 to 1000, was ''");
            assertProblem(get(JOBS + "/results?max=0"), 400, "max must be a whole number from 1 to 1000, was '0'");
            assertProblem(get(JOBS + "/results?max=1001"), 400, "max must be a whole number from 1 to 1000, was '1001'");
        }

        @Test
        void drainsResultsInCompletionOrderOncePerResult() {
            get(JOBS + "/results?max=1000"); // consume what earlier tests left
            ResponseEntity<String> batch = postJson(JOBS + "/batch", "{\"count\": 3, \"durationMs\": 0, \"label\": \"drain\"}");
            Integer lastId = json(batch, "$.lastId");
            await().atMost(30, TimeUnit.SECONDS).until(() -> this.pool.findJob(lastId).map((j) -> j.status().isTerminal()).orElse(false));
            await().atMost(30, TimeUnit.SECONDS).until(() -> this.pool.snapshot().jobs().running() == 0);
            ResponseEntity<String> results = get(JOBS + "/results?max=10");
            assertThat(results.getStatusCode().value()).isEqualTo(200);
            List<String> values = json(results, "$[*].value");
            assertThat(values).containsExactlyInAnyOrder("drain-1 done in 0 ms", "drain-2 done in 0 ms",
                    "drain-3 done in 0 ms");
            assertThat((List<?>) json(get(JOBS + "/results"), "$")).isEmpty();
        }

    }

    @Nested
    @SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
            properties = { "threadpool.pools.reports.workers=1", "threadpool.pools.reports.queue-capacity=2",
                    "threadpool.pools.reports.shutdown.await-termination=1s",
                    "threadpool.pools.emails.shutdown.await-termination=1s" })
    class WhenTheQueueIsFull extends ApiTest {

        @Test
        void answers503WithRetryAfterAndAClearMessage() {
            assertThat(postJson(JOBS, "{\"durationMs\": 60000}").getStatusCode().value()).isEqualTo(202);
            await().atMost(30, TimeUnit.SECONDS).until(() -> this.pool.snapshot().workers().busy() == 1);
            for (int i = 0; i < 2; i++) {
                assertThat(postJson(JOBS, "{\"durationMs\": 60000}").getStatusCode().value()).isEqualTo(202);
            }
            ResponseEntity<String> refused = postJson(JOBS, "{\"durationMs\": 10}");
            // The starter's answer: the sample has no handler of its own for a refused job.
            assertProblem(refused, 503, "Thread pool 'reports' is at capacity and refused the job; try again later.");
            assertThat(refused.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
            assertThat(json(refused, "$.reason").toString()).isEqualTo("QUEUE_FULL");

            ResponseEntity<String> batch = postJson(JOBS + "/batch", "{\"count\": 4, \"durationMs\": 10}");
            assertProblem(batch, 503, "is at capacity");
            this.pool.shutdownNow();
        }

    }

    @Nested
    @SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
            properties = { "threadpool.pools.reports.workers=1", "threadpool.pools.reports.queue-capacity=3",
                    "threadpool.pools.reports.shutdown.await-termination=1s",
                    "threadpool.pools.emails.shutdown.await-termination=1s" })
    class WhenABatchOnlyPartlyFits extends ApiTest {

        @Test
        void acceptsWhatFitsAndSaysHowManyWereNotSubmitted() {
            ResponseEntity<String> response = postJson(JOBS + "/batch", "{\"count\": 10, \"durationMs\": 60000}");
            assertThat(response.getStatusCode().value()).isEqualTo(202);
            Map<String, Object> body = json(response, "$");
            assertThat((Integer) body.get("requested")).isEqualTo(10);
            assertThat((Integer) body.get("accepted") + (Integer) body.get("notSubmitted")).isEqualTo(10);
            assertThat((Integer) body.get("accepted")).isBetween(3, 4);
            // the batch stopped at its first refusal: the pool counted that one submission as rejected
            assertThat(this.pool.snapshot().jobs().rejected()).isEqualTo(1);
            this.pool.shutdownNow();
        }

    }

    @Nested
    @SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
            properties = { "threadpool.pools.emails.workers=1", "threadpool.pools.reports.shutdown.await-termination=1s",
                    "threadpool.pools.emails.shutdown.await-termination=1s" })
    @DirtiesContext // a pool shut down is not for other tests to share
    class WhenAPoolIsDown extends ApiTest {

        @Autowired
        ThreadPools pools;

        @Test
        void healthAnswers503WithItsOwnDetailsNotAProblemDetail() {
            this.pools.get("emails").shutdownNow();
            ResponseEntity<String> health = get("/actuator/health");
            assertThat(health.getStatusCode().value()).isEqualTo(503);
            assertThat(health.getHeaders().getContentType().toString()).doesNotContain("problem");
            assertThat(json(health, "$.components.threadpool.components.emails.status").toString()).isEqualTo("DOWN");
            assertThat(json(health, "$.components.threadpool.components.reports.status").toString()).isEqualTo("UP");
            assertProblem(postJson("/pools/emails/jobs", "{\"durationMs\": 1}"), 503, "emails");
        }

    }

}
