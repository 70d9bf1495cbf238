package io.github.threadpool.sample;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.github.threadpool.autoconfigure.fleet.RedisServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The fleet as operators run it: two packaged sample-app instances and one real redis-server (Debian's
 * package), every port random. Submit on A, find on B (naming A) and cancel from B; {@code kill -9} A during
 * a job, and B reports it LOST once A's lease (1 s here) has expired; start A again, and its old ids are
 * still found, its new ones are new; stop Redis, and jobs still run and the outage shows in the health
 * details while the instance stays UP; start Redis again, and mirroring resumes.
 */
class FleetIT {

    private static final Duration PATIENCE = Duration.ofMinutes(2);

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The demo user, who may read job values and cancel jobs (docs/sample-app.md, The demo user). */
    private static final String PASSWORD = "fleet-it";

    private static final String DEMO = "Basic "
            + Base64.getEncoder().encodeToString(("demo:" + PASSWORD).getBytes(StandardCharsets.UTF_8));

    @TempDir
    Path workDir;

    private final List<PackagedSample> apps = new ArrayList<>();

    private RedisServer redis;

    @AfterEach
    void stopEverything() throws Exception {
        for (PackagedSample app : this.apps) {
            app.close();
        }
        if (this.redis != null) {
            this.redis.close();
        }
    }

    @Test
    void anyInstanceAnswersForAnyJobAcrossDeathsRestartsAndRedisOutages() throws Exception {
        this.redis = RedisServer.start();
        PackagedSample a = start("a1");
        PackagedSample b = start("b");

        // submit on A, find on B, which names A
        long quick = submit(a, 10);
        JsonNode onB = await().atMost(PATIENCE).until(() -> job(b, quick),
                (job) -> job != null && "SUCCEEDED".equals(job.path("status").asString()));
        assertThat(onB.path("instance").asString()).isEqualTo("a1");
        assertThat(onB.path("worker").asString()).startsWith("reports-worker-");
        JsonNode viaActuator = json(b.send("GET", "/actuator/threadpool/reports/" + quick, null, null));
        assertThat(viaActuator.path("instance").asString()).isEqualTo("a1");
        assertThat(viaActuator.path("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(viaActuator.path("value").asString()).as("masked for an anonymous caller").isEqualTo("******");

        // cancel from B a job that runs on A
        long cancelled = submit(a, 60_000);
        awaitStatus(b, cancelled, "RUNNING");
        assertThat(b.send("DELETE", "/pools/reports/jobs/" + cancelled, null, null).statusCode())
            .as("cancelling needs the demo user").isEqualTo(401);
        HttpResponse<String> cancel = b.send("DELETE", "/pools/reports/jobs/" + cancelled, null, DEMO);
        assertThat(cancel.statusCode()).as(cancel.body()).isEqualTo(200);
        assertThat(json(cancel).path("status").asString()).isEqualTo("CANCELLED");
        awaitStatus(a, cancelled, "CANCELLED");
        assertThat(b.send("DELETE", "/pools/reports/jobs/" + quick, null, DEMO).statusCode())
            .as("already finished").isEqualTo(409);

        // kill -9 A during a job: B reports it LOST once A's lease has expired
        long running = submit(a, 60_000);
        awaitStatus(b, running, "RUNNING");
        a.process().destroyForcibly();
        assertThat(a.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
        awaitStatus(b, running, "LOST");
        assertThat(b.send("DELETE", "/pools/reports/jobs/" + running, null, DEMO).statusCode())
            .as("a LOST job has finished: nothing to cancel").isEqualTo(409);

        // start A again: its old ids are still found, and its new jobs have new ids
        PackagedSample a2 = start("a2");
        JsonNode old = job(a2, quick);
        assertThat(old).isNotNull();
        assertThat(old.path("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(old.path("instance").asString()).isEqualTo("a1");
        assertThat(job(a2, running).path("status").asString()).isEqualTo("LOST");
        long fresh = submit(a2, 10);
        assertThat(fresh).isNotIn(quick, cancelled, running).isGreaterThan(running);
        awaitStatus(b, fresh, "SUCCEEDED");

        // stop Redis: jobs still run, the outage is visible, the instance stays UP
        this.redis.stop();
        long duringOutage = submit(b, 10);
        awaitStatus(b, duringOutage, "SUCCEEDED");
        await().atMost(PATIENCE).until(() -> "unreachable".equals(fleetHealth(b).path("details").path("redis").asString()));
        JsonNode health = json(b.send("GET", "/actuator/health", null, null));
        assertThat(health.path("status").asString()).as("a Redis outage leaves the instance UP").isEqualTo("UP");
        assertThat(b.send("GET", "/actuator/health/liveness", null, null).statusCode()).isEqualTo(200);
        assertThat(b.send("GET", "/actuator/health/readiness", null, null).statusCode()).isEqualTo(200);
        assertThat(b.send("GET", "/pools/reports/jobs/" + fresh, null, DEMO).statusCode())
            .as("another instance's job while Redis is down: unknown, not absent").isEqualTo(503);

        // start Redis again: mirroring resumes
        this.redis.startAgain();
        await().atMost(PATIENCE).until(() -> "reachable".equals(fleetHealth(b).path("details").path("redis").asString()));
        long afterOutage = submit(b, 10);
        JsonNode resumed = await().atMost(PATIENCE).until(() -> job(a2, afterOutage),
                (job) -> job != null && "SUCCEEDED".equals(job.path("status").asString()));
        assertThat(resumed.path("instance").asString()).isEqualTo("b");
    }

    /** An instance of the packaged sample, named {@code instance}, in the fleet on this test's Redis. */
    private PackagedSample start(String instance) throws IOException {
        Path dir = Files.createDirectories(this.workDir.resolve(instance));
        PackagedSample app = PackagedSample.start(dir, "--threadpool.fleet.enabled=true",
                "--spring.data.redis.port=" + this.redis.port(), "--threadpool.fleet.instance-name=" + instance,
                "--threadpool.fleet.lease-time-to-live=1s", "--threadpool.pools.reports.workers=2",
                "--management.endpoint.health.probes.enabled=true", "--spring.security.user.password=" + PASSWORD);
        this.apps.add(app);
        return app;
    }

    private static long submit(PackagedSample app, long durationMs) throws Exception {
        HttpResponse<String> response = app.send("POST", "/pools/reports/jobs", "{\"durationMs\": " + durationMs + "}", null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return json(response).path("id").asLong();
    }

    private static void awaitStatus(PackagedSample app, long id, String status) {
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(100)).until(() -> job(app, id),
                (job) -> job != null && status.equals(job.path("status").asString()));
    }

    /** The job as the sample's API shows it to the demo user; null on a 404. */
    private static JsonNode job(PackagedSample app, long id) throws Exception {
        HttpResponse<String> response = app.send("GET", "/pools/reports/jobs/" + id, null, DEMO);
        if (response.statusCode() == 404) {
            return null;
        }
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response);
    }

    private static JsonNode fleetHealth(PackagedSample app) throws Exception {
        return json(app.send("GET", "/actuator/health/threadpoolFleet", null, null));
    }

    private static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }
}
