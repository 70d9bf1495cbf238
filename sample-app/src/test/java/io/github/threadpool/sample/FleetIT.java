package io.github.threadpool.sample;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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

    private final HttpClient http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5))
        .build();

    @TempDir
    Path workDir;

    private final List<Process> apps = new ArrayList<>();

    private RedisServer redis;

    @AfterEach
    void stopEverything() throws Exception {
        for (Process app : this.apps) {
            app.destroyForcibly();
        }
        if (this.redis != null) {
            this.redis.close();
        }
    }

    @Test
    void anyInstanceAnswersForAnyJobAcrossDeathsRestartsAndRedisOutages() throws Exception {
        this.redis = RedisServer.start();
        int portA = freePort();
        int portB = freePort();
        Process a = start("a1", portA);
        start("b", portB);
        awaitUp(portA);
        awaitUp(portB);

        // submit on A, find on B, which names A
        long quick = submit(portA, 10);
        JsonNode onB = await().atMost(PATIENCE).until(() -> job(portB, quick),
                (job) -> job != null && "SUCCEEDED".equals(job.path("status").asString()));
        assertThat(onB.path("instance").asString()).isEqualTo("a1");
        assertThat(onB.path("worker").asString()).startsWith("reports-worker-");
        JsonNode viaActuator = json(send(portB, "GET", "/actuator/threadpool/reports/" + quick, null));
        assertThat(viaActuator.path("instance").asString()).isEqualTo("a1");
        assertThat(viaActuator.path("status").asString()).isEqualTo("SUCCEEDED");

        // cancel from B a job that runs on A
        long cancelled = submit(portA, 60_000);
        awaitStatus(portB, cancelled, "RUNNING");
        HttpResponse<String> cancel = send(portB, "DELETE", "/pools/reports/jobs/" + cancelled, null);
        assertThat(cancel.statusCode()).as(cancel.body()).isEqualTo(200);
        assertThat(json(cancel).path("status").asString()).isEqualTo("CANCELLED");
        awaitStatus(portA, cancelled, "CANCELLED");
        assertThat(send(portB, "DELETE", "/pools/reports/jobs/" + quick, null).statusCode())
            .as("already finished").isEqualTo(409);

        // kill -9 A during a job: B reports it LOST once A's lease has expired
        long running = submit(portA, 60_000);
        awaitStatus(portB, running, "RUNNING");
        a.destroyForcibly();
        assertThat(a.waitFor(30, TimeUnit.SECONDS)).isTrue();
        awaitStatus(portB, running, "LOST");
        assertThat(send(portB, "DELETE", "/pools/reports/jobs/" + running, null).statusCode())
            .as("a LOST job has finished: nothing to cancel").isEqualTo(409);

        // start A again: its old ids are still found, and its new jobs have new ids
        int portA2 = freePort();
        start("a2", portA2);
        awaitUp(portA2);
        JsonNode old = job(portA2, quick);
        assertThat(old).isNotNull();
        assertThat(old.path("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(old.path("instance").asString()).isEqualTo("a1");
        assertThat(job(portA2, running).path("status").asString()).isEqualTo("LOST");
        long fresh = submit(portA2, 10);
        assertThat(fresh).isNotIn(quick, cancelled, running).isGreaterThan(running);
        awaitStatus(portB, fresh, "SUCCEEDED");

        // stop Redis: jobs still run, the outage is visible, the instance stays UP
        this.redis.stop();
        long duringOutage = submit(portB, 10);
        awaitStatus(portB, duringOutage, "SUCCEEDED");
        await().atMost(PATIENCE).until(() -> "unreachable".equals(fleetHealth(portB).path("details").path("redis").asString()));
        JsonNode health = json(send(portB, "GET", "/actuator/health", null));
        assertThat(health.path("status").asString()).as("a Redis outage leaves the instance UP").isEqualTo("UP");
        assertThat(send(portB, "GET", "/actuator/health/liveness", null).statusCode()).isEqualTo(200);
        assertThat(send(portB, "GET", "/actuator/health/readiness", null).statusCode()).isEqualTo(200);
        assertThat(send(portB, "GET", "/pools/reports/jobs/" + fresh, null).statusCode())
            .as("another instance's job while Redis is down: unknown, not absent").isEqualTo(503);

        // start Redis again: mirroring resumes
        this.redis.startAgain();
        await().atMost(PATIENCE).until(() -> "reachable".equals(fleetHealth(portB).path("details").path("redis").asString()));
        long afterOutage = submit(portB, 10);
        JsonNode resumed = await().atMost(PATIENCE).until(() -> job(portA2, afterOutage),
                (job) -> job != null && "SUCCEEDED".equals(job.path("status").asString()));
        assertThat(resumed.path("instance").asString()).isEqualTo("b");
    }

    private Process start(String instance, int port) throws IOException {
        Path jar = Path.of(System.getProperty("sample.jar", "target/sample-app-0.1.0-SNAPSHOT.jar")).toAbsolutePath();
        assertThat(jar).as("the packaged jar").exists();
        Path log = this.workDir.resolve(instance + ".log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process app = new ProcessBuilder(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-jar", jar.toString(),
                "--server.port=" + port, "--server.address=127.0.0.1", "--threadpool.fleet.enabled=true",
                "--spring.data.redis.port=" + this.redis.port(), "--threadpool.fleet.instance-name=" + instance,
                "--threadpool.fleet.lease-time-to-live=1s", "--threadpool.pools.reports.workers=2",
                "--management.endpoint.health.probes.enabled=true")
            .directory(this.workDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
        this.apps.add(app);
        return app;
    }

    private void awaitUp(int port) {
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
            .until(() -> send(port, "GET", "/actuator/health", null).statusCode() == 200);
    }

    private long submit(int port, long durationMs) throws Exception {
        HttpResponse<String> response = send(port, "POST", "/pools/reports/jobs", "{\"durationMs\": " + durationMs + "}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return json(response).path("id").asLong();
    }

    private void awaitStatus(int port, long id, String status) {
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(100)).until(() -> job(port, id),
                (job) -> job != null && status.equals(job.path("status").asString()));
    }

    /** The job as the sample's API shows it; null on a 404. */
    private JsonNode job(int port, long id) throws Exception {
        HttpResponse<String> response = send(port, "GET", "/pools/reports/jobs/" + id, null);
        if (response.statusCode() == 404) {
            return null;
        }
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response);
    }

    private JsonNode fleetHealth(int port) throws Exception {
        return json(send(port, "GET", "/actuator/health/threadpoolFleet", null));
    }

    private HttpResponse<String> send(int port, String method, String path, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(15))
            .header("Content-Type", "application/json")
            .method(method, (body != null) ? HttpRequest.BodyPublishers.ofString(body) : HttpRequest.BodyPublishers.noBody())
            .build();
        return this.http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

}
