package io.github.threadpool.benchmarks;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The queue grows deep: each producer submits {@value #JOBS} jobs as fast as it can without waiting
 * for any, every job counts down one shared latch, and a round lasts from the first submit until the
 * last job is done. A fresh pool per round (JMH iteration), unbounded queues everywhere, the median
 * of the rounds is the figure.
 *
 * <p>Unlike {@link ThroughputBenchmark}, whose producer waits for each batch, the workers here
 * always find a long queue: this measures taking from a deep queue and recording results, where
 * {@link ThroughputBenchmark} measures the hand-off to idle workers.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 6)
public class DeepQueueBenchmark {

    static final int JOBS = 500_000;

    /** About 100 ns of CPU on the build machine: a tenth of {@link ThroughputBenchmark#CPU_TOKENS}. */
    static final long CPU_TOKENS_100NS = ThroughputBenchmark.CPU_TOKENS / 10;

    @Param
    Pools pool;

    @Param({ "2", "4" })
    int workers;

    @Param({ "noop", "cpu100ns" })
    String job;

    Pools.Target target;

    CountDownLatch done;

    Callable<Object> task;

    @Setup(Level.Iteration)
    public void startRound(org.openjdk.jmh.infra.BenchmarkParams params) {
        this.target = this.pool.create(this.workers, Integer.MAX_VALUE);
        CountDownLatch latch = new CountDownLatch(JOBS * params.getThreads());
        this.done = latch;
        this.task = this.job.equals("noop") ? () -> {
            latch.countDown();
            return null;
        } : () -> {
            Blackhole.consumeCPU(CPU_TOKENS_100NS);
            latch.countDown();
            return null;
        };
    }

    @TearDown(Level.Iteration)
    public void endRound() {
        this.target.close();
    }

    @Benchmark
    @Threads(1)
    public void oneProducer() throws InterruptedException {
        round();
    }

    @Benchmark
    @Threads(2)
    public void twoProducers() throws InterruptedException {
        round();
    }

    /** One producer's share of a round: submit every job, then wait for all of the round's jobs. */
    private void round() throws InterruptedException {
        Pools.Target pool = this.target;
        Callable<Object> work = this.task;
        for (int i = 0; i < JOBS; i++) {
            pool.submit(work);
        }
        this.done.await();
    }

}
