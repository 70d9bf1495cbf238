package io.github.threadpool.sample.ops;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.github.threadpool.sample.ops.OpsFiles.PanelQuery;
import io.github.threadpool.sample.ops.OpsFiles.Rule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The fleet as an operator watches it: two packaged sample-app instances, with every pool they configure,
 * scraped every second by a real Prometheus server (Debian's package)
 * that loads {@code ops/prometheus/threadpool-rules.yml}. After a bounded load on both instances, every
 * PromQL expression of the Grafana dashboard and of the rules — read from the files, never copied — must
 * return data from both instances, and a fleet-wide sum must add both instances up.
 * <p>
 * Alert conditions are checked with {@code bool} comparisons ({@link PromQl#withBoolComparisons}): a healthy
 * fleet fires no alert, so what is checked here is that each condition's series, functions and label
 * matching find data; when each alert fires is promtool's unit tests' job ({@link AlertRulesTests}).
 * <p>
 * Every port is chosen free at run time, every file lives in a temporary folder, and every process is
 * killed after the tests, whatever happened.
 */
class FleetPrometheusIT {

    /** The sample app's pools, as its actuator endpoint lists them (the same on both instances). */
    private static List<String> pools;

    /** Jobs each instance submits to each pool: different per instance, so a sum shows both were counted. */
    private static final List<Integer> JOBS_PER_POOL = List.of(12, 20);

    /**
     * The last job of each pool on each instance fails, so the failed outcome has series too. It is sent
     * once every other job has finished and been scraped, so the failure ratio is never above 1 in 12 —
     * below ThreadPoolJobsFailing's 10 %, as a healthy fleet must raise no alert, not even a pending one.
     */
    private static final int FAILING_JOBS = 1;

    /**
     * One job per pool on each instance, run to the end and scraped before the load. ThreadPoolStalled's
     * condition (jobs queued, none finished in 5 minutes) is true of a fresh pool between the first job
     * queued and the first job finished; its {@code for:} keeps it from firing, but it would go pending if
     * a scrape fell in those milliseconds. After the warm-up, a finished job is in every window of the test.
     */
    private static final int WARM_UP_JOBS = 1;

    private static final long JOB_DURATION_MS = 50;

    /** Startup of two JVMs and Prometheus, and scrapes, on a loaded 2-core machine. */
    private static final Duration PATIENCE = Duration.ofMinutes(3);

    /**
     * The value for Grafana's {@code $__rate_interval}. Long enough that the rates of the one load stay
     * positive however slowly the checks run, since Grafana would pick at least four scrape intervals.
     */
    private static final String RATE_INTERVAL = "5m";

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final List<Process> PROCESSES = new CopyOnWriteArrayList<>();

    @TempDir
    static Path workDir;

    private static List<String> instances;

    private static int prometheusPort;

    /** Jobs accepted per pool across the fleet, counted from the 202 answers. */
    private static final Map<String, Integer> accepted = new TreeMap<>();

    @BeforeAll
    static void startFleetAndPrometheusThenLoadTheFleet() throws Exception {
        Path prometheus = PrometheusBinaries.require("prometheus");
        List<Integer> appPorts = List.of(freePort(), freePort());
        for (int i = 0; i < appPorts.size(); i++) {
            startApp(appPorts.get(i), "app-" + (i + 1));
        }
        instances = appPorts.stream().map((port) -> "127.0.0.1:" + port).toList();
        prometheusPort = freePort();
        try {
            startPrometheus(prometheus, instances);
            for (int port : appPorts) {
                awaitHealthy(port);
            }
            await("both instances scraped").atMost(PATIENCE).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .untilAsserted(() -> assertThat(upTargets()).containsExactlyInAnyOrderElementsOf(instances));
        }
        catch (ConditionTimeoutException ex) {
            throw new AssertionError(ex.getMessage() + logs(), ex);
        }
        pools = poolNames(appPorts.get(0));
        assertThat(pools).as("the sample's pools: several, so every rule is checked per pool").hasSizeGreaterThanOrEqualTo(2);
        assertThat(poolNames(appPorts.get(1))).as("the second instance's pools").isEqualTo(pools);
        for (int port : appPorts) {
            load(port, WARM_UP_JOBS, false);
        }
        awaitEveryAcceptedJobFinishedAndScraped();
        for (int i = 0; i < appPorts.size(); i++) {
            load(appPorts.get(i), JOBS_PER_POOL.get(i) - WARM_UP_JOBS - FAILING_JOBS, false);
        }
        awaitEveryAcceptedJobFinishedAndScraped();
        for (int port : appPorts) {
            load(port, FAILING_JOBS, true);
        }
    }

    @AfterAll
    static void stopEverything() throws InterruptedException {
        for (Process process : PROCESSES) {
            process.destroy();
        }
        for (Process process : PROCESSES) {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void aFleetWideQuerySumsBothInstances() {
        Map<String, Double> expected = new TreeMap<>();
        accepted.forEach((pool, count) -> expected.put(pool, count.doubleValue()));
        await("the last load scraped").atMost(PATIENCE).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            assertThat(byPool(query("count by (name) (threadpool_jobs_submitted_jobs_total{name=~\"" + poolRegex() + "\"})")))
                .as("instances reporting each pool").containsOnlyKeys(pools).allSatisfy((pool, count) -> assertThat(count).isEqualTo(2.0));
            assertThat(byPool(query("sum by (name) (threadpool_jobs_submitted_jobs_total{name=~\"" + poolRegex() + "\"})")))
                .as("jobs submitted per pool, summed over the fleet").isEqualTo(expected);
        });
    }

    @Test
    void everyDashboardQueryReturnsDataFromBothInstances() {
        Map<String, String> values = Map.of("name", poolRegex(), "instance", ".+", "__rate_interval", RATE_INTERVAL);
        Map<String, String> queries = new LinkedHashMap<>();
        for (PanelQuery panel : OpsFiles.dashboardQueries()) {
            queries.put("panel '" + panel.panel() + "': " + panel.expr(), PromQl.withVariables(panel.expr(), values));
        }
        assertThat(queries).hasSizeGreaterThanOrEqualTo(10);
        awaitDataFromEveryInstance(queries);
    }

    @Test
    void everyDashboardVariableListsBothInstancesAndEveryPool() {
        Map<String, String> variables = OpsFiles.dashboardVariableQueries();
        assertThat(variables).containsOnlyKeys("instance", "name");
        await().atMost(PATIENCE).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            assertThat(labelValues(variables.get("instance"), Map.of())).containsAll(instances);
            assertThat(labelValues(variables.get("name"), Map.of("instance", ".+"))).containsAll(pools);
        });
    }

    @Test
    void everyRuleExpressionReturnsDataFromBothInstances() {
        Map<String, String> queries = new LinkedHashMap<>();
        for (Rule rule : OpsFiles.rulesInFile()) {
            queries.put((rule.alert() ? "alert " : "record ") + rule.name() + ": " + rule.expr(),
                    rule.alert() ? PromQl.withBoolComparisons(rule.expr()) : rule.expr());
            if (!rule.alert()) {
                queries.put("series recorded by " + rule.name(), rule.name());
            }
        }
        assertThat(queries.keySet()).anyMatch((key) -> key.startsWith("alert ThreadPoolStalled"));
        awaitDataFromEveryInstance(queries);
    }

    @Test
    void prometheusLoadedEveryRuleAndEvaluatesEachWithoutError() {
        Set<String> names = new TreeSet<>();
        OpsFiles.rulesInFile().forEach((rule) -> names.add(rule.name()));
        await().atMost(PATIENCE).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            JsonNode groups = get("/api/v1/rules").path("data").path("groups");
            Map<String, String> health = new TreeMap<>();
            for (JsonNode group : groups) {
                for (JsonNode rule : group.path("rules")) {
                    health.put(rule.path("name").asString(),
                            rule.path("health").asString() + " " + rule.path("lastError").asString(""));
                }
            }
            assertThat(health.keySet()).isEqualTo(names);
            assertThat(health).allSatisfy((name, state) -> assertThat(state).as(name).isEqualTo("ok "));
        });
    }

    @Test
    void aLoadedHealthyFleetRaisesNoAlert() throws Exception {
        awaitEveryAcceptedJobFinishedAndScraped();
        double loadScraped = single(query("vector(time())"));
        // Rules evaluated after that moment have seen the whole load (and not just their first samples).
        await("rules evaluated after the load").atMost(PATIENCE).pollInterval(Duration.ofMillis(500))
            .untilAsserted(() -> assertThat(single(query("min(timestamp(threadpool:jobs_failed:ratio_rate5m))")))
                .isGreaterThan(loadScraped + 2));
        assertThat(query("count_over_time(ALERTS{alertname=~\"ThreadPool.*\"}[1h])"))
            .as("alerts pending or firing at any time during the test").isEmpty();
    }

    private static void awaitEveryAcceptedJobFinishedAndScraped() {
        int total = accepted.values().stream().mapToInt(Integer::intValue).sum();
        String finished = "sum(threadpool_jobs_finished_jobs_total{name=~\"" + poolRegex() + "\"})";
        await("every accepted job finished and scraped").atMost(PATIENCE).pollInterval(Duration.ofMillis(500))
            .untilAsserted(() -> assertThat(single(query(finished))).isEqualTo((double) total));
    }

    // --- checks --------------------------------------------------------------------------------------------

    /** Waits until each query returns a finite sample, from each instance where its results name instances. */
    private static void awaitDataFromEveryInstance(Map<String, String> queries) {
        await().atMost(PATIENCE).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            List<String> problems = new ArrayList<>();
            for (Map.Entry<String, String> query : queries.entrySet()) {
                String problem = problemWith(query.getValue());
                if (problem != null) {
                    problems.add(query.getKey() + "\n    sent: " + query.getValue() + "\n    " + problem);
                }
            }
            assertThat(problems).as("queries without data from both instances").isEmpty();
        });
    }

    private static String problemWith(String promql) throws IOException, InterruptedException {
        JsonNode result = query(promql);
        if (result.isEmpty()) {
            return "returned no series";
        }
        Set<String> finiteFrom = new TreeSet<>();
        boolean finite = false;
        boolean labelledByInstance = false;
        for (JsonNode sample : result) {
            String instance = sample.path("metric").path("instance").asString("");
            labelledByInstance |= !instance.isEmpty();
            if (Double.isFinite(value(sample))) {
                finite = true;
                finiteFrom.add(instance);
            }
        }
        if (!finite) {
            return "returned no finite value: " + result;
        }
        if (labelledByInstance && !finiteFrom.containsAll(instances)) {
            return "has finite values only from " + finiteFrom + ": " + result;
        }
        return null;
    }

    /** The values of a Grafana {@code label_values(selector, label)} variable query. */
    private static Set<String> labelValues(String variableQuery, Map<String, String> values)
            throws IOException, InterruptedException {
        Matcher m = Pattern.compile("label_values\\((.+),\\s*(\\w+)\\)").matcher(variableQuery);
        assertThat(m.matches()).as("a label_values query: %s", variableQuery).isTrue();
        Set<String> found = new TreeSet<>();
        for (JsonNode sample : query(PromQl.withVariables(m.group(1), values))) {
            found.add(sample.path("metric").path(m.group(2)).asString(""));
        }
        return found;
    }

    private static Map<String, Double> byPool(JsonNode result) {
        Map<String, Double> values = new TreeMap<>();
        for (JsonNode sample : result) {
            values.put(sample.path("metric").path("name").asString(), value(sample));
        }
        return values;
    }

    private static double single(JsonNode result) {
        assertThat(result).as("one sample").hasSize(1);
        return value(result.get(0));
    }

    private static double value(JsonNode sample) {
        String value = sample.path("value").path(1).asString();
        return switch (value) {
            case "NaN" -> Double.NaN;
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(value);
        };
    }

    private static Set<String> upTargets() throws IOException, InterruptedException {
        Set<String> up = new TreeSet<>();
        for (JsonNode target : get("/api/v1/targets").path("data").path("activeTargets")) {
            if ("up".equals(target.path("health").asString())) {
                up.add(target.path("labels").path("instance").asString());
            }
        }
        return up;
    }

    private static JsonNode query(String promql) throws IOException, InterruptedException {
        JsonNode answer = get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        assertThat(answer.path("status").asString()).as("Prometheus's answer to %s: %s", promql, answer)
            .isEqualTo("success");
        JsonNode data = answer.path("data");
        assertThat(data.path("resultType").asString()).as("result type of %s", promql).isEqualTo("vector");
        return data.path("result");
    }

    private static JsonNode get(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + prometheusPort + path))
            .timeout(Duration.ofSeconds(10))
            .build();
        return JSON.readTree(HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body());
    }

    // --- the fleet -----------------------------------------------------------------------------------------

    private static void load(int port, int jobsPerPool, boolean fail) throws IOException, InterruptedException {
        for (String pool : pools) {
            for (int i = 1; i <= jobsPerPool; i++) {
                String body = "{\"durationMs\": " + JOB_DURATION_MS + ", \"fail\": " + fail + ", \"label\": \"fleet-" + i
                        + "\"}";
                HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + jobsPath(pool)))
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build();
                HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).as("POST %s on port %d: %s", jobsPath(pool), port, response.body())
                    .isEqualTo(202);
                accepted.merge(pool, 1, Integer::sum);
            }
        }
    }

    private static void startApp(int port, String name) throws IOException {
        Path jar = Path.of(System.getProperty("sample.jar", "target/sample-app-0.1.0-SNAPSHOT.jar")).toAbsolutePath();
        assertThat(jar).as("the packaged jar").exists();
        Path dir = Files.createDirectories(workDir.resolve(name));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        PROCESSES.add(new ProcessBuilder(java, "-Xmx256m", "-jar", jar.toString(), "--server.port=" + port)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("app.log").toFile())
            .start());
    }

    private static void startPrometheus(Path prometheus, List<String> targets) throws IOException {
        Path dir = Files.createDirectories(workDir.resolve("prometheus"));
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, """
                global:
                  scrape_interval: 1s
                  scrape_timeout: 1s
                  evaluation_interval: 1s
                rule_files:
                  - '%s'
                scrape_configs:
                  - job_name: threadpool-sample
                    metrics_path: /actuator/prometheus
                    static_configs:
                      - targets: ['%s']
                """.formatted(OpsFiles.rules(), String.join("', '", targets)));
        PROCESSES.add(new ProcessBuilder(prometheus.toString(), "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + prometheusPort)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("prometheus.log").toFile())
            .start());
        await("Prometheus ready").atMost(PATIENCE).pollInterval(Duration.ofMillis(250)).ignoreExceptions().until(() -> {
            HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + prometheusPort + "/-/ready")).build();
            return HTTP.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        });
    }

    private static void awaitHealthy(int port) {
        await("instance on port " + port + " up").atMost(PATIENCE).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
            .until(() -> {
                HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                    .timeout(Duration.ofSeconds(5))
                    .build();
                return HTTP.send(health, HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
            });
    }

    /** The end of every process's log, for a start-up that went wrong. */
    private static String logs() {
        StringBuilder text = new StringBuilder();
        try (var files = Files.walk(workDir)) {
            for (Path log : files.filter((file) -> file.toString().endsWith(".log")).sorted().toList()) {
                String content = Files.readString(log, StandardCharsets.UTF_8);
                text.append("\n--- ").append(workDir.relativize(log)).append(" (end) ---\n")
                    .append(content.substring(Math.max(0, content.length() - 4000)));
            }
        }
        catch (IOException ex) {
            text.append("\n(logs unreadable: ").append(ex).append(')');
        }
        return text.toString();
    }

    private static String jobsPath(String pool) {
        return "/pools/" + pool + "/jobs";
    }

    private static List<String> poolNames(int port) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/threadpool"))
            .timeout(Duration.ofSeconds(10))
            .build();
        List<String> names = new ArrayList<>();
        for (JsonNode pool : JSON.readTree(HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body()).path("pools")) {
            names.add(pool.path("name").asString());
        }
        return names;
    }

    private static String poolRegex() {
        return String.join("|", pools);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

}
