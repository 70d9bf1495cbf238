package io.github.threadpool.benchmarks;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.util.Statistics;

/**
 * Runs the whole suite and prints one table per measure, every figure a ratio against
 * {@code ThreadPoolExecutor} measured in the same run (plus the reference's own figure, for scale).
 *
 * <pre>java -Xmx2g -jar benchmarks/target/benchmarks.jar [--quick]</pre>
 * {@code --quick} keeps one producer and two workers for throughput: a one-minute smoke run. The
 * measures that are not speeds run in this JVM after the JMH runs ({@link IdleCost}, {@link TrickleCost},
 * {@link RetainedResultCost}, {@link RetainedMemoryCost}, {@link CpuPerJob}); each has its own
 * {@code main} too. {@code -Xmx2g}: {@link RetainedMemoryCost} holds a million 1 KiB results at once.
 */
public final class Suite {

    private static final String REFERENCE = Pools.ThreadPoolExecutor.name();

    /**
     * The headline case runs in this many JVMs: a pool's throughput there differs between JVMs more
     * than between iterations of one (docs/benchmarks.md), so one fork can mislead.
     */
    private static final int HEADLINE_FORKS = 5;

    /** Forks of each deep-queue case; each fork runs {@code DeepQueueBenchmark}'s six measured rounds. */
    private static final int DEEP_QUEUE_FORKS = 3;

    /** The deep-queue cases: producers, workers, job. */
    private static final String[][] DEEP_QUEUE_CASES = { { "oneProducer", "2", "noop" },
            { "twoProducers", "2", "noop" }, { "oneProducer", "4", "noop" }, { "oneProducer", "2", "cpu100ns" } };

    private Suite() {
    }

    public static void main(String[] args) throws Exception {
        boolean quick = List.of(args).contains("--quick");
        System.out.printf("threadpool benchmark suite — %s %s, %d cores, %s%n%n", System.getProperty("java.vm.name"),
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(), java.time.LocalDate.now());

        Collection<RunResult> headlineResults = new Runner(options(ThroughputBenchmark.class.getSimpleName() + ".oneProducer")
            .param("workers", "2").param("job", "noop").param("api", "submit").forks(HEADLINE_FORKS).build()).run();
        ChainedOptionsBuilder throughput = options(ThroughputBenchmark.class.getSimpleName());
        if (quick) {
            throughput.include(ThroughputBenchmark.class.getSimpleName() + ".oneProducer").param("workers", "2");
        }
        Collection<RunResult> throughputResults = new Runner(throughput.build()).run();
        Collection<RunResult> latencyResults = new Runner(options(LatencyBenchmark.class.getSimpleName()).build()).run();
        List<RunResult> deepQueueResults = new ArrayList<>();
        for (String[] c : DEEP_QUEUE_CASES) {
            deepQueueResults.addAll(new Runner(new OptionsBuilder()
                .include(DeepQueueBenchmark.class.getSimpleName() + "\\." + c[0] + "$")
                .param("workers", c[1]).param("job", c[2])
                .forks(DEEP_QUEUE_FORKS)
                .jvmArgsAppend("-Xms2g", "-Xmx2g")
                .shouldFailOnError(true)
                .build()).run());
        }
        Collection<RunResult> allocationResults = new Runner(options(ThroughputBenchmark.class.getSimpleName() + ".oneProducer")
            .param("workers", "2").param("job", "noop").addProfiler(GCProfiler.class).build()).run();

        printHeadline(headlineResults);
        printThroughput(throughputResults);
        printDeepQueue(deepQueueResults);
        printLatency(latencyResults);
        printAllocation(allocationResults);
        IdleCost.print();
        TrickleCost.print();
        RetainedResultCost.print();
        RetainedMemoryCost.print();
        CpuPerJob.print();
    }

    private static ChainedOptionsBuilder options(String include) {
        return new OptionsBuilder().include(include)
            .forks(1)
            .warmupIterations(2)
            .warmupTime(TimeValue.milliseconds(500))
            .measurementIterations(3)
            .measurementTime(TimeValue.seconds(1))
            .jvmArgsAppend("-Xms1g", "-Xmx1g")
            .shouldFailOnError(true);
    }

