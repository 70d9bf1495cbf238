package io.github.threadpool.benchmarks;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.github.threadpool.core.ThreadPool;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * An application with one pool, its fleet on or off, and a real {@code redis-server} of its own on a free
 * port: what the fleet benchmarks measure, started as a user's application would be.
 */
final class FleetApp implements AutoCloseable {

    private static final String REDIS = System.getProperty("redis.server", "/usr/bin/redis-server");

    final ThreadPool pool;

    private final Process redis;

    private final int redisPort;

    private final ConfigurableApplicationContext context;

    /**
     * @param fleet whether {@code threadpool.fleet.enabled}
     * @param workers the pool's workers
     * @param bufferCapacity {@code threadpool.fleet.buffer-capacity}
     */
    FleetApp(boolean fleet, int workers, int bufferCapacity) throws IOException, InterruptedException {
        this.redisPort = freePort();
        Path dir = Files.createTempDirectory("fleet-bench");
        this.redis = new ProcessBuilder(REDIS, "--port", Integer.toString(this.redisPort), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", dir.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("redis.log").toFile())
            .start();
        awaitRedis();
        SpringApplication app = new SpringApplication(Config.class);
        app.setWebApplicationType(WebApplicationType.NONE);
        Map<String, Object> properties = new HashMap<>();
        properties.put("spring.data.redis.port", this.redisPort);
        properties.put("threadpool.fleet.enabled", fleet);
        properties.put("threadpool.fleet.buffer-capacity", bufferCapacity);
        properties.put("threadpool.workers", workers);
        properties.put("threadpool.queue-capacity", 100_000);
        properties.put("threadpool.results.time-to-live", "1m");
        properties.put("management.health.redis.enabled", false);
        properties.put("logging.level.root", "warn");
        properties.put("spring.main.banner-mode", "off");
        app.setDefaultProperties(properties);
        this.context = app.run();
        this.pool = this.context.getBean(ThreadPool.class);
    }

    /** The fleet's health details (records written, dropped...), or an empty map with the fleet off. */
    @SuppressWarnings("unchecked")
    Map<String, Object> fleetDetails() {
        if (!this.context.containsBean("threadpoolFleetHealthIndicator")) {
            return Map.of();
        }
        return (Map<String, Object>) (Map<?, ?>) this.context
            .getBean("threadpoolFleetHealthIndicator", HealthIndicator.class).health(true).getDetails();
    }

    long fleetCount(String detail) {
        Object value = fleetDetails().get(detail);
        return (value instanceof Number number) ? number.longValue() : 0L;
    }

    /** Redis's INFO section {@code section}, as key:value lines. */
    Map<String, String> redisInfo(String section) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", this.redisPort)) {
            socket.getOutputStream().write(("*2\r\n$4\r\nINFO\r\n$" + section.length() + "\r\n" + section + "\r\n")
                .getBytes(StandardCharsets.US_ASCII));
            var in = socket.getInputStream();
            StringBuilder header = new StringBuilder();
            for (int c = in.read(); c != '\r'; c = in.read()) {
                header.append((char) c);
            }
            in.read();
            byte[] body = in.readNBytes(Integer.parseInt(header.substring(1)));
            Map<String, String> info = new HashMap<>();
            for (String line : new String(body, StandardCharsets.US_ASCII).split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    info.put(line.substring(0, colon), line.substring(colon + 1));
                }
            }
            return info;
        }
    }

    /** Commands Redis has executed (scripts' inner calls included), from INFO commandstats. */
    long redisCommands() throws IOException {
        long calls = 0;
        for (String stat : redisInfo("commandstats").values()) {
            int at = stat.indexOf("calls=");
            calls += Long.parseLong(stat.substring(at + 6, stat.indexOf(',', at)));
        }
        return calls;
    }

    /** Script calls Redis has executed. */
    long redisScriptCalls() throws IOException {
        String stat = redisInfo("commandstats").get("cmdstat_evalsha");
        return (stat == null) ? 0 : Long.parseLong(stat.substring(6, stat.indexOf(',')));
    }

    /** CPU seconds Redis has used (user + system). */
    double redisCpuSeconds() throws IOException {
        Map<String, String> cpu = redisInfo("cpu");
        return Double.parseDouble(cpu.get("used_cpu_user")) + Double.parseDouble(cpu.get("used_cpu_sys"));
    }

    @Override
    public void close() throws InterruptedException {
        this.context.close();
        this.redis.destroyForcibly();
        this.redis.waitFor(30, TimeUnit.SECONDS);
    }

    private void awaitRedis() throws InterruptedException, IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try (Socket socket = new Socket("127.0.0.1", this.redisPort)) {
                return;
            }
            catch (IOException ex) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("redis-server did not start on port " + this.redisPort, ex);
                }
                TimeUnit.MILLISECONDS.sleep(20);
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @SpringBootApplication
    static class Config {

    }
}
