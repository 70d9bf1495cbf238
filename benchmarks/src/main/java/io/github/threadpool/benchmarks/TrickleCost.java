package io.github.threadpool.benchmarks;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;

/**
 * CPU a trickling pool burns per job: a producer submits one no-op job every period, so
 * the workers are idle almost all the time and every job wakes one. A pool whose idle workers spin or
 * wake each other pays for it here, however fast it is under load.
 *
 * <p>Each run builds a fresh pool, trickles for {@value #WARMUP_MILLIS} ms (so its workers exist and
 * the JIT has compiled the paths), then for {@value #MEASURE_MILLIS} ms measured. The producer paces
 * itself by parking until each job's deadline — never by spinning, which would pollute the process
 * figure — and submits at once, without parking, when a deadline has already passed (the timer
 * overshoots a {@code parkNanos} by tens of µs, more on a loaded machine), so the rate holds; the share of
 * jobs submitted so is printed as "late", and the share of deadlines given up after a stall of more
 * than {@value #MAX_BACKLOG} periods as "missed". Measured: the CPU time of the threads the pool started
 * ({@link ThreadCpu}; the producer and the JVM's own threads left out) per job and as a share of one
 * core, and the whole process's CPU per job (producer, JIT and GC included). Runs of the pools are
 * interleaved, so a burst of load from elsewhere falls on all of them alike; each cell is the median
 * of the runs, with the lowest and highest.
 *
 * <pre>
 * ./mvnw -q -B -pl benchmarks -am package -DskipTests
 * java -cp benchmarks/target/benchmarks.jar io.github.threadpool.benchmarks.TrickleCost
 * </pre>
 * 2 cases x 3 pools x 5 runs x 3.5 s: under two minutes. Printed with the suite too. The pools are
 * {@link Pools}' (threadpool with its defaults, 1024 results retained); "threads" is how many
 * threads the pool had started by the end of its last run (ForkJoinPool starts them on demand).
 */
final class TrickleCost {

    /** The cases: workers, and the period between two submissions in µs. */
    private static final int[][] CASES = { { 4, 500 }, { 16, 100 } };

    private static final Pools[] POOLS = { Pools.threadpool, Pools.ThreadPoolExecutor, Pools.ForkJoinPool };

    private static final int RUNS = 5;
    private static final long WARMUP_MILLIS = 500;
    private static final long MEASURE_MILLIS = 3_000;
    /** The most periods the producer catches up on in a burst; see {@link #trickle}. */
    private static final long MAX_BACKLOG = 10;

    private static final Callable<Integer> NO_OP = () -> 42;

    private TrickleCost() {
    }

    public static void main(String[] args) throws Exception {
        print();
    }

    /** One measured run of one pool. */
    private record Run(long jobs, long late, long missed, long wallNanos, long poolCpuNanos, long processCpuNanos,
            int threads) {

        double poolMicrosPerJob() {
            return poolCpuNanos / 1e3 / jobs;
        }

        double percentOfCore() {
            return 100.0 * poolCpuNanos / wallNanos;
        }

        double processMicrosPerJob() {
            return processCpuNanos / 1e3 / jobs;
        }

        double percentLate() {
            return 100.0 * late / jobs;
        }

        double percentMissed() {
            return 100.0 * missed / (jobs + missed);
        }
    }

