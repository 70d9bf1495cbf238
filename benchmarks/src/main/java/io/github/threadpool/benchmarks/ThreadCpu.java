package io.github.threadpool.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;

/**
 * CPU time of a set of threads — those a pool started — read from the JVM's per-thread clocks, and of
 * the whole process. The JIT's compiler threads are hidden from {@link ThreadMXBean} and GC threads are
 * not Java threads, so a set taken with {@link #startedSince} holds the pool's threads, not those.
 */
final class ThreadCpu {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private ThreadCpu() {
    }

    /** The ids of every live thread; take it before and after a pool starts to find the pool's threads. */
    static Set<Long> liveThreads() {
        Set<Long> ids = new HashSet<>();
        for (long id : THREADS.getAllThreadIds()) {
            ids.add(id);
        }
        return ids;
    }

    /** The threads started since {@code before} was taken. */
    static Set<Long> startedSince(Set<Long> before) {
        Set<Long> started = liveThreads();
        started.removeAll(before);
        return started;
    }

    /** Total CPU nanoseconds of {@code ids} (an exited thread counts nothing). */
    static long cpuNanos(Set<Long> ids) {
        long total = 0;
        for (long id : ids) {
            total += Math.max(0, THREADS.getThreadCpuTime(id));
        }
        return total;
    }

    /**
     * Waits until every thread of {@code ids} has exited (a pool's {@code shutdownNow} does not wait for
     * them), for at most 10 s: a pool that leaves threads behind must not hang the benchmark.
     */
    static void awaitExit(Set<Long> ids) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (ids.stream().anyMatch((id) -> THREADS.getThreadInfo(id) != null) && System.nanoTime() - deadline < 0) {
            LockSupport.parkNanos(1_000_000L);
        }
    }

    static long currentThreadCpuNanos() {
        return THREADS.getCurrentThreadCpuTime();
    }

    /** CPU nanoseconds of the whole process so far — every thread, the JVM's own (JIT, GC) included. */
    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
            .getProcessCpuTime();
    }

}
