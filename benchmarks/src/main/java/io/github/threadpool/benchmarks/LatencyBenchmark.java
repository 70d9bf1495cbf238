package io.github.threadpool.benchmarks;

import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One job at a time to an idle pool: how long from submit until a worker starts it, and until it is
 * done, as percentiles. The waiting thread spins, so its own wake-up is not measured; between samples
 * the workers are given time to go idle (park), as they would between sparse requests.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class LatencyBenchmark {

    @Param
    Pools pool;

    Pools.Target target;

    Future<?> previous;

    @Setup
    public void start() {
        this.target = this.pool.create(2, 1024);
    }

    @TearDown
    public void stop() {
        this.target.close();
    }

    @Setup(Level.Invocation)
    public void letThePoolGoIdle() {
        if (this.previous != null) {
            while (!this.previous.isDone()) {
                Thread.onSpinWait();
            }
        }
        LockSupport.parkNanos(200_000); // harness only, not measured: idle workers park
    }

    @Benchmark
    public Object submitToStart() {
        Started started = new Started();
        this.previous = this.target.submit(started);
        while (!started.flag) {
            Thread.onSpinWait();
        }
        return started;
    }

    @Benchmark
    public Object submitToCompletion() {
        Future<Integer> job = this.target.submit(NOOP);
        while (!job.isDone()) {
            Thread.onSpinWait();
        }
        this.previous = job;
        return job;
    }

    private static final Callable<Integer> NOOP = () -> 42;

    static final class Started implements Callable<Integer> {

        volatile boolean flag;

        @Override
        public Integer call() {
            this.flag = true;
            return 42;
        }

    }

}
