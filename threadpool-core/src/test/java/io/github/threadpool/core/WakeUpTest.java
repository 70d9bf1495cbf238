package io.github.threadpool.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The interleavings where a wake-up could be lost, forced with the queue's {@code beforeTake} hook,
 * which holds a worker between finishing a job and coming back to the queue: a busy or retiring
 * worker there must not keep a queued job from a worker that could run it. Plus a stray interrupt on
 * an idle worker, which must not end it nor reach the next job.
 */
class WakeUpTest {

    private ThreadPool pool;

    @AfterEach
    void shutDown() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    private void awaitIdle(int workers) {
        await().atMost(Gate.WAIT_SECONDS, TimeUnit.SECONDS).until(() -> pool.queue().idleWorkers() == workers);
    }

    /**
     * The queue's take hook (given to the builder): once armed, holds the first worker that comes back
     * to the queue, until released.
     */
    private static final class Holder implements java.util.function.Consumer<Worker> {
        final java.util.concurrent.atomic.AtomicBoolean armed = new java.util.concurrent.atomic.AtomicBoolean();
        final AtomicReference<Worker> held = new AtomicReference<>();
        final CountDownLatch arrived = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public void accept(Worker worker) {
            if (armed.get() && held.compareAndSet(null, worker)) {
                arrived.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        void arm() {
            armed.set(true);
        }

        void awaitArrived() throws InterruptedException {
            assertThat(arrived.await(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).as("a worker came back").isTrue();
        }
    }

    @Test
    void aNestedSubmitAndWaitIsServedByAWorkerThatWasBusyWhenItWasSubmitted() throws Exception {
        // #9.1: the sub-job is submitted while the only other worker is between two jobs (it was, in the
        // old design, still on the idle stack while running). It must still run.
        Holder holder = new Holder();
        pool = ThreadPool.builder().name("nested").workers(2).beforeTake(holder).build();
        awaitIdle(2);
        holder.arm();
        Job<String> first = pool.submit(() -> "first");
        holder.awaitArrived(); // that worker ran it and is held before it hands it back and looks again

        Job<String> outer = pool.submit(() -> {
            Job<String> inner = pool.submit(() -> "inner ran");
            holder.release.countDown(); // the held worker comes back while the inner job waits
            return inner.get(Gate.WAIT_SECONDS, TimeUnit.SECONDS);
        });

        assertThat(outer.get(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("inner ran");
        assertThat(first.get(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("first");
    }

    @Test
    void aNestedSubmitAndWaitOnTwoWorkersNeverWaitsForever() throws Exception {
        // The natural form of #9.1: many rounds of submit-and-wait on two workers.
        pool = ThreadPool.builder().name("nested-loop").workers(2).build();
        for (int round = 0; round < 5_000; round++) {
            Job<Integer> outer = pool.submit(() -> pool.submit(() -> 1).get(Gate.WAIT_SECONDS, TimeUnit.SECONDS));
            assertThat(outer.get(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).as("round %d", round).isEqualTo(1);
        }
    }

    @Test
    void aRetiringWorkerNeverTakesTheOnlyWakeUpWithIt() throws Exception {
        // #9.2: setWorkers(1) on two idle workers, then one job: the job must run at once, whichever
        // worker leaves.
        pool = ThreadPool.builder().name("retire").workers(2).build();
        awaitIdle(2);
        pool.setWorkers(1);
        assertThat(pool.submit(() -> "ran").get(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("ran");
        await().atMost(Gate.WAIT_SECONDS, TimeUnit.SECONDS).until(() -> pool.snapshot().workers().alive() == 1);
        awaitIdle(1);
        assertThat(pool.submit(() -> "ran again").get(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("ran again");
    }

    @Test
    void aJobQueuedWhileTheRetiringWorkerIsBetweenJobsRunsOnTheOther() throws Exception {
        // #9.2, forced: both workers busy; shrink to one; one worker comes back first and must retire
        // (retirement goes before taking), the job queued meanwhile must go to the other.
        Holder holder = new Holder();
        pool = ThreadPool.builder().name("retire-held").workers(2).beforeTake(holder).build();
        awaitIdle(2);
        Gate gate = new Gate();
        holder.arm();
        pool.submit(gate.job("a"));
        pool.submit(gate.job("b"));
        gate.awaitStarted(2);
        pool.setWorkers(1);
        Job<String> queued = pool.submit(() -> "ran");
        gate.open();
        holder.awaitArrived(); // one worker held on its way back; the other comes back and retires
        await().atMost(Gate.WAIT_SECONDS, TimeUnit.SECONDS).until(() -> pool.snapshot().workers().alive() == 1);
        assertThat(queued.isDone()).as("nobody took it yet: the worker that came back retired").isFalse();
        holder.release.countDown();
        assertThat(queued.get(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("ran");
    }

    @Test
    void wakingEveryWorkerWhileJobsArriveLosesNoWorker() throws Exception {
        // #9.3: every shrink wakes all idle workers; submissions race it. Afterwards, a job that needs
        // all four workers at once must still complete, and the pool must terminate.
        int workers = 4;
        pool = ThreadPool.builder().name("wake-all").workers(workers).queueCapacity(10_000).build();
        AtomicBoolean stop = new AtomicBoolean();
        Thread resizer = new Thread(() -> {
            while (!stop.get()) {
                pool.setWorkers(workers - 1);
                pool.setWorkers(workers);
            }
        });
        resizer.start();
        try {
            for (int round = 0; round < 300; round++) {
                List<Future<?>> jobs = new ArrayList<>();
                for (int i = 0; i < 1 + round % workers; i++) {
                    jobs.add(pool.submit(() -> { }));
                }
                for (Future<?> job : jobs) {
                    job.get(Gate.WAIT_SECONDS, TimeUnit.SECONDS);
                }
            }
        } finally {
            stop.set(true);
            resizer.join();
        }
        CyclicBarrier all = new CyclicBarrier(workers);
        List<Future<Integer>> together = new ArrayList<>();
        for (int i = 0; i < workers; i++) {
            together.add(pool.submit(() -> all.await(Gate.WAIT_SECONDS, TimeUnit.SECONDS)));
        }
        for (Future<Integer> job : together) {
            job.get(Gate.WAIT_SECONDS, TimeUnit.SECONDS);
        }
        assertThat(pool.shutdownGracefully(Duration.ofSeconds(Gate.WAIT_SECONDS)).drained()).isTrue();
        assertThat(pool.awaitTermination(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aStrayInterruptOnAnIdleWorkerCostsNoCpuAndDoesNotReachTheNextJob() throws Exception {
        // #9.5: the old worker parked with its interrupt set, so park returned at once: a core at 100 %.
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        pool = ThreadPool.builder().name("stray").workers(1).build();
        Thread worker = pool.submit(Thread::currentThread).get(Gate.WAIT_SECONDS, TimeUnit.SECONDS);
        awaitIdle(1);

        worker.interrupt();
        long before = threads.getThreadCpuTime(worker.getId());
        // Over a window of 300 ms the idle worker may wake once to clear the interrupt, no more.
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5))
                .until(() -> threads.getThreadCpuTime(worker.getId()) - before < TimeUnit.MILLISECONDS.toNanos(30));
        awaitIdle(1);

        assertThat(pool.submit(() -> Thread.currentThread().isInterrupted()).get(Gate.WAIT_SECONDS, TimeUnit.SECONDS))
                .as("the next job starts interrupted").isFalse();
    }

    @Test
    void anIdlePoolUsesNoCpu() throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        pool = ThreadPool.builder().name("idle-cpu").workers(4).build();
        ConcurrentHashMap<Thread, Boolean> seen = new ConcurrentHashMap<>();
        CyclicBarrier all = new CyclicBarrier(4);
        List<Future<?>> jobs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            jobs.add(pool.submit(() -> {
                seen.put(Thread.currentThread(), true);
                return all.await(Gate.WAIT_SECONDS, TimeUnit.SECONDS);
            }));
        }
        for (Future<?> job : jobs) {
            job.get(Gate.WAIT_SECONDS, TimeUnit.SECONDS);
        }
        awaitIdle(4);
        long before = seen.keySet().stream().mapToLong(t -> threads.getThreadCpuTime(t.getId())).sum();
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5))
                .until(() -> seen.keySet().stream().mapToLong(t -> threads.getThreadCpuTime(t.getId())).sum() - before
                        < TimeUnit.MILLISECONDS.toNanos(10));
    }
}
