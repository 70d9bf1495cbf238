package io.github.threadpool.sample;

import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged jar as an operator runs it: started with {@code java -jar}, loaded with slow jobs, sent
 * SIGTERM. The shutdown report in its log must account for every accepted job, and requests arriving
 * during shutdown must be refused cleanly.
 */
class GracefulShutdownIT {

    private static final Pattern REPORT = Pattern.compile("Thread pool 'demo' shut down: (\\d+) pending job\\(s\\): "
            + "(\\d+) succeeded and (\\d+) failed during drain, (\\d+) cancelled unstarted, (\\d+) interrupted, (\\d+) still running; "
            + "took \\d+ ms; since start: (\\d+) accepted, (\\d+) succeeded, (\\d+) failed, (\\d+) cancelled, "
            + "(\\d+) rejected");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path workDir;

    private Process app;

    @AfterEach
    void killLeftovers() {
        if (this.app != null && this.app.isAlive()) {
            this.app.destroyForcibly();
        }
    }

    @Test
    void drainsEveryAcceptedJobOnSigtermAndRefusesLateRequestsCleanly() throws Exception {
        int port = freePort();
        Path log = start(port, Duration.ofSeconds(20));
        int accepted = acceptedFromBatch(port, 8, 1000); // 2 workers: about 4 s of work

        LateRequests late = new LateRequests(port);
        long signalled = System.nanoTime();
        this.app.destroy(); // SIGTERM
        late.start();
        assertThat(this.app.waitFor(60, TimeUnit.SECONDS)).as("exits by itself").isTrue();
        Duration shutdown = Duration.ofNanos(System.nanoTime() - signalled);
        late.stop();

        assertThat(shutdown).as("exits within the configured drain time").isLessThan(Duration.ofSeconds(20));
        Report report = Report.in(log);
        assertThat(report.pending).as("jobs were still pending at SIGTERM").isPositive();
        assertThat(report.drainSucceeded + report.drainFailed).isEqualTo(report.pending);
        assertThat(report.cancelledUnstarted + report.interrupted + report.stillRunning).isZero();
        assertThat(report.accepted).isEqualTo(accepted + late.outcomes.getOrDefault("202", new AtomicInteger()).get());
        assertThat(report.succeeded).as("none lost").isEqualTo(report.accepted);
        assertThat(late.outcomes.keySet()).as("late requests were refused cleanly: %s", late.outcomes)
            .isSubsetOf("202", "503", "refused");
        assertThat(late.total()).isPositive();
    }

    @Test
    void accountsForEveryJobWhenTheDrainTimeIsTooShort() throws Exception {
        int port = freePort();
        Path log = start(port, Duration.ofSeconds(1));
        int accepted = acceptedFromBatch(port, 8, 5000); // 2 workers: 20 s of work, 1 s to drain

        this.app.destroy();
        assertThat(this.app.waitFor(60, TimeUnit.SECONDS)).as("exits by itself").isTrue();

        Report report = Report.in(log);
        assertThat(report.pending).isEqualTo(accepted);
        assertThat(report.drainSucceeded + report.drainFailed + report.cancelledUnstarted + report.interrupted + report.stillRunning)
            .as("succeeded + failed + cancelled + interrupted + still running = pending").isEqualTo(report.pending);
        assertThat(report.cancelledUnstarted + report.interrupted).isPositive();
        assertThat(report.stillRunning).isZero();
        assertThat(report.accepted).isEqualTo(accepted);
        assertThat(report.succeeded + report.failed + report.cancelled).as("every accepted job has an outcome")
            .isEqualTo(report.accepted);
        assertThat(report.cancelled).isEqualTo(report.cancelledUnstarted + report.interrupted);
        assertThat(Files.readString(log)).contains("WARN");
    }

    private Path start(int port, Duration drain) throws IOException {
        Path jar = Path.of(System.getProperty("sample.jar", "target/sample-app-0.1.0-SNAPSHOT.jar")).toAbsolutePath();
        assertThat(jar).as("the packaged jar").exists();
        Path log = this.workDir.resolve("app.log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        this.app = new ProcessBuilder(java, "-jar", jar.toString(), "--server.port=" + port, "--threadpool.workers=2",
                "--threadpool.shutdown.await-termination=" + drain.toMillis() + "ms")
            .directory(this.workDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).ignoreExceptions().until(() -> {
            HttpResponse<String> health = send(port, "GET", "/actuator/health");
            return health.statusCode() == 200 && health.body().contains("\"status\":\"UP\"");
        });
        return log;
    }

    private int acceptedFromBatch(int port, int count, int durationMs) throws Exception {
        HttpResponse<String> batch = send(port, "POST", "/pools/demo/jobs/batch",
                "{\"count\": " + count + ", \"durationMs\": " + durationMs + "}");
        assertThat(batch.statusCode()).isEqualTo(202);
        assertThat(batch.body()).contains("\"accepted\":" + count);
        return count;
    }

    private HttpResponse<String> send(int port, String method, String path) throws IOException, InterruptedException {
        return send(port, method, path, null);
    }

    private HttpResponse<String> send(int port, String method, String path, String body)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json")
            .method(method, (body != null) ? HttpRequest.BodyPublishers.ofString(body) : HttpRequest.BodyPublishers.noBody())
            .build();
        return this.http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Submits jobs in a loop while the app shuts down, and tallies how each request ended. */
    private final class LateRequests {

        final Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();

        private final int port;

        private final Thread thread;

        private volatile boolean stopped;

        LateRequests(int port) {
            this.port = port;
            this.thread = new Thread(this::run, "late-requests");
        }

        void start() {
            this.thread.start();
        }

        void stop() throws InterruptedException {
            this.stopped = true;
            this.thread.join(TimeUnit.SECONDS.toMillis(30));
        }

        int total() {
            return this.outcomes.values().stream().mapToInt(AtomicInteger::get).sum();
        }

        private void run() {
            // Bounded in count and time; ends when the process has gone.
            for (int i = 0; i < 500 && !this.stopped && GracefulShutdownIT.this.app.isAlive(); i++) {
                String outcome;
                try {
                    outcome = String.valueOf(send(this.port, "POST", "/pools/demo/jobs", "{\"durationMs\": 100}").statusCode());
                }
                catch (ConnectException ex) {
                    outcome = "refused";
                }
                catch (IOException ex) {
                    outcome = "refused"; // the connection closed as the server stopped
                }
                catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    return;
                }
                this.outcomes.computeIfAbsent(outcome, (key) -> new AtomicInteger()).incrementAndGet();
                try {
                    if (GracefulShutdownIT.this.app.waitFor(20, TimeUnit.MILLISECONDS)) {
                        return; // gone: nothing left to ask
                    }
                }
                catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }

    }

    private record Report(long pending, long drainSucceeded, long drainFailed, long cancelledUnstarted, long interrupted, long stillRunning,
            long accepted, long succeeded, long failed, long cancelled, long rejected) {

        static Report in(Path log) throws IOException {
            String text = Files.readString(log, StandardCharsets.UTF_8);
            Matcher m = REPORT.matcher(text);
            assertThat(m.find()).as("the shutdown report line in:%n%s", text).isTrue();
            return new Report(n(m, 1), n(m, 2), n(m, 3), n(m, 4), n(m, 5), n(m, 6), n(m, 7), n(m, 8), n(m, 9), n(m, 10),
                    n(m, 11));
        }

        private static long n(Matcher m, int group) {
            return Long.parseLong(m.group(group));
        }

    }

}
