package io.github.threadpool.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.jetbrains.kotlinx.lincheck.Actor;
import org.jetbrains.kotlinx.lincheck.LinChecker;
import org.jetbrains.lincheck.Lincheck;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.junit.jupiter.api.Test;

/**
 * Model checks {@link JobQueue} with Lincheck: its operations are linearizable against a
 * plain bounded FIFO, and its park/wake protocol loses no wake-up.
 *
 * <p>Lincheck's model checker runs each scenario's threads one at a time, switching between them at
 * every shared-memory access, lock operation and park, and explores the interleavings systematically
 * (up to the bound on invocations). Every result is checked against {@link Model}, a sequential
 * specification: an {@link ArrayDeque} with a capacity. A lost wake-up shows up as a hang — a worker
 * parked in {@link JobQueue#take} or a submitter in {@link JobQueue#offerWaiting} with nobody left to
 * wake it — which the model checker reports as a deadlock, failing the test with the interleaving.
 *
 * <p>Two families:
 * <ul>
 *   <li>{@link NonBlocking}: random scenarios of {@code offer}, {@code tryTake}, {@code depth},
 *       {@code setCapacity} and {@code close}, which never wait, so any scenario may be generated.</li>
 *   <li>{@link Blocking}: hand-written scenarios with idle workers ({@code take}) and BLOCK submitters
 *       ({@code offerWaiting}) in which every waiter must eventually be woken, since a generated
 *       scenario could legitimately wait for ever (a worker with nothing ever queued) and that hang
 *       would be indistinguishable from a lost wake-up.</li>
 *   <li>{@link #aTinyPoolRunsEveryJobItAccepts}: a real pool, its worker threads and a BLOCK
 *       submitter, under Lincheck's general-purpose model checker ({@code runConcurrentTest}).</li>
 * </ul>
 * In the model, an operation that would wait returns {@link Model#WOULD_WAIT}, which the queue never
 * returns: so a waiting operation can only be linearized at a point where it could proceed — where it
 * re-acquires the lock after its wake-up.
 *
 * <p>Lincheck 3.7 runs on Java 17 and on Java 25, so these checks run on both.
 */
class JobQueueLincheckTest {

    /**
     * Interleavings explored per scenario. The model checker tries interleavings with fewer thread
     * switches first, and a lost wake-up needs one or two; bounded so that this class takes about
     * 30 s on a loaded 2-core machine (each invocation re-runs the scenario under the checker's
     * instrumentation, about 10 ms here).
     */
    private static final int INVOCATIONS = 150;

    // ---------------------------------------------------------------- the sequential specification

    /**
     * The queue as a sequential object: a bounded FIFO of ids, handed out in acceptance order. Method
     * for method the same operations as the tests' classes; Lincheck pairs them by name and signature.
     */
    public static class Model {
        /** What an operation that would wait returns here; the real queue never returns it. */
        static final long WOULD_WAIT = Long.MIN_VALUE;
        static final long FULL = -1L;
        static final long SHUT_DOWN = -2L;

        private final ArrayDeque<Long> queued = new ArrayDeque<>();
        private int capacity = 2;
        private long lastId;
        private boolean closed;
        private int retireRequests;

        public long offer() {
            if (closed) {
                return SHUT_DOWN;
            }
            if (queued.size() >= capacity) {
                return FULL;
            }
            queued.add(++lastId);
            return lastId;
        }

        public long offerWaiting() {
            if (closed) {
                return SHUT_DOWN;
            }
            if (queued.size() >= capacity) {
                return WOULD_WAIT;
            }
            queued.add(++lastId);
            return lastId;
        }

        public long tryTake() {
            Long id = queued.poll();
            return id == null ? 0L : id;
        }

        /** A worker's take: 0 when it is told to exit (retired, or closed and drained). */
        public long take() {
            if (retireRequests > 0 || (closed && queued.isEmpty())) {
                if (retireRequests > 0) {
                    retireRequests--;
                }
                return 0L;
            }
            Long id = queued.poll();
            return id == null ? WOULD_WAIT : id;
        }