    /** Per pool: the median of the forks' scores, the slowest and fastest fork, and the median's ratio. */
    private static void printHeadline(Collection<RunResult> results) {
        Map<String, double[]> forks = new LinkedHashMap<>();
        for (RunResult result : results) {
            double[] scores = result.getBenchmarkResults().stream()
                .mapToDouble((fork) -> fork.getPrimaryResult().getScore()).sorted().toArray();
            forks.put(result.getParams().getParam("pool"), scores);
        }
        double[] reference = forks.get(REFERENCE);
        System.out.printf("%nHeadline: 1 producer, 2 workers, no-op jobs via submit, %d JVM forks each "
                + "(jobs/s; ratio of medians to ThreadPoolExecutor)%n", HEADLINE_FORKS);
        System.out.printf("%-24s %12s %12s %12s %8s%n", "pool", "median", "slowest", "fastest", "ratio");
        for (Map.Entry<String, double[]> pool : forks.entrySet()) {
            double[] scores = pool.getValue();
            System.out.printf(Locale.ROOT, "%-24s %10.2f M %10.2f M %10.2f M %7.2fx%n", pool.getKey(),
                    median(scores) / 1e6, scores[0] / 1e6, scores[scores.length - 1] / 1e6,
                    (reference == null) ? Double.NaN : median(scores) / median(reference));
        }
    }

