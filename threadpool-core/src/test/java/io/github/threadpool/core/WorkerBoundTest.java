package io.github.threadpool.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

import org.junit.jupiter.api.Test;

/** The bound on workers, the thread factory, and what happens when a worker thread cannot be started. */
class WorkerBoundTest {

    @Test
    void theBoundHasADefaultAndACeiling() {
        assertThat(ThreadPool.DEFAULT_MAX_WORKERS).isEqualTo(1024);
        assertThat(ThreadPool.WORKER_CEILING).isEqualTo(32767);
        try (ThreadPool pool = ThreadPool.builder().workers(1).build()) {
            assertThat(pool.maxWorkers()).isEqualTo(ThreadPool.DEFAULT_MAX_WORKERS);
        }
        assertThatIllegalArgumentException().isThrownBy(() -> ThreadPool.builder().maxWorkers(0))
                .withMessage("maxWorkers must be between 1 and 32767 (the ceiling), was 0");
        assertThatIllegalArgumentException().isThrownBy(() -> ThreadPool.builder().maxWorkers(32768))
                .withMessage("maxWorkers must be between 1 and 32767 (the ceiling), was 32768");
        assertThatIllegalArgumentException().isThrownBy(() -> ThreadPool.builder().workers(1_000_000))
                .withMessage("workers must be between 1 and 32767 (the ceiling), was 1000000");
    }

    @Test
    void buildRefusesMoreWorkersThanTheBoundAndStartsNone() {
        ThreadPool.Builder builder = ThreadPool.builder().name("bounded-build").workers(5).maxWorkers(4);
        assertThatIllegalArgumentException().isThrownBy(builder::build)
                .withMessage("workers must be between 1 and 4 (maxWorkers), was 5");
        assertThat(threadsNamed("bounded-build-")).isEmpty();
    }

    @Test
    void theDefaultWorkerCountStaysWithinTheBound() {
        try (ThreadPool pool = ThreadPool.builder().maxWorkers(1).build()) {
            assertThat(pool.snapshot().workers().configured()).isEqualTo(1);
        }
    }

    @Test
    void resizingAboveTheBoundChangesNothing() {
        try (ThreadPool pool = ThreadPool.builder().workers(2).maxWorkers(3).queueCapacity(10).build()) {
            assertThatIllegalArgumentException().isThrownBy(() -> pool.setWorkers(1_000_000))
                    .withMessage("workers must be between 1 and 3 (maxWorkers), was 1000000");
            assertThatIllegalArgumentException().isThrownBy(() -> pool.resize(4, 20))
                    .withMessage("workers must be between 1 and 3 (maxWorkers), was 4");
            assertThatIllegalArgumentException().isThrownBy(() -> pool.setWorkers(0))
                    .withMessage("workers must be between 1 and 3 (maxWorkers), was 0");
            PoolSnapshot snapshot = pool.snapshot();
            assertThat(snapshot.workers().configured()).isEqualTo(2);
            assertThat(snapshot.queue().capacity()).isEqualTo(10);
            pool.setWorkers(3);
            assertThat(pool.snapshot().workers().configured()).isEqualTo(3);
        }
    }

