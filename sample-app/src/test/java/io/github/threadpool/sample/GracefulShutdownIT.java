package io.github.threadpool.sample;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged jar as an operator runs it: started with {@code java -jar} with its two pools, both loaded
 * with slow jobs, sent SIGTERM. The shutdown report line of each pool must account for every job that pool
 * accepted, and requests arriving during shutdown must be refused cleanly.
 */
class GracefulShutdownIT {

    private static final List<String> POOLS = List.of("reports", "emails");

    private static final Pattern REPORT = Pattern.compile("Thread pool '(\\w+)' shut down: (\\d+) pending job\\(s\\): "
            + "(\\d+) succeeded and (\\d+) failed during drain, (\\d+) cancelled unstarted, (\\d+) interrupted, (\\d+) still running; "
            + "took \\d+ ms; since start: (\\d+) submitted, (\\d+) succeeded, (\\d+) failed, (\\d+) cancelled, "
            + "(\\d+) rejected");

    @TempDir
    Path workDir;

    private Process app;

    private PackagedSample sample;

    @AfterEach
    void killLeftovers() {
        if (this.sample != null) {
            this.sample.close();
        }
    }

    @Test
    void drainsEveryAcceptedJobOfEveryPoolOnSigtermAndRefusesLateRequestsCleanly() throws Exception {
        Path log = start(Duration.ofSeconds(20));
        // reports: 2 workers, about 4 s of work; emails: 1 worker, about 2 s.
        Map<String, Integer> accepted = Map.of("reports", acceptedFromBatch("reports", 8, 1000),
                "emails", acceptedFromBatch("emails", 4, 500));

        LateRequests late = new LateRequests();
        long signalled = System.nanoTime();
        this.app.destroy(); // SIGTERM
        late.start();
        assertThat(this.app.waitFor(60, TimeUnit.SECONDS)).as("exits by itself").isTrue();
        Duration shutdown = Duration.ofNanos(System.nanoTime() - signalled);
        late.stop();

        assertThat(shutdown).as("exits within the configured drain time").isLessThan(Duration.ofSeconds(20));
        Map<String, Report> reports = Report.in(log);
        assertThat(reports).as("one line per pool").containsOnlyKeys(POOLS);
        for (String pool : POOLS) {
            Report report = reports.get(pool);
            assertThat(report.pending).as("%s: jobs were still pending at SIGTERM", pool).isPositive();
            assertThat(report.drainSucceeded + report.drainFailed).as(pool).isEqualTo(report.pending);
            assertThat(report.cancelledUnstarted + report.interrupted + report.stillRunning).as(pool).isZero();
            assertThat(report.submitted).as("%s: accepted by the batch and late", pool)
                .isEqualTo(accepted.get(pool) + late.accepted(pool));
            assertThat(report.succeeded).as("%s: none lost", pool).isEqualTo(report.submitted);
        }
        assertThat(late.outcomes.keySet()).as("late requests were refused cleanly: %s %s", late.outcomes, late.unexpected)
            .isSubsetOf("202", "503", "refused");
        assertThat(late.total()).isPositive();
    }

    @Test
    void accountsForEveryJobOfEveryPoolWhenTheDrainTimeIsTooShort() throws Exception {
        Path log = start(Duration.ofSeconds(1));
        // reports: 2 workers, 20 s of work; emails: 1 worker, 20 s; 1 s to drain each.
        Map<String, Integer> accepted = Map.of("reports", acceptedFromBatch("reports", 8, 5000),
                "emails", acceptedFromBatch("emails", 4, 5000));

        this.app.destroy();
        assertThat(this.app.waitFor(60, TimeUnit.SECONDS)).as("exits by itself").isTrue();

        Map<String, Report> reports = Report.in(log);
        assertThat(reports).as("one line per pool").containsOnlyKeys(POOLS);
        for (String pool : POOLS) {
            Report report = reports.get(pool);
            assertThat(report.pending).as(pool).isEqualTo(accepted.get(pool).longValue());
            assertThat(report.drainSucceeded + report.drainFailed + report.cancelledUnstarted + report.interrupted
                    + report.stillRunning)
                .as("%s: succeeded + failed + cancelled + interrupted + still running = pending", pool)
                .isEqualTo(report.pending);
            assertThat(report.cancelledUnstarted + report.interrupted).as(pool).isPositive();
            assertThat(report.stillRunning).as(pool).isZero();
            assertThat(report.submitted).as(pool).isEqualTo(accepted.get(pool).longValue());
            assertThat(report.succeeded + report.failed + report.cancelled).as("%s: every accepted job has an outcome", pool)
                .isEqualTo(report.submitted);
            assertThat(report.cancelled).as(pool).isEqualTo(report.cancelledUnstarted + report.interrupted);
        }
        assertThat(Files.readString(log)).contains("WARN");
    }