    private static double median(double[] sorted) {
        int middle = sorted.length / 2;
        return (sorted.length % 2 == 1) ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static void printThroughput(Collection<RunResult> results) {
        Map<String, Map<String, Double>> rows = new TreeMap<>();
        for (RunResult result : results) {
            BenchmarkParams p = result.getParams();
            String method = p.getBenchmark().substring(p.getBenchmark().lastIndexOf('.') + 1);
            String row = String.format("%-12s %-7s %-7s %s", method, p.getParam("job"), p.getParam("api"),
                    p.getParam("workers") + " workers");
            rows.computeIfAbsent(row, (k) -> new LinkedHashMap<>()).put(p.getParam("pool"), result.getPrimaryResult().getScore());
        }
        System.out.println("\nThroughput, jobs/s from submit to done (ratio to ThreadPoolExecutor; higher is better)");
        printRatios(rows, "producers    job     api     workers", true, (v) -> String.format("%.2f M/s", v / 1e6));
    }

    /**
     * Per case and pool: jobs/s of the median round over every fork, the slowest and fastest fork's
     * median round, and the ratio of medians to ThreadPoolExecutor.
     */
    private static void printDeepQueue(Collection<RunResult> results) {
        Map<String, Map<String, double[]>> rows = new TreeMap<>();
        for (RunResult result : results) {
            BenchmarkParams p = result.getParams();
            String method = p.getBenchmark().substring(p.getBenchmark().lastIndexOf('.') + 1);
            String row = String.format("%-12s %s workers %-8s", method, p.getParam("workers"), p.getParam("job"));
            double jobs = (double) DeepQueueBenchmark.JOBS * p.getThreads();
            List<Double> rounds = new ArrayList<>();
            List<Double> forkMedians = new ArrayList<>();
            result.getBenchmarkResults().forEach((fork) -> {
                double[] forkRounds = fork.getIterationResults().stream()
                    .mapToDouble((round) -> jobs / (round.getPrimaryResult().getScore() / 1e3)).sorted().toArray();
                forkMedians.add(median(forkRounds));
                for (double r : forkRounds) {
                    rounds.add(r);
                }
            });
            double[] all = rounds.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            double[] forks = forkMedians.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            rows.computeIfAbsent(row, (k) -> new LinkedHashMap<>())
                .put(p.getParam("pool"), new double[] { median(all), forks[0], forks[forks.length - 1] });
        }
        System.out.printf("%nDeep queue: each producer submits %d jobs without waiting, %d forks x 6 rounds, "
                + "fresh pool per round%n(ratio of median rounds to ThreadPoolExecutor [slowest fork .. fastest fork "
                + "median, as ratios]; higher is better)%n", DeepQueueBenchmark.JOBS, DEEP_QUEUE_FORKS);
        for (Map.Entry<String, Map<String, double[]>> row : rows.entrySet()) {
            double[] base = row.getValue().get(REFERENCE);
            System.out.printf(Locale.ROOT, "%s   ThreadPoolExecutor itself: %.2f M/s%n", row.getKey(),
                    (base == null) ? Double.NaN : base[0] / 1e6);
            for (Map.Entry<String, double[]> pool : row.getValue().entrySet()) {
                double[] v = pool.getValue();
                System.out.printf(Locale.ROOT, "    %-24s %10.2f M/s %7.2fx  [%.2fx .. %.2fx]%n", pool.getKey(),
                        v[0] / 1e6, (base == null) ? Double.NaN : v[0] / base[0],
                        (base == null) ? Double.NaN : v[1] / base[0], (base == null) ? Double.NaN : v[2] / base[0]);
            }
        }
    }

    private static void printLatency(Collection<RunResult> results) {
        Map<String, Map<String, Double>> rows = new TreeMap<>();
        for (RunResult result : results) {
            BenchmarkParams p = result.getParams();
            String method = p.getBenchmark().substring(p.getBenchmark().lastIndexOf('.') + 1);
            Statistics stats = result.getPrimaryResult().getStatistics();
            for (double percentile : new double[] { 50, 99, 99.9 }) {
                rows.computeIfAbsent(String.format("%-19s p%s", method, percentile == 99.9 ? "99.9" : (int) percentile),
                        (k) -> new LinkedHashMap<>())
                    .put(p.getParam("pool"), stats.getPercentile(percentile));
            }
        }
        System.out.println("\nLatency on an idle pool, 2 workers (ratio to ThreadPoolExecutor; lower is better)");
        printRatios(rows, "measure             percentile", false, (v) -> String.format("%.1f µs", v));
    }

    private static void printAllocation(Collection<RunResult> results) {
        Map<String, Map<String, Double>> rows = new TreeMap<>();
        for (RunResult result : results) {
            BenchmarkParams p = result.getParams();
            Result<?> norm = result.getSecondaryResults().get("gc.alloc.rate.norm");
            if (norm != null) {
                rows.computeIfAbsent(String.format("%-7s no-op job", p.getParam("api")), (k) -> new LinkedHashMap<>())
                    .put(p.getParam("pool"), norm.getScore());
            }
        }
        System.out.println("\nAllocation per job, bytes (ratio to ThreadPoolExecutor; lower is better)");
        printRatios(rows, "api", false, (v) -> String.format("%.0f B", v));
    }

    interface Format {

        String apply(double value);

    }

    private static void printRatios(Map<String, Map<String, Double>> rows, String heading, boolean higherIsBetter,
            Format reference) {
        List<String> pools = new ArrayList<>();
        for (Pools pool : Pools.values()) {
            pools.add(pool.name());
        }
        StringBuilder header = new StringBuilder(String.format("%-40s", heading));
        for (String pool : pools) {
            header.append(String.format(" %22s", pool));
        }
        header.append(String.format("   %s", "ThreadPoolExecutor itself"));
        System.out.println(header);
        for (Map.Entry<String, Map<String, Double>> row : rows.entrySet()) {
            Double base = row.getValue().get(REFERENCE);
            StringBuilder line = new StringBuilder(String.format("%-40s", row.getKey()));
            for (String pool : pools) {
                Double value = row.getValue().get(pool);
                line.append((value == null || base == null || base == 0) ? String.format(" %22s", "—")
                        : String.format(Locale.ROOT, " %21.2fx", value / base));
            }
            line.append("   ").append((base != null) ? reference.apply(base) : "—");
            System.out.println(line);
        }
        if (!higherIsBetter) {
            System.out.println("(below 1.00x is better than ThreadPoolExecutor)");
        }
    }

}