        public int depth() {
            return queued.size();
        }

        public void setCapacity(int newCapacity) {
            capacity = newCapacity;
        }

        public void close() {
            closed = true;
        }

        public void retireOne() {
            retireRequests++;
        }

        /** Cancels the job with id 1 if it is still queued; false if it was taken (or never accepted). */
        public boolean cancelFirst() {
            return queued.remove(1L);
        }
    }

    // ---------------------------------------------------------------- the queue under test

    /** A fresh queue of capacity 2 for every invocation, with the operations the two families share. */
    public abstract static class QueueUnderTest {
        final JobQueue queue = new JobQueue(2, new ResultStore(0, java.time.Duration.ZERO));

        static long idOf(JobQueue.Admission admission, PoolJob<?> job) {
            switch (admission) {
                case ACCEPTED:
                    return job.id();
                case FULL:
                    return Model.FULL;
                default:
                    return Model.SHUT_DOWN;
            }
        }

        static PoolJob<Object> newJob() {
            return PoolJob.of(null, () -> null);
        }

        /** A worker for the calling thread; its job, once taken, is its {@code current}. */
        Worker newWorker() {
            Worker worker = new Worker(null, queue);
            worker.thread = Thread.currentThread();
            return worker;
        }
    }

    /** Operations that never wait: any generated scenario of them must terminate. */
    public static class NonBlocking extends QueueUnderTest {
        @Operation
        public long offer() {
            PoolJob<Object> job = newJob();
            return idOf(queue.offer(job, 0L), job);
        }

        @Operation
        public long tryTake() {
            PoolJob<?> job = queue.tryTake(newWorker());
            return job == null ? 0L : job.id();
        }

        @Operation
        public int depth() {
            return queue.depth();
        }

        @Operation
        public void setCapacity(@Param(gen = IntGen.class, conf = "1:3") int newCapacity) {
            queue.setCapacity(newCapacity);
        }

        @Operation
        public void close() {
            queue.close();
        }
    }

    /** Operations that wait (a worker's take, a BLOCK submitter's offer) and those that wake them. */
    public static class Blocking extends QueueUnderTest {
        {
            // The pool's other workers, alive but busy elsewhere: the queue never retires its last alive
            // worker, and the scenarios' takes are not registered, so a retirement needs these to count.
            queue.register(newWorker());
            queue.register(newWorker());
        }

        @Operation
        public long offer() {
            PoolJob<Object> job = newJob();
            return idOf(queue.offer(job, 0L), job);
        }

        @Operation
        public long offerWaiting() throws InterruptedException {
            PoolJob<Object> job = newJob();
            return idOf(queue.offerWaiting(job, Long.MAX_VALUE), job);
        }

        @Operation
        public long tryTake() {
            PoolJob<?> job = queue.tryTake(newWorker());
            return job == null ? 0L : job.id();
        }

        @Operation
        public long take() {
            PoolJob<?> job = queue.take(newWorker(), 0L);
            return job == null ? 0L : job.id();
        }

        @Operation
        public void setCapacity(@Param(gen = IntGen.class, conf = "1:2") int newCapacity) {
            queue.setCapacity(newCapacity);
        }

        @Operation
        public void close() {
            queue.close();
        }

        @Operation
        public void retireOne() {
            queue.requestRetirement(1);
        }

        /**
         * A caller cancelling the job with id 1 while it is queued, by the canceller's own path: its
         * claim ({@code QUEUED} to {@code CANCELLING}) with no lock, then {@link JobQueue#finishedElsewhere},
         * which tombstones it with both locks held — racing the workers' takes, which pass over it.
         */
        @Operation
        public boolean cancelFirst() {
            PoolJob<?> job = queue.findLive(1L);
            if (job == null || !job.beginCancelWhileQueued()) {
                return false;
            }
            queue.finishedElsewhere(job, PoolJob.CANCELLED);
            return true;
        }
    }

