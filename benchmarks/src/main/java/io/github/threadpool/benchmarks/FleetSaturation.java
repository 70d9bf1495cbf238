package io.github.threadpool.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * How many mirrored jobs per second one instance keeps up with, and what each costs: one application with
 * two workers and the fleet on, fed no-op jobs at offered rates (paced) and then as fast as one producer
 * submits them, for {@code seconds} each. Per rate: jobs done per second, records written per second,
 * events dropped (buffer full), Redis commands and script calls per job, and CPU per job of this JVM and
 * of redis-server. Then the same with the fleet off, for the JVM's CPU per job without it. Not JMH: a
 * rate held for seconds, read from the fleet's own counters and Redis's INFO.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar io.github.threadpool.benchmarks.FleetSaturation [seconds]</pre>
 */
public final class FleetSaturation {

    private static final int[] RATES = { 10_000, 25_000, 50_000, 100_000, 200_000, 0 }; // 0: as fast as it goes

    private FleetSaturation() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = (args.length > 0) ? Integer.parseInt(args[0]) : 5;
        System.out.printf(Locale.ROOT, "%-8s %9s %10s %10s %10s %8s %9s %9s %9s %10s%n", "fleet", "offered/s",
                "done/s", "written/s", "dropped/s", "cmd/job", "calls/job", "buffered", "jvm us/job", "redis us/job");
        for (boolean fleet : new boolean[] { true, false }) {
            try (FleetApp app = new FleetApp(fleet, 2, 65_536)) {
                run(app, 50_000, 2, null); // warm-up
                for (int rate : RATES) {
                    run(app, rate, seconds, fleet ? "on" : "off");
                }
            }
        }
    }

    private static void run(FleetApp app, int rate, int seconds, String label) throws Exception {
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) ManagementFactory
            .getOperatingSystemMXBean();
        long written = app.fleetCount("recordsWritten");
        long dropped = app.fleetCount("recordsDropped");
        long commands = app.redisCommands();
        long calls = app.redisScriptCalls();
        double redisCpu = app.redisCpuSeconds();
        long cpu = os.getProcessCpuTime();
        long start = System.nanoTime();
        long jobs = (rate > 0) ? paced(app, rate, seconds) : flat(app, seconds);
        double elapsed = (System.nanoTime() - start) / 1e9;
        long jvmCpu = os.getProcessCpuTime() - cpu;
        // the writer catches up (or drops) before Redis's side is read
        long settle = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (app.fleetCount("recordsBuffered") > 0 && System.nanoTime() < settle) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
        if (label == null) {
            return;
        }
        System.out.printf(Locale.ROOT, "%-8s %9s %10.0f %10.0f %10.0f %8.3f %9.4f %9d %9.2f %10.2f%n", label,
                (rate > 0) ? Integer.toString(rate) : "max", jobs / elapsed,
                (app.fleetCount("recordsWritten") - written) / elapsed,
                (app.fleetCount("recordsDropped") - dropped) / elapsed,
                (double) (app.redisCommands() - commands) / jobs, (double) (app.redisScriptCalls() - calls) / jobs,
                app.fleetCount("recordsBuffered"), jvmCpu / 1e3 / jobs, (app.redisCpuSeconds() - redisCpu) * 1e6 / jobs);
    }

    /** Submits {@code rate} no-op jobs a second for {@code seconds}; returns how many ran. */
    private static long paced(FleetApp app, int rate, int seconds) throws Exception {
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(seconds);
        long submitted = 0;
        Future<?> last = null;
        for (long now = start; now < end; now = System.nanoTime()) {
            long due = (now - start) * rate / 1_000_000_000L;
            while (submitted < due) {
                last = app.pool.submit(() -> 42);
                submitted++;
            }
            LockSupport.parkNanos(50_000);
        }
        if (last != null) {
            last.get();
        }
        return submitted;
    }

    /** Batches of 10,000 no-op jobs, each waited for, for {@code seconds}; returns how many ran. */
    private static long flat(FleetApp app, int seconds) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        Future<?>[] futures = new Future<?>[10_000];
        long jobs = 0;
        while (System.nanoTime() < end) {
            for (int i = 0; i < futures.length; i++) {
                futures[i] = app.pool.submit(() -> 42);
            }
            for (Future<?> future : futures) {
                future.get();
            }
            jobs += futures.length;
        }
        return jobs;
    }
}
