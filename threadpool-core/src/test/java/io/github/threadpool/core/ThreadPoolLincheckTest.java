package io.github.threadpool.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jetbrains.kotlinx.lincheck.LinChecker;
import org.jetbrains.kotlinx.lincheck.LinCheckerKt;
import org.jetbrains.kotlinx.lincheck.strategy.IncorrectResultsFailure;
import org.jetbrains.kotlinx.lincheck.strategy.LincheckFailure;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.junit.jupiter.api.Test;

/**
 * Model checks the public API of a small pool with Lincheck: {@code submit}, {@code cancel} by id,
 * {@code run()} of a job found by id, and {@code results().get} by id, from three threads, are
 * linearizable against {@link Model}, a map of ids to statuses.
 *
 * <p>The pool's one worker thread never takes a job (its thread factory hands the pool a thread that
 * does nothing), so every job runs only where the scenario runs it, through {@code run()}: the
 * outcome of each interleaving is then a function of the operations alone, which a sequential
 * specification can state. What is checked is the machinery every job goes through whoever runs
 * it — ids handed out in acceptance order, the claim a runner and a canceller race for, the recording
 * of the result before the job counts as finished, and the live index and the store answering by id.
 */
class ThreadPoolLincheckTest {

    /** Interleavings explored per scenario; bounded so that this class takes about 30 s on a loaded 2-core machine. */
    private static final int INVOCATIONS = 100;

    /** The pool as the operations see it: a fresh one per invocation. */
    public static class SmallPool {
        private final ThreadPool pool = ThreadPool.builder().name("modelled").workers(1)
                .threadFactory(worker -> new Thread(() -> { }, "idle")).build();

        @Operation
        public long submit() {
            return pool.submit(() -> "value").id();
        }

        @Operation
        public boolean cancel(@Param(gen = IntGen.class, conf = "1:3") int id) {
            return pool.cancel(id, false);
        }

        /** Runs the job with this id in the calling thread, if it is still queued (else does nothing). */
        @Operation
        public void run(@Param(gen = IntGen.class, conf = "1:3") int id) {
            Optional<JobResult> job = pool.findJob(id);
            job.ifPresent(found -> ((Runnable) found).run());
        }

        @Operation
        public String get(@Param(gen = IntGen.class, conf = "1:3") int id) {
            return pool.results().get(id).map(result -> result.status() + "=" + result.value()).orElse("none");
        }
    }

    /** The sequential specification: ids in submission order, each QUEUED until run (SUCCEEDED) or cancelled. */
    public static class Model {
        private final Map<Integer, JobStatus> jobs = new HashMap<>();

        public long submit() {
            int id = jobs.size() + 1;
            jobs.put(id, JobStatus.QUEUED);
            return id;
        }

        public boolean cancel(int id) {
            if (jobs.get(id) != JobStatus.QUEUED) {
                return false;
            }
            jobs.put(id, JobStatus.CANCELLED);
            return true;
        }

        public void run(int id) {
            if (jobs.get(id) == JobStatus.QUEUED) {
                jobs.put(id, JobStatus.SUCCEEDED);
            }
        }

        public String get(int id) {
            JobStatus status = jobs.get(id);
            if (status == null || status == JobStatus.QUEUED) {
                return "none";
            }
            return status + "=" + (status == JobStatus.SUCCEEDED ? "value" : "null");
        }
    }

    /** A specification that is wrong in one place: a job run to the end is retained as CANCELLED. */
    public static class WrongModel extends Model {
        @Override
        public String get(int id) {
            String right = super.get(id);
            return right.startsWith("SUCCEEDED") ? "CANCELLED=null" : right;
        }
    }

    @Test
    void theCheckIsNotVacuousItRejectsAWrongSpecification() {
        ModelCheckingOptions options = new ModelCheckingOptions()
                .iterations(0)
                .invocationsPerIteration(10)
                .addCustomScenario(JobQueueLincheckTest.scenario(
                        List.of(op("submit"), op("run", 1)), List.of(List.of(op("get", 1)), List.of(op("get", 1)))))
                .sequentialSpecification(WrongModel.class)
                .minimizeFailedScenario(false);
        LincheckFailure failure = LinCheckerKt.checkImpl(options, SmallPool.class);
        assertThat(failure).isInstanceOf(IncorrectResultsFailure.class);
    }

    private static org.jetbrains.kotlinx.lincheck.Actor op(String name, Object... args) {
        return JobQueueLincheckTest.actor(SmallPool.class, name, args);
    }

    @Test
    void submitCancelRunAndGetByIdAreLinearizable() {
        ModelCheckingOptions options = new ModelCheckingOptions()
                .iterations(6)
                .invocationsPerIteration(INVOCATIONS)
                .threads(3)
                .actorsPerThread(2)
                .actorsBefore(2)
                .actorsAfter(1)
                .sequentialSpecification(Model.class);
        LinChecker.check(SmallPool.class, options);
    }
}