    private Path start(Duration drain) throws IOException {
        this.sample = PackagedSample.start(this.workDir, "--threadpool.pools.reports.workers=2",
                "--threadpool.pools.emails.workers=1",
                "--threadpool.pools.reports.shutdown.await-termination=" + drain.toMillis() + "ms",
                "--threadpool.pools.emails.shutdown.await-termination=" + drain.toMillis() + "ms");
        this.app = this.sample.process();
        return this.sample.log();
    }

    private int acceptedFromBatch(String pool, int count, int durationMs) throws Exception {
        HttpResponse<String> batch = this.sample.send("POST", "/pools/" + pool + "/jobs/batch",
                "{\"count\": " + count + ", \"durationMs\": " + durationMs + "}", null);
        assertThat(batch.statusCode()).isEqualTo(202);
        assertThat(batch.body()).contains("\"accepted\":" + count);
        return count;
    }

    /** Submits jobs in a loop while the app shuts down, and tallies how each request ended. */
    private final class LateRequests {

        final Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();

        /** Jobs accepted (202) during shutdown, by pool. */
        final Map<String, AtomicInteger> acceptedByPool = new ConcurrentHashMap<>();

        /** The bodies of answers other than 202 and 503, to say what went wrong if there are any. */
        final List<String> unexpected = new CopyOnWriteArrayList<>();

        private final Thread thread;

        private volatile boolean stopped;

        LateRequests() {
            this.thread = new Thread(this::run, "late-requests");
        }

        void start() {
            this.thread.start();
        }

        void stop() throws InterruptedException {
            this.stopped = true;
            this.thread.join(TimeUnit.SECONDS.toMillis(30));
        }

        int accepted(String pool) {
            return this.acceptedByPool.getOrDefault(pool, new AtomicInteger()).get();
        }

        int total() {
            return this.outcomes.values().stream().mapToInt(AtomicInteger::get).sum();
        }

        private void run() {
            // Bounded in count and time; ends when the process has gone.
            for (int i = 0; i < 500 && !this.stopped && GracefulShutdownIT.this.app.isAlive(); i++) {
                String pool = POOLS.get(i % POOLS.size());
                String outcome;
                try {
                    HttpResponse<String> response = GracefulShutdownIT.this.sample.send("POST", "/pools/" + pool + "/jobs",
                            "{\"durationMs\": 100}", null);
                    outcome = String.valueOf(response.statusCode());
                    if (response.statusCode() == 202) {
                        this.acceptedByPool.computeIfAbsent(pool, (key) -> new AtomicInteger()).incrementAndGet();
                    }
                    else if (response.statusCode() != 503) {
                        this.unexpected.add(outcome + " " + response.body());
                    }
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

    private record Report(long pending, long drainSucceeded, long drainFailed, long cancelledUnstarted, long interrupted,
            long stillRunning, long submitted, long succeeded, long failed, long cancelled, long rejected) {

        /** Every pool's shutdown line in the log, by pool name. */
        static Map<String, Report> in(Path log) throws IOException {
            String text = Files.readString(log, StandardCharsets.UTF_8);
            Map<String, Report> reports = new TreeMap<>();
            Matcher m = REPORT.matcher(text);
            while (m.find()) {
                reports.put(m.group(1), new Report(n(m, 2), n(m, 3), n(m, 4), n(m, 5), n(m, 6), n(m, 7), n(m, 8), n(m, 9),
                        n(m, 10), n(m, 11), n(m, 12)));
            }
            assertThat(reports).as("the shutdown report lines in:%n%s", text).isNotEmpty();
            return reports;
        }

        private static long n(Matcher m, int group) {
            return Long.parseLong(m.group(group));
        }

    }

}
