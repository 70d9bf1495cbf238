package io.github.threadpool.benchmarks;

import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.infra.Blackhole;

/**
 * What the fleet costs a pool: jobs per second from submission to completion (batches of 10,000 through
 * {@code submit}, each future read) with {@code threadpool.fleet.enabled} off and on, in an application
 * started as a user's would be, against a real {@code redis-server} on the same machine. Jobs of about 10 µs
 * and 100 µs of CPU. With the fleet on, every job is mirrored (or, past the buffer, counted as dropped).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class FleetBenchmark {

    static final int BATCH = 10_000;

    @Param({ "off", "on" })
    String fleet;

    @Param({ "cpu10us", "cpu100us" })
    String job;

    FleetApp app;

    Callable<Integer> task;

    final Future<?>[] futures = new Future<?>[BATCH];

    @Setup
    public void start() throws Exception {
        this.app = new FleetApp(this.fleet.equals("on"), 2, 65_536);
        long tokens = this.job.equals("cpu10us") ? 10 * ThroughputBenchmark.CPU_TOKENS : 100 * ThroughputBenchmark.CPU_TOKENS;
        this.task = () -> {
            Blackhole.consumeCPU(tokens);
            return 42;
        };
    }

    @TearDown
    public void stop() throws Exception {
        this.app.close();
    }

    @Benchmark
    @Threads(1)
    @OperationsPerInvocation(BATCH)
    public void submitAndWait() throws Exception {
        for (int i = 0; i < BATCH; i++) {
            this.futures[i] = this.app.pool.submit(this.task);
        }
        for (int i = 0; i < BATCH; i++) {
            this.futures[i].get();
            this.futures[i] = null;
        }
    }
}
