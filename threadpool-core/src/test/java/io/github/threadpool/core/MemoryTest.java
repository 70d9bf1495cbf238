package io.github.threadpool.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import com.sun.management.HotSpotDiagnosticMXBean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the pool keeps reachable: only what it retains — a held job, a cancel storm, expired results — and what a job costs. */
class MemoryTest {

    private ThreadPool pool;

    @AfterEach
    void shutDown() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    private static void awaitCollected(List<? extends WeakReference<?>> refs) {
        await().atMost(Gate.WAIT_SECONDS, TimeUnit.SECONDS).until(() -> {
            System.gc();
            return refs.stream().allMatch(r -> r.get() == null);
        });
    }

    @Test
    void aHeldFinishedJobDoesNotKeepLaterJobsReachable() throws Exception {
        // The old queue linked each job to the next and never unlinked a taken one.
        pool = ThreadPool.builder().name("held").workers(1).maxRetainedResults(0).build();
        Job<byte[]> held = pool.submit(() -> new byte[16]);
        held.get(Gate.WAIT_SECONDS, TimeUnit.SECONDS);

        List<WeakReference<Job<byte[]>>> later = runAndForget(1_000);
        awaitIdle();

        awaitCollected(later);
        assertThat(held.status()).isEqualTo(JobStatus.SUCCEEDED); // still held, and holding nothing else
    }

    @Test
    void aLongRunningJobDoesNotKeepTheJobsAfterItReachable() throws Exception {
        pool = ThreadPool.builder().name("long").workers(2).maxRetainedResults(0).build();
        Gate gate = new Gate();
        pool.submit(gate.job("long")); // one worker holds it as its current job throughout
        gate.awaitStarted(1);
        List<WeakReference<Job<byte[]>>> later = runAndForget(1_000);
        await().atMost(Gate.WAIT_SECONDS, TimeUnit.SECONDS).until(() -> pool.queue().idleWorkers() == 1);
        awaitCollected(later);
        gate.open();
    }

    @Test
    void submitAndCancelBehindABusyWorkerStaysBounded() throws Exception {
        // The old queue kept every cancelled job linked, body included, until a worker passed it.
        pool = ThreadPool.builder().name("storm").workers(1).queueCapacity(10).maxRetainedResults(0).build();
        Gate gate = new Gate();
        pool.submit(gate.job("busy"));
        gate.awaitStarted(1);

        List<WeakReference<Object>> bodies = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            Runnable body = new Runnable() {
                private final byte[] weight = new byte[64];

                @Override
                public void run() {
                    weight[0]++;
                }
            };
            if (i % 1_000 == 0) {
                bodies.add(new WeakReference<>(body));
            }
            assertThat(pool.submit(body).cancel(false)).isTrue();
        }

