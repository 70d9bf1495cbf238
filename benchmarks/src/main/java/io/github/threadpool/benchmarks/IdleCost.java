package io.github.threadpool.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import java.util.concurrent.Future;
import java.util.concurrent.locks.LockSupport;

/**
 * CPU time an idle pool burns: each pool runs a few jobs (so its workers exist), then idles for a few
 * seconds while the CPU time of every thread in the JVM is summed before and after. Not a speed
 * figure, so not a JMH benchmark; it is printed with the suite.
 */
final class IdleCost {

    private static final long IDLE_NANOS = 3_000_000_000L;

    private IdleCost() {
    }

    static void print() throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        System.out.println("\nIdle cost: CPU time used by all threads while the pool idles for 3 s, 4 workers");
        for (Pools pool : Pools.values()) {
            try (Pools.Target target = pool.create(4, 1024)) {
                Future<?> last = null;
                for (int i = 0; i < 100; i++) {
                    last = target.submit(() -> 42);
                }
                last.get();
                LockSupport.parkNanos(100_000_000); // let the workers settle into their idle state
                long before = cpu(threads);
                LockSupport.parkNanos(IDLE_NANOS);
                long used = cpu(threads) - before;
                System.out.printf(Locale.ROOT, "%-24s %8.3f ms CPU in 3 s (%.4f %% of one core)%n", pool.name(),
                        used / 1e6, 100.0 * used / IDLE_NANOS);
            }
        }
    }

    /** CPU time of all live threads but this one, which only parks. */
    private static long cpu(ThreadMXBean threads) {
        long total = 0;
        long self = Thread.currentThread().getId();
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadId() != self) {
                long time = threads.getThreadCpuTime(info.getThreadId());
                total += Math.max(0, time);
            }
        }
        return total;
    }

}
