package io.github.threadpool.autoconfigure.fleet;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

import static org.awaitility.Awaitility.await;

/**
 * A real {@code redis-server} (Debian's package) for tests: started on a random free port on 127.0.0.1,
 * without persistence, stopped and started again on the same port to play an outage. Skipped where the
 * binary is missing, except under {@code CI=true}, where a missing binary fails (CI installs it).
 */
public final class RedisServer implements AutoCloseable {

    private static final Path BINARY = Path.of(System.getProperty("redis.server", "/usr/bin/redis-server"));

    private final int port;

    private final Path dir;

    private Process process;

    private RedisServer(int port, Path dir) {
        this.port = port;
        this.dir = dir;
    }

    /** Starts a server on a free port, or skips the test if there is no redis-server (fails under CI=true). */
    public static RedisServer start() throws IOException {
        if (!Files.isExecutable(BINARY)) {
            if ("true".equals(System.getenv("CI"))) {
                throw new IllegalStateException(BINARY + " is missing: .ci/run installs Debian's redis-server");
            }
            Assumptions.abort(BINARY + " is missing: install Debian's redis-server to run this test");
        }
        RedisServer server = new RedisServer(freePort(), Files.createTempDirectory("redis-test"));
        server.startAgain();
        return server;
    }

    public int port() {
        return this.port;
    }

    /** Starts the server (again) on its port, and waits until it answers PING. */
    public void startAgain() throws IOException {
        this.process = new ProcessBuilder(BINARY.toString(), "--port", Integer.toString(this.port), "--bind",
                "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", this.dir.toString(), "--protected-mode",
                "no")
            .redirectErrorStream(true)
            .redirectOutput(this.dir.resolve("redis.log").toFile())
            .start();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).ignoreExceptions()
            .until(() -> "+PONG".equals(command("PING")));
    }

    /** Stops the server (SIGKILL: an outage, not a shutdown) and waits until it has exited. */
    public void stop() throws InterruptedException {
        if (this.process != null && this.process.isAlive()) {
            this.process.destroyForcibly();
            this.process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /**
     * Sends one command in Redis's inline form and returns the first line of the reply (and, for a bulk
     * string, its content line instead of the length). For assertions; no client library in between.
     */
    public String command(String... words) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", this.port)) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            StringBuilder request = new StringBuilder("*").append(words.length).append("\r\n");
            for (String word : words) {
                byte[] bytes = word.getBytes(StandardCharsets.UTF_8);
                request.append('$').append(bytes.length).append("\r\n").append(word).append("\r\n");
            }
            out.write(request.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            String first = readLine(in);
            if (first.startsWith("$") && !first.equals("$-1")) {
                return readLine(in);
            }
            return first;
        }
    }

    /** The number of calls of each Redis command so far, as INFO commandstats counts them. */
    public List<String> commandStats() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", this.port)) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write("*2\r\n$4\r\nINFO\r\n$12\r\ncommandstats\r\n".getBytes(StandardCharsets.UTF_8));
            InputStream in = socket.getInputStream();
            String header = readLine(in);
            int length = Integer.parseInt(header.substring(1));
            byte[] body = in.readNBytes(length);
            return new String(body, StandardCharsets.UTF_8).lines().filter((line) -> line.startsWith("cmdstat_")).toList();
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\r') {
                in.read(); // '\n'
                break;
            }
            line.append((char) c);
        }
        return line.toString();
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