    // ---------------------------------------------------------------- the checks

    @Test
    void nonWaitingOperationsAreLinearizableAgainstABoundedFifo() {
        ModelCheckingOptions options = new ModelCheckingOptions()
                .iterations(8)
                .invocationsPerIteration(INVOCATIONS)
                .threads(3)
                .actorsPerThread(2)
                .actorsBefore(2)
                .actorsAfter(1)
                .sequentialSpecification(Model.class);
        LinChecker.check(NonBlocking.class, options);
    }

    /**
     * Each scenario has waiters that must all be woken: a lost wake-up is a hang, which the model
     * checker reports as a deadlock with the interleaving that caused it.
     */
    @Test
    void everyWaitingWorkerAndSubmitterIsWoken() {
        ModelCheckingOptions options = new ModelCheckingOptions()
                .iterations(0)
                .invocationsPerIteration(INVOCATIONS)
                .sequentialSpecification(Model.class);
        for (ExecutionScenario scenario : blockingScenarios()) {
            options.addCustomScenario(scenario);
        }
        LinChecker.check(Blocking.class, options);
    }

    /**
     * The same protocol end to end, on a real pool: two worker threads started by the pool, a queue of
     * one, the BLOCK policy, three jobs, and the submitting thread waiting for each result. The model
     * checker controls the pool's own threads too (it follows thread starts), so a wake-up lost
     * anywhere between submitter, workers and waiters hangs the invocation, which it reports.
     */
    @Test
    void aTinyPoolRunsEveryJobItAccepts() {
        Lincheck.runConcurrentTest(INVOCATIONS / 2, () -> {
            // A block timeout that saturates to Long.MAX_VALUE nanoseconds: the model checker lets a
            // finite timed wait time out at any point, and a submitter that times out and re-checks
            // would hide a lost wake-up on notFull (with ofDays(1), a take that skips that signal passes).
            ThreadPool pool = ThreadPool.builder().workers(2).queueCapacity(1)
                    .rejectionPolicy(RejectionPolicy.BLOCK).blockTimeout(Duration.ofSeconds(Long.MAX_VALUE)).build();
            try {
                Job<Integer> a = pool.submit(() -> 1);
                Job<Integer> b = pool.submit(() -> 2);
                Job<Integer> c = pool.submit(() -> 4);
                // Plain checks: Lincheck 3.7 calls equals() on objects the lambda touches, which AssertJ's asserts refuse.
                int sum = a.get() + b.get() + c.get();
                if (sum != 7) {
                    throw new AssertionError("the jobs' values add up to " + sum + ", not 7");
                }
                pool.shutdownNow();
                if (!pool.awaitTermination(1, TimeUnit.DAYS)) {
                    throw new AssertionError("the pool did not terminate");
                }
            } catch (InterruptedException | ExecutionException e) {
                throw new AssertionError(e);
            }
        });
    }

