package io.github.threadpool.sample;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Who may do what in the sample: anyone reads the dashboard, the pools (values and errors masked), health
 * and Prometheus's scrape, and submits demo jobs; only the demo user resizes, cancels and reads values and
 * errors.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "server.address=127.0.0.1")
class SampleSecurityTests extends JobApiTests.ApiTest {

    @Test
    void anAnonymousResizeIs401AndChangesNothing() {
        int before = this.pool.snapshot().queue().capacity();
        ResponseEntity<String> response = anonymous().post().uri("/actuator/threadpool/" + POOL)
            .contentType(MediaType.APPLICATION_JSON)
            .body("{\"queueCapacity\": 2147483647}")
            .retrieve()
            .toEntity(String.class);
        assertProblem(response, 401, "Unauthorized");
        assertThat(response.getHeaders().getFirst("WWW-Authenticate")).startsWith("Basic realm=\"threadpool-sample\"");
        assertThat(this.pool.snapshot().queue().capacity()).isEqualTo(before);
    }

    @Test
    void theDemoUserResizes() {
        int before = this.pool.snapshot().queue().capacity();
        try {
            ResponseEntity<String> response = postJson("/actuator/threadpool/" + POOL, "{\"queueCapacity\": 321}");
            assertThat(response.getStatusCode().value()).isEqualTo(200);
            assertThat(this.pool.snapshot().queue().capacity()).isEqualTo(321);
        }
        finally {
            this.pool.setQueueCapacity(before);
        }
    }

    @Test
    void anonymousCallersSeeJobsWithValuesAndErrorsMaskedAndTheDemoUserSeesThem() {
        int failed = json(anonymous().post().uri(JOBS).contentType(MediaType.APPLICATION_JSON)
            .body("{\"durationMs\": 0, \"label\": \"password=hunter2\", \"fail\": true}").retrieve().toEntity(String.class), "$.id");
        int done = json(anonymous().post().uri(JOBS).contentType(MediaType.APPLICATION_JSON)
            .body("{\"durationMs\": 0, \"label\": \"private\"}").retrieve().toEntity(String.class), "$.id");
        await().atMost(30, TimeUnit.SECONDS).until(() -> this.pool.findJob(done).map((j) -> j.status().isTerminal()).orElse(false)
                && this.pool.findJob(failed).map((j) -> j.status().isTerminal()).orElse(false));

        ResponseEntity<String> anonymousFailed = anonymous().get().uri("/actuator/threadpool/" + POOL + "/" + failed)
            .retrieve().toEntity(String.class);
        assertThat(anonymousFailed.getStatusCode().value()).isEqualTo(200);
        assertThat(json(anonymousFailed, "$.errorType").toString()).isEqualTo("******");
        assertThat(json(anonymousFailed, "$.errorMessage").toString()).isEqualTo("******");
        ResponseEntity<String> anonymousDone = anonymous().get().uri("/actuator/threadpool/" + POOL + "/" + done)
            .retrieve().toEntity(String.class);
        assertThat(json(anonymousDone, "$.value").toString()).isEqualTo("******");
        assertThat(anonymous().get().uri("/actuator/threadpool/" + POOL).retrieve().toEntity(String.class).getBody())
            .doesNotContain("hunter2").doesNotContain("private done");
        assertProblem(anonymous().get().uri(JOBS + "/" + done).retrieve().toEntity(String.class), 401, "Unauthorized");
        assertProblem(anonymous().get().uri(JOBS + "/results").retrieve().toEntity(String.class), 401, "Unauthorized");
        assertProblem(anonymous().delete().uri(JOBS + "/" + done).retrieve().toEntity(String.class), 401, "Unauthorized");

        assertThat(json(get("/actuator/threadpool/" + POOL + "/" + failed), "$.errorMessage").toString())
            .isEqualTo("password=hunter2 failed on purpose");
        assertThat(json(get("/actuator/threadpool/" + POOL + "/" + done), "$.value").toString())
            .isEqualTo("private done in 0 ms");
        assertThat(json(get(JOBS + "/" + done), "$.value").toString()).isEqualTo("private done in 0 ms");
    }

    @Test
    void theDashboardHealthAndPrometheusStayReadableAnonymously() {
        for (String path : new String[] { "/", "/dashboard.js", "/dashboard/latency", "/actuator/health",
                "/actuator/threadpool", "/actuator/prometheus", "/login" }) {
            assertThat(anonymous().get().uri(path).retrieve().toEntity(String.class).getStatusCode().value()).as(path)
                .isEqualTo(200);
        }
        assertThat(anonymous().get().uri("/actuator/prometheus").retrieve().body(String.class))
            .contains("threadpool_jobs_submitted_jobs_total");
    }

    @Test
    void theDashboardsOwnCallsGet401WithoutAChallengeSoTheBrowserAsksNothing() {
        ResponseEntity<String> response = anonymous().post().uri("/actuator/threadpool/" + POOL)
            .header("X-Requested-With", "XMLHttpRequest")
            .contentType(MediaType.APPLICATION_JSON)
            .body("{\"workers\": 3}")
            .retrieve()
            .toEntity(String.class);
        assertProblem(response, 401, "Unauthorized");
        assertThat(response.getHeaders().getFirst("WWW-Authenticate")).isNull();
    }

    @Test
    void aBrowserOpeningAProtectedPageIsSentToTheLoginForm() {
        ResponseEntity<String> response = anonymous().get().uri(JOBS + "/results").accept(MediaType.TEXT_HTML)
            .retrieve().toEntity(String.class);
        assertThat(response.getStatusCode().value()).isEqualTo(302);
        assertThat(response.getHeaders().getLocation()).hasPath("/login");
    }
}