    @Test
    void theThreadFactoryMakesTheWorkers() throws Exception {
        AtomicInteger made = new AtomicInteger();
        ThreadFactory factory = (Runnable r) -> {
            Thread t = new Thread(r, "custom-" + made.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        try (ThreadPool pool = ThreadPool.builder().workers(2).threadFactory(factory).build()) {
            assertThat(made).hasValue(2);
            Job<String> job = pool.submit(() -> Thread.currentThread().getName() + " daemon=" + Thread.currentThread().isDaemon());
            assertThat(job.get(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).matches("custom-[12] daemon=true");
            assertThat(pool.results().get(job.id()).orElseThrow().workerName()).startsWith("custom-");
            pool.setWorkers(3);
            assertThat(made).hasValue(3);
        }
        assertThatIllegalArgumentException().isThrownBy(() -> ThreadPool.builder().threadFactory(null))
                .withMessage("threadFactory must not be null");
    }

    @Test
    void theDefaultFactoryMakesNamedNonDaemonPlatformThreads() throws Exception {
        try (ThreadPool pool = ThreadPool.builder().name("plain").workers(1).build()) {
            assertThat(pool.submit(() -> Thread.currentThread().getName() + " daemon=" + Thread.currentThread().isDaemon())
                    .get(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("plain-worker-1 daemon=false");
        }
    }

    // ---------------------------------------------------------------- a thread that cannot be started

    /** Makes threads, but fails on the n-th one in the way {@code failure} says; records what it made. */
    static final class FailingFactory implements ThreadFactory {
        final List<Thread> made = new CopyOnWriteArrayList<>();
        private final AtomicInteger calls = new AtomicInteger();
        private final String prefix;
        private final int failOn;
        private final IntFunction<Thread> failure;

        FailingFactory(String prefix, int failOn, IntFunction<Thread> failure) {
            this.prefix = prefix;
            this.failOn = failOn;
            this.failure = failure;
        }

        @Override
        public Thread newThread(Runnable r) {
            int n = calls.incrementAndGet();
            if (n == failOn) {
                return failure.apply(n);
            }
            Thread t = new Thread(r, prefix + n);
            made.add(t);
            return t;
        }
    }

    static Thread throwing(int n) {
        throw new IllegalStateException("no thread " + n);
    }

    static Thread returningNull(int n) {
        return null;
    }

    /** A thread whose start() fails as the JVM's does when the OS refuses a native thread. */
    static Thread unstartable(int n) {
        return new Thread(() -> { }) {
            @Override
            public synchronized void start() {
                throw new OutOfMemoryError("unable to create native thread: possibly out of memory or process/resource limits reached");
            }
        };
    }

    @Test
    void aBuildWhoseThirdThreadFailsLeavesNoThreadBehind() throws Exception {
        for (IntFunction<Thread> failure : List.<IntFunction<Thread>>of(
                WorkerBoundTest::throwing, WorkerBoundTest::returningNull, WorkerBoundTest::unstartable)) {
            FailingFactory factory = new FailingFactory("failed-build-", 3, failure);
            assertThatIllegalStateException()
                    .isThrownBy(() -> ThreadPool.builder().workers(4).threadFactory(factory).build())
                    .withMessageContaining("worker thread");
            assertThat(factory.made).hasSize(2);
            for (Thread t : factory.made) {
                t.join(TimeUnit.SECONDS.toMillis(Gate.WAIT_SECONDS));
                assertThat(t.isAlive()).as("%s left behind", t.getName()).isFalse();
            }
        }
    }

    @Test
    void aResizeWhoseThreadFailsIsRolledBackAndThePoolStillWorksAndTerminates() throws Exception {
        for (IntFunction<Thread> failure : List.<IntFunction<Thread>>of(
                WorkerBoundTest::throwing, WorkerBoundTest::returningNull, WorkerBoundTest::unstartable)) {
            FailingFactory factory = new FailingFactory("failed-resize-", 4, failure);
            ThreadPool pool = ThreadPool.builder().workers(2).queueCapacity(10).threadFactory(factory).build();
            assertThatIllegalStateException().isThrownBy(() -> pool.resize(5, 20))
                    .withMessageContaining("worker thread");
            assertThat(factory.made).hasSize(3); // one started before the fourth failed
            // Any one worker retires in its place: which one is not specified.
            await().atMost(Gate.WAIT_SECONDS, TimeUnit.SECONDS)
                    .until(() -> factory.made.stream().filter(Thread::isAlive).count() == 2);
            PoolSnapshot snapshot = pool.snapshot();
            assertThat(snapshot.workers().configured()).isEqualTo(2);
            assertThat(snapshot.workers().alive()).isEqualTo(2);
            assertThat(snapshot.queue().capacity()).isEqualTo(10);
            assertThat(pool.submit(() -> "still works").get(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("still works");
            pool.setWorkers(3); // the factory works again
            assertThat(pool.snapshot().workers().configured()).isEqualTo(3);
            pool.shutdown();
            assertThat(pool.awaitTermination(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void aResizeRacingShutdownNeverStartsAWorkerAfterTermination() throws Exception {
        for (int round = 0; round < 200; round++) {
            ThreadPool pool = ThreadPool.builder().workers(1).build();
            Thread resizer = new Thread(() -> {
                for (int w = 2; w <= 8; w++) {
                    try {
                        pool.setWorkers(w);
                    } catch (IllegalStateException shutDown) {
                        return;
                    }
                }
            });
            resizer.start();
            pool.shutdown();
            assertThat(pool.awaitTermination(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
            resizer.join();
            assertThat(pool.isTerminated()).as("round %d: terminated stays terminated", round).isTrue();
            assertThat(pool.snapshot().workers().alive()).isZero();
        }
    }

    @Test
    void aWorkerDyingAfterShutdownIsStillReplacedSoTheQueueDrains() throws Exception {
        Gate gate = new Gate();
        java.util.concurrent.atomic.AtomicBoolean killed = new java.util.concurrent.atomic.AtomicBoolean();
        ThreadPool pool = ThreadPool.builder().workers(1).beforeTake((Worker worker) -> {
            if (worker.current != null && killed.compareAndSet(false, true)) {
                throw new Error("the worker dies outside a job, back from its first");
            }
        }).build();
        pool.submit(gate.job("first"));
        gate.awaitStarted(1);
        Job<String> queued = pool.submit(() -> "drained");
        pool.shutdown();
        gate.open();
        assertThat(queued.get(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("drained");
        assertThat(pool.awaitTermination(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(pool.snapshot().workers().replaced()).isEqualTo(1);
    }

    private static Set<String> threadsNamed(String prefix) {
        Set<String> names = ConcurrentHashMap.newKeySet();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith(prefix)) {
                names.add(t.getName());
            }
        }
        return names;
    }
}
