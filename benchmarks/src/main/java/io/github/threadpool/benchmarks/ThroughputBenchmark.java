package io.github.threadpool.benchmarks;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
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
 * Many small jobs on few threads: each invocation submits a batch of jobs and waits until every one is
 * done, so the score is jobs per second from submission to completion. One or two producer threads;
 * {@code submit} (a tracked result per job, read back through its future) or {@code execute}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ThroughputBenchmark {

    static final int BATCH = 10_000;

    /** About 1 µs of CPU on the build machine (see docs/benchmarks.md). */
    static final long CPU_TOKENS = 200;

    @Param
    Pools pool;

    @Param({ "2", "4" })
    int workers;

    @Param({ "noop", "cpu1us" })
    String job;

    @Param({ "submit", "execute" })
    String api;

    Pools.Target target;

    Callable<Integer> task;

    @Setup
    public void start() {
        // Room for every job of both producers: the benchmark measures throughput, not rejection.
        this.target = this.pool.create(this.workers, 4 * BATCH);
        this.task = this.job.equals("noop") ? () -> 42 : () -> {
            Blackhole.consumeCPU(CPU_TOKENS);
            return 42;
        };
    }

    @TearDown
    public void stop() {
        this.target.close();
    }

    /** One producer's reusable buffers. */
    @State(Scope.Thread)
    public static class Producer {

        final Future<?>[] futures = new Future<?>[BATCH];

    }

    @Benchmark
    @Threads(1)
    @OperationsPerInvocation(BATCH)
    public void oneProducer(Producer producer) throws Exception {
        run(producer);
    }

    @Benchmark
    @Threads(2)
    @OperationsPerInvocation(BATCH)
    public void twoProducers(Producer producer) throws Exception {
        run(producer);
    }

    private void run(Producer producer) throws Exception {
        if (this.api.equals("submit")) {
            submitBatch(this.target, this.task, producer.futures);
        }
        else {
            CountDownLatch done = new CountDownLatch(BATCH);
            Callable<Integer> work = this.task;
            Runnable command = () -> {
                try {
                    work.call();
                }
                catch (Exception ex) {
                    throw new IllegalStateException(ex);
                }
                done.countDown();
            };
            for (int i = 0; i < BATCH; i++) {
                this.target.execute(command);
            }
            done.await();
        }
    }

    /** One {@code submit} operation: a batch of {@code futures.length} jobs, each one's future read. */
    static void submitBatch(Pools.Target target, Callable<Integer> task, Future<?>[] futures) throws Exception {
        for (int i = 0; i < futures.length; i++) {
            futures[i] = target.submit(task);
        }
        for (int i = 0; i < futures.length; i++) {
            futures[i].get();
            futures[i] = null;
        }
    }

}
