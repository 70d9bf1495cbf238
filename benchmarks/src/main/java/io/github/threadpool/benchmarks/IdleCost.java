package io.github.threadpool.benchmarks;

import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.locks.LockSupport;

/**
 * CPU time an idle pool burns: each pool runs a few jobs (so its workers exist), then idles for a few
 * seconds while the CPU time of the threads it started is summed before and after (the JVM's own
 * threads — JIT, GC — are left out). Not a speed figure, so not a JMH benchmark; it is printed with
 * the suite.
 */
final class IdleCost {

    private static final long IDLE_NANOS = 3_000_000_000L;

    private IdleCost() {
    }

    public static void main(String[] args) throws Exception {
        print();
    }

    static void print() throws Exception {
        System.out.println("\nIdle cost: CPU time used by the pool's threads while it idles for 3 s, 4 workers");
        for (Pools pool : Pools.values()) {
            Set<Long> before = ThreadCpu.liveThreads();
            try (Pools.Target target = pool.create(4, 1024)) {
                Future<?> last = null;
                for (int i = 0; i < 100; i++) {
                    last = target.submit(() -> 42);
                }
                last.get();
                LockSupport.parkNanos(100_000_000); // let the workers settle into their idle state
                Set<Long> poolThreads = ThreadCpu.startedSince(before);
                long start = ThreadCpu.cpuNanos(poolThreads);
                LockSupport.parkNanos(IDLE_NANOS);
                long used = ThreadCpu.cpuNanos(poolThreads) - start;
                System.out.printf(Locale.ROOT, "%-24s %8.3f ms CPU in 3 s (%.4f %% of one core)%n", pool.name(),
                        used / 1e6, 100.0 * used / IDLE_NANOS);
            }
        }
    }

}