    /** The scenarios of {@link #everyWaitingWorkerAndSubmitterIsWoken}: what each one catches, above it. */
    static List<ExecutionScenario> blockingScenarios() {
        return List.of(
                // Two idle workers, two jobs: the second job must reach the second worker, whether by
                // the submitter's signal or by the first worker handing the signal on.
                parallel(List.of(op("offer"), op("offer")), List.of(op("take")), List.of(op("take"))),
                // One worker, then a second job while it runs the first: it must not wait for ever.
                parallel(List.of(op("offer"), op("offer")), List.of(op("take"), op("take"))),
                // Capacity 1, a BLOCK submitter with two jobs: only a take makes room, and it must
                // wake the submitter; each take must be woken by an offer.
                scenario(List.of(op("setCapacity", 1)),
                        List.of(List.of(op("offerWaiting"), op("offerWaiting")), List.of(op("take"), op("take")))),
                // Capacity 1 and full; the submitter waits for room that a non-worker take makes.
                scenario(List.of(op("setCapacity", 1), op("offer")),
                        List.of(List.of(op("offerWaiting")), List.of(op("tryTake")))),
                // A raised capacity wakes a BLOCK submitter.
                scenario(List.of(op("setCapacity", 1), op("offer")),
                        List.of(List.of(op("offerWaiting")), List.of(op("setCapacity", 2)))),
                // Close wakes an idle worker (which exits: 0) and a waiting submitter (refused: SHUT_DOWN).
                scenario(List.of(op("setCapacity", 1), op("offer"), op("tryTake"), op("offer")),
                        List.of(List.of(op("offerWaiting")), List.of(op("close")))),
                parallel(List.of(op("take")), List.of(op("take")), List.of(op("offer"), op("close"))),
                // A retirement wakes an idle worker; the other one still gets the job.
                parallel(List.of(op("take")), List.of(op("take")), List.of(op("retireOne"), op("offer"))),
                // Two locks: the room a cancellation makes (a tombstone, both locks held) must wake a
                // BLOCK submitter waiting on the put lock's condition.
                scenario(List.of(op("setCapacity", 1), op("offer")),
                        List.of(List.of(op("offerWaiting")), List.of(op("cancelFirst")))),
                // Two locks: a take racing a cancellation of the job at the head. The take must pass over
                // a job whose canceller won (and get id 2), or win the claim so the cancel fails; never
                // both, never neither.
                // Afterwards exactly the other job is left to take.
                new ExecutionScenario(List.of(op("offer"), op("offer")),
                        List.of(List.of(op("cancelFirst")), List.of(op("take"))), List.of(op("tryTake"), op("tryTake")), null),
                // Two locks: a BLOCK submitter, a worker taking from the other end, and a capacity change
                // on the put side, all at once: the submitter must be woken by the take or the raise.
                scenario(List.of(op("setCapacity", 1), op("offer")),
                        List.of(List.of(op("offerWaiting")), List.of(op("take"), op("take")),
                                List.of(op("setCapacity", 2)))),
                // Two locks: close (both locks) racing a submitter (put lock) and an idle worker (take
                // lock): the worker drains what was accepted, then exits (0); the submitter is refused
                // or its job is taken.
                scenario(List.of(op("setCapacity", 1)),
                        List.of(List.of(op("offerWaiting")), List.of(op("take"), op("take")), List.of(op("close")))));
    }

    private static ExecutionScenario parallel(List<Actor>... threads) {
        return scenario(List.of(), Arrays.asList(threads));
    }

    /** A hand-written scenario: {@code before} on one thread, then each list of {@code threads} on its own. */
    static ExecutionScenario scenario(List<Actor> before, List<List<Actor>> threads) {
        return new ExecutionScenario(before, threads, List.of(), null);
    }

    /** The operation {@code name} of the class {@code operations}, with {@code args}. */
    static Actor actor(Class<?> operations, String name, Object... args) {
        for (Method method : operations.getMethods()) {
            if (method.getName().equals(name) && method.getParameterCount() == args.length) {
                return new Actor(method, Arrays.asList(args), false, false, false, false, false); // not suspending, not blocking
            }
        }
        throw new IllegalArgumentException(name);
    }

    private static Actor op(String name, Object... args) {
        return actor(Blocking.class, name, args);
    }

    @Test
    void theModelIsNotVacuous() {
        // The specification must be able to tell a wrong result from a right one: a waiting operation
        // is never linearizable where it would wait, and ids come in acceptance order.
        Model model = new Model();
        assertThat(model.take()).isEqualTo(Model.WOULD_WAIT);
        assertThat(model.offer()).isEqualTo(1L);
        assertThat(model.offer()).isEqualTo(2L);
        assertThat(model.offer()).isEqualTo(Model.FULL);
        assertThat(model.offerWaiting()).isEqualTo(Model.WOULD_WAIT);
        assertThat(model.take()).isEqualTo(1L);
        model.close();
        assertThat(model.offer()).isEqualTo(Model.SHUT_DOWN);
        assertThat(model.take()).isEqualTo(2L);
        assertThat(model.take()).isEqualTo(0L);
    }
}
