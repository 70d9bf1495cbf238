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

import org.jspecify.annotations.Nullable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged sample jar as an operator runs it: {@code java -jar} on a free port of 127.0.0.1, its output
 * in a log file, ready once its health is UP. For the process-level tests.
 */
final class PackagedSample implements AutoCloseable {

    private static final HttpClient http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5))
        .build();

    private final Process process;

    private final int port;

    private final Path log;

    private PackagedSample(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts the jar in {@code workDir} with {@code arguments}, and waits until its health is UP. */
    static PackagedSample start(Path workDir, String... arguments) throws IOException {
        int port = freePort();
        Path jar = Path.of(System.getProperty("sample.jar", "target/sample-app-0.1.0-SNAPSHOT.jar")).toAbsolutePath();
        assertThat(jar).as("the packaged jar").exists();
        Path log = workDir.resolve("app.log");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString(), "--server.port=" + port, "--server.address=127.0.0.1"));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).directory(workDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
        PackagedSample sample = new PackagedSample(process, port, log);
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).ignoreExceptions().until(() -> {
            HttpResponse<String> health = sample.send("GET", "/actuator/health", null, null);
            return health.statusCode() == 200 && health.body().contains("\"status\":\"UP\"");
        });
        return sample;
    }

    Process process() {
        return this.process;
    }

    /** Where the application's output goes. */
    Path log() {
        return this.log;
    }

    /** A JSON request, with {@code authorization} as its Authorization header when given. */
    HttpResponse<String> send(String method, String path, @Nullable String body, @Nullable String authorization)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json")
            .method(method, (body != null) ? HttpRequest.BodyPublishers.ofString(body) : HttpRequest.BodyPublishers.noBody());
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Kills the process if a test left it running. */
    @Override
    public void close() {
        if (this.process.isAlive()) {
            this.process.destroyForcibly();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