        JobQueue queue = pool.queue();
        assertThat(queue.depth()).isZero();
        assertThat(queue.ringLength()).as("ring slots").isLessThanOrEqualTo(64);
        assertThat(queue.liveIndexCapacity()).as("live index slots").isLessThanOrEqualTo(64);
        awaitCollected(bodies);
        PoolSnapshot snapshot = pool.snapshot();
        assertThat(snapshot.jobs().cancelled()).isEqualTo(100_000);
        assertThat(snapshot.jobs().submitted()).isEqualTo(100_001);
        assertThat(snapshot.jobs().running()).isEqualTo(1);
        gate.open();
    }

    @Test
    void aDeepQueueShrinksItsRingASecondAfterItWasLastNeeded() throws Exception {
        pool = ThreadPool.builder().name("deep").workers(1).unboundedQueue().build();
        Gate gate = new Gate();
        pool.submit(gate.job("busy"));
        gate.awaitStarted(1);
        List<Job<?>> jobs = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            jobs.add(pool.submit(() -> { }));
        }
        assertThat(pool.queue().ringLength()).isGreaterThanOrEqualTo(100_000);
        gate.open();
        for (Job<?> job : jobs) {
            job.get(Gate.WAIT_SECONDS, TimeUnit.SECONDS);
        }
        // Kept while bursts may come back (KEEP_UNUSED_NANOS), let go at the first take after that.
        await().atMost(Gate.WAIT_SECONDS, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(100)).until(() -> {
            for (int i = 0; i < 64; i++) {
                pool.submit(() -> { }).get(Gate.WAIT_SECONDS, TimeUnit.SECONDS);
            }
            return pool.queue().ringLength() <= 64 && pool.queue().liveIndexCapacity() <= 128;
        });
    }

    @Test
    void aRingIsKeptForBurstsThatComeBackWithinASecondAndLetGoAfter() {
        // Shrinking a drained ring at once would make every burst of a steady load grow it again — an
        // allocation the size of the burst, per burst. Submission times are given, so this is exact.
        JobQueue queue = new JobQueue(Integer.MAX_VALUE, new ResultStore(0, Duration.ZERO));
        Worker worker = new Worker(null, queue);
        worker.thread = Thread.currentThread();
        long start = System.nanoTime();
        burst(queue, worker, 1_000, start);
        int grown = queue.ringLength();
        assertThat(grown).isGreaterThanOrEqualTo(1_000);

        burst(queue, worker, 1, start + JobRing.KEEP_UNUSED_NANOS / 2);
        assertThat(queue.ringLength()).as("half a second later").isEqualTo(grown);
        burst(queue, worker, 1_000, start + JobRing.KEEP_UNUSED_NANOS / 2);
        assertThat(queue.ringLength()).as("the next burst reuses it").isEqualTo(grown);

        burst(queue, worker, 1, start + 60 * JobRing.KEEP_UNUSED_NANOS);
        assertThat(queue.ringLength()).as("a minute later").isLessThanOrEqualTo(64);
    }

    /** Queues {@code jobs} jobs submitted at {@code nanos}, then takes them all. */
    private static void burst(JobQueue queue, Worker worker, int jobs, long nanos) {
        for (int i = 0; i < jobs; i++) {
            assertThat(queue.offer(PoolJob.of(null, () -> null), nanos)).isEqualTo(JobQueue.Admission.ACCEPTED);
        }
        for (int i = 0; i < jobs; i++) {
            assertThat(queue.tryTake(worker)).isNotNull();
            worker.current = null;
        }
        assertThat(queue.depth()).isZero();
    }

    /**
     * The job is the one object the pool allocates per accepted job (the allocation target):
     * 56 bytes with compressed references, its ring slot sharing an int with its start and its
     * failure-report flag an int with its finish. Counted by the thread's allocation counter over
     * jobs kept reachable, so escape analysis cannot hide a byte. Objects are multiples of 8 bytes, so
     * the whole bytes per job (integer division) say the size exactly: the few bytes the JVM itself
     * allocates on the thread now and then (a JIT event, a TLAB refill) add less than one byte per job
     * over 10,000 jobs, and the smallest of three compiled rounds is taken.
     */
    @Test
    void aJobIsFiftySixBytes() {
        HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        assumeTrue(Boolean.parseBoolean(vm.getVMOption("UseCompressedOops").getValue()),
                "sizes are with compressed references, the default below 32 GiB of heap");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        pool = ThreadPool.builder().name("sizes").workers(1).build();
        Callable<Integer> body = () -> 42;
        int jobs = 10_000;
        Object[] kept = new Object[jobs];
        long smallest = Long.MAX_VALUE;
        for (int round = 0; round < 5; round++) { // the last rounds are compiled code, as in a running pool
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < jobs; i++) {
                kept[i] = PoolJob.of(pool, body);
            }
            long after = threads.getCurrentThreadAllocatedBytes();
            if (round >= 2) {
                smallest = Math.min(smallest, after - before);
            }
        }
        assertThat(smallest / jobs).as("whole bytes per job").isEqualTo(56L);
        assertThat(kept[jobs - 1]).isInstanceOf(PoolJob.class);
    }

    @Test
    void resizeCyclesDoNotGrowTheWorkerRegistry() {
        pool = ThreadPool.builder().name("cycles").workers(2).build();
        for (int i = 0; i < 200; i++) {
            pool.setWorkers(1);
            await().atMost(Gate.WAIT_SECONDS, TimeUnit.SECONDS).until(() -> pool.snapshot().workers().alive() == 1);
            pool.setWorkers(4); // three new threads each cycle: 600 started in all
        }
        await().atMost(Gate.WAIT_SECONDS, TimeUnit.SECONDS).until(() -> pool.snapshot().workers().alive() == 4);
        assertThat(pool.queue().workerSlots()).isLessThanOrEqualTo(16);
    }

    @Test
    void finishedJobsAndResultsHeldByAUserDoNotKeepTheirPoolReachable() throws Exception {
        List<Object> held = new ArrayList<>();
        WeakReference<ThreadPool> closed = runJobsAndClose(held);

        awaitCollected(List.of(closed)); // the pool, and through it its queue and its store, are gone
        assertThat(held).hasSize(4);
        Job<?> job = (Job<?>) held.get(0);
        assertThat(job.get()).isEqualTo("kept");
        JobResult succeeded = (JobResult) job;
        assertThat(succeeded.submittedAt()).isNotNull();
        assertThat(succeeded.startedAt()).isAfterOrEqualTo(succeeded.submittedAt());
        assertThat(succeeded.finishedAt()).isAfterOrEqualTo(succeeded.startedAt());
        assertThat(succeeded.workerName()).isEqualTo("gone-worker-1");
        assertThat(((JobResult) held.get(1)).value()).isEqualTo("kept");
        assertThat(((Job<?>) held.get(2)).status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(((Job<?>) held.get(3)).status()).isEqualTo(JobStatus.CANCELLED);
    }

    /** A pool whose jobs are kept in {@code held}: one succeeded, its stored result, one cancelled queued, one cancelled running. */
    private static WeakReference<ThreadPool> runJobsAndClose(List<Object> held) throws Exception {
        ThreadPool gone = ThreadPool.builder().name("gone").workers(1).build();
        Job<String> succeeded = gone.submit(() -> "kept");
        succeeded.get(Gate.WAIT_SECONDS, TimeUnit.SECONDS);
        Gate gate = new Gate();
        Job<String> running = gone.submit(gate.job("never"));
        gate.awaitStarted(1);
        Job<String> queued = gone.submit(() -> "never");
        assertThat(queued.cancel(false)).isTrue();
        assertThat(running.cancel(true)).isTrue();
        held.add(succeeded);
        held.add(gone.findJob(succeeded.id()).orElseThrow());
        held.add(queued);
        held.add(running);
        gone.close();
        assertThat(gone.isTerminated()).isTrue();
        return new WeakReference<>(gone);
    }

    /** Runs {@code count} jobs one after the other; only weak references to them survive this frame. */
    private List<WeakReference<Job<byte[]>>> runAndForget(int count) throws Exception {
        List<WeakReference<Job<byte[]>>> refs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            refs.add(runOne());
        }
        return refs;
    }

    private WeakReference<Job<byte[]>> runOne() throws Exception {
        Job<byte[]> job = pool.submit(() -> new byte[1024]);
        job.get(Gate.WAIT_SECONDS, TimeUnit.SECONDS);
        return new WeakReference<>(job);
    }

    private void awaitIdle() {
        await().atMost(Gate.WAIT_SECONDS, TimeUnit.SECONDS).until(() -> pool.queue().idleWorkers() == 1);
    }
}