    static void print() throws Exception {
        System.out.printf(Locale.ROOT, "%nTrickle cost: one no-op job via submit every period, %d runs of %d s per pool, "
                + "interleaved; CPU of the pool's threads%n(median [lowest .. highest]; ratio of medians to "
                + "ThreadPoolExecutor; lower is better)%n", RUNS, MEASURE_MILLIS / 1000);
        for (int[] c : CASES) {
            int workers = c[0];
            long periodNanos = c[1] * 1_000L;
            Map<Pools, List<Run>> runs = new EnumMap<>(Pools.class);
            for (int r = 0; r < RUNS; r++) {
                for (Pools pool : POOLS) {
                    runs.computeIfAbsent(pool, (k) -> new ArrayList<>()).add(run(pool, workers, periodNanos));
                }
            }
            double reference = median(runs.get(Pools.ThreadPoolExecutor), Run::poolMicrosPerJob);
            System.out.printf(Locale.ROOT, "%d workers, one job every %d µs%n", workers, c[1]);
            System.out.printf(Locale.ROOT, "    %-20s %28s %7s %24s %14s %7s %7s %8s%n", "pool",
                    "pool threads, µs CPU/job", "ratio", "% of one core", "process µs/job", "late", "missed", "threads");
            for (Map.Entry<Pools, List<Run>> pool : runs.entrySet()) {
                List<Run> r = pool.getValue();
                double micros = median(r, Run::poolMicrosPerJob);
                System.out.printf(Locale.ROOT, "    %-20s %28s %6.2fx %24s %14.1f %6.1f%% %6.2f%% %8d%n",
                        pool.getKey().name(), spread(r, Run::poolMicrosPerJob, "%.1f"), micros / reference,
                        spread(r, Run::percentOfCore, "%.2f"), median(r, Run::processMicrosPerJob),
                        median(r, Run::percentLate), median(r, Run::percentMissed), r.get(r.size() - 1).threads());
            }
        }
    }

    private static Run run(Pools pool, int workers, long periodNanos) {
        Set<Long> before = ThreadCpu.liveThreads();
        Set<Long> poolThreads;
        Run run;
        try (Pools.Target target = pool.create(workers, 1024)) {
            trickle(target, periodNanos, WARMUP_MILLIS * 1_000_000L);
            poolThreads = ThreadCpu.startedSince(before);
            long poolCpu = ThreadCpu.cpuNanos(poolThreads);
            long processCpu = ThreadCpu.processCpuNanos();
            long start = System.nanoTime();
            Pace pace = trickle(target, periodNanos, MEASURE_MILLIS * 1_000_000L);
            long wall = System.nanoTime() - start;
            long processUsed = ThreadCpu.processCpuNanos() - processCpu;
            // a thread the pool started during the run (ForkJoinPool starts its workers on demand) counts whole
            poolThreads.addAll(ThreadCpu.startedSince(before));
            run = new Run(pace.jobs, pace.late, pace.missed, wall, ThreadCpu.cpuNanos(poolThreads) - poolCpu,
                    processUsed, poolThreads.size());
        }
        ThreadCpu.awaitExit(poolThreads); // close() does not wait: the next run must not share the cores with these
        return run;
    }

    /** How a trickle went: jobs submitted, how many of them late, and deadlines given up. */
    private static final class Pace {
        long jobs;
        long late;
        long missed;
    }

    /**
     * Submits one job per {@code periodNanos} for {@code durationNanos}: parks until each deadline, and
     * submits without parking when the deadline has passed already (late). A producer more than
     * {@value #MAX_BACKLOG} periods behind — descheduled by the load of a shared machine — gives up the
     * deadlines it missed rather than submit them in one burst, which would be a different case.
     */
    private static Pace trickle(Pools.Target target, long periodNanos, long durationNanos) {
        Pace pace = new Pace();
        long start = System.nanoTime();
        for (long deadline = start; deadline - start < durationNanos; deadline += periodNanos) {
            long wait = deadline - System.nanoTime();
            if (wait < -MAX_BACKLOG * periodNanos) {
                long skipped = -wait / periodNanos;
                pace.missed += skipped;
                deadline += skipped * periodNanos;
                wait = deadline - System.nanoTime();
            }
            if (wait <= 0 && pace.jobs > 0) {
                pace.late++;
            }
            while (wait > 0) {
                LockSupport.parkNanos(wait);
                wait = deadline - System.nanoTime();
            }
            target.submit(NO_OP);
            pace.jobs++;
        }
        return pace;
    }

    private interface Measure {

        double of(Run run);
    }

    private static double median(List<Run> runs, Measure measure) {
        double[] sorted = runs.stream().mapToDouble(measure::of).sorted().toArray();
        int middle = sorted.length / 2;
        return (sorted.length % 2 == 1) ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static String spread(List<Run> runs, Measure measure, String format) {
        double[] sorted = runs.stream().mapToDouble(measure::of).sorted().toArray();
        return String.format(Locale.ROOT, format + " [" + format + " .. " + format + "]", median(runs, measure),
                sorted[0], sorted[sorted.length - 1]);
    }
}
