package io.github.threadpool.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jetbrains.kotlinx.lincheck.Actor;
import org.jetbrains.kotlinx.lincheck.LinChecker;
import org.jetbrains.kotlinx.lincheck.LinCheckerKt;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.kotlinx.lincheck.strategy.IncorrectResultsFailure;
import org.jetbrains.kotlinx.lincheck.strategy.LincheckFailure;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.junit.jupiter.api.Test;

/**
 * Model checks {@link ResultStore} with Lincheck (issues #9 and #12): what of it is linearizable, and
 * the one relaxation its class comment documents, pinned so that it cannot widen unnoticed.
 *
 * <p>Recorders are serialised by their caller (the pool's queue lock; a lock here), and a recording
 * becomes visible in one step, the volatile store of {@code tail} that publishes it. So, against a
 * sequential store ({@link Model}) in which a recording is one step:
 * <ul>
 *   <li>While nothing is evicted, every reader — {@code get}, {@code recent}, {@code poll},
 *       {@code retained} — is linearizable with {@code record}
 *       ({@link #everyReaderIsLinearizableWhileNothingIsEvicted}); in particular a thread that
 *       recorded a result finds it, and polls it, at once.</li>
 *   <li>What is not, as documented: "a result evicted while a reader looks at it counts as evicted".
 *       A recording overwrites the slot of the result it evicts before it publishes itself, so a
 *       reader can see the evicted result gone and its successor not yet there
 *       ({@link #aConcurrentRecordCanHideTheOldestResultFromRecent}).</li>
 * </ul>
 * Until #12 a recording drew its sequence, landed in its slot and entered the index as three separate
 * steps, with no lock; a poll could then return nothing after the polling thread's own recording, and
 * {@code retained()} counted a result {@code recent} could not see yet. Both are gone, and the check
 * above would fail if either came back.
 *
 * <p>Lincheck 3.7 runs on Java 17 and on Java 25, so these checks run on both.
 */
class ResultStoreLincheckTest {

    /** Interleavings explored per scenario; bounded so that this class takes about 20 s on a loaded 2-core machine. */
    private static final int INVOCATIONS = 150;

    // ---------------------------------------------------------------- the sequential specification

    /**
     * The store as a sequential object: results in recording order, the newest {@code maxRetained}
     * retained, a consumer cursor for the queue view. Jobs A, B and C have ids 1, 2 and 3; each is
     * recorded at most once (a repeated {@code recordX} does nothing, in the store as here).
     */
    public abstract static class Model {
        private final int maxRetained;
        private final List<Long> recorded = new ArrayList<>();
        private int consumed;

        Model(int maxRetained) {
            this.maxRetained = maxRetained;
        }

        private void record(long id) {
            if (!recorded.contains(id)) {
                recorded.add(id);
            }
        }

        public void recordA() {
            record(1);
        }

        public void recordB() {
            record(2);
        }

        public void recordC() {
            record(3);
        }

        private int low() {
            return Math.max(0, recorded.size() - maxRetained);
        }

        public boolean get(int id) {
            int at = recorded.indexOf((long) id);
            return at >= low();
        }

        public List<Long> recent(int max) {
            List<Long> newest = new ArrayList<>();
            for (int i = recorded.size() - 1; i >= low() && newest.size() < max; i--) {
                newest.add(recorded.get(i));
            }
            return newest;
        }

        public long poll() {
            consumed = Math.max(consumed, low());
            return consumed < recorded.size() ? recorded.get(consumed++) : 0L;
        }

        public int retained() {
            return recorded.size() - low();
        }
    }

    public static class ModelOf4 extends Model {
        public ModelOf4() {
            super(4);
        }
    }

    public static class ModelOf2 extends Model {
        public ModelOf2() {
            super(2);
        }
    }

    // ---------------------------------------------------------------- the store under test

    /**
     * A fresh store for every invocation. Each {@code recordX} is in a group of its own, which Lincheck
     * keeps in one thread, so the "recorded already" flag needs no synchronisation of its own; the
     * recordings themselves are serialised by {@link #recorders}, as the pool's queue lock serialises
     * them.
     */
    public abstract static class StoreUnderTest {
        final ResultStore store;
        private final Object recorders = new Object();
        private boolean recordedA;
        private boolean recordedB;
        private boolean recordedC;

        StoreUnderTest(int maxRetained) {
            store = new ResultStore(maxRetained, Duration.ofDays(365));
        }

        private void record(long id) {
            PoolJob<Object> job = PoolJob.of(null, () -> null);
            job.id = id;
            job.submittedNanos = System.nanoTime(); // finished as submitted: young, never evicted by age
            synchronized (recorders) {
                store.record(job);
            }
        }

        @Operation(nonParallelGroup = "A")
        public void recordA() {
            if (!recordedA) {
                recordedA = true;
                record(1);
            }
        }

        @Operation(nonParallelGroup = "B")
        public void recordB() {
            if (!recordedB) {
                recordedB = true;
                record(2);
            }
        }

        @Operation(nonParallelGroup = "C")
        public void recordC() {
            if (!recordedC) {
                recordedC = true;
                record(3);
            }
        }

        @Operation
        public boolean get(@Param(gen = IntGen.class, conf = "1:3") int id) {
            return store.get(id).isPresent();
        }
    }

    /** {@code record} and {@code get} only, with room for every result: linearizable. */
    public static class RecordAndGet extends StoreUnderTest {
        public RecordAndGet() {
            super(4);
        }
    }

    /** Every reader. */
    public abstract static class AllReaders extends StoreUnderTest {
        AllReaders(int maxRetained) {
            super(maxRetained);
        }

        @Operation
        public List<Long> recent(@Param(gen = IntGen.class, conf = "1:2") int max) {
            List<Long> ids = new ArrayList<>();
            for (JobResult result : store.recent(max)) {
                ids.add(result.id());
            }
            return ids;
        }

        @Operation
        public long poll() {
            return store.poll().map(JobResult::id).orElse(0L);
        }

        @Operation
        public int retained() {
            return store.retained();
        }
    }

    /** Every reader, with room for every result. */
    public static class AllReadersOf4 extends AllReaders {
        public AllReadersOf4() {
            super(4);
        }
    }

    /** Every reader, {@code maxRetained} 2: for the scenario that shows the documented relaxation. */
    public static class AllReadersOf2 extends AllReaders {
        public AllReadersOf2() {
            super(2);
        }
    }

    // ---------------------------------------------------------------- the checks

    @Test
    void getIsLinearizableWhileNothingIsEvicted() {
        checkGeneratedScenariosWithRoomForEveryResult(RecordAndGet.class);
    }

    @Test
    void everyReaderIsLinearizableWhileNothingIsEvicted() {
        checkGeneratedScenariosWithRoomForEveryResult(AllReadersOf4.class);
    }

    /** Model-checks generated scenarios of {@code store}'s operations (two threads) against {@link ModelOf4}. */
    private static void checkGeneratedScenariosWithRoomForEveryResult(Class<? extends StoreUnderTest> store) {
        ModelCheckingOptions options = new ModelCheckingOptions()
                .iterations(8)
                .invocationsPerIteration(INVOCATIONS)
                .threads(2)
                .actorsPerThread(3)
                .actorsBefore(1)
                .actorsAfter(1)
                .sequentialSpecification(ModelOf4.class);
        LinChecker.check(store, options);
    }

    /** The two relaxations #12 removed, as the scenarios that used to show them: each is now linearizable. */
    @Test
    void aThreadPollsItsOwnRecordingAndCountsMatchWhatReadersSee() {
        assertThat(check(scenario(List.of(),
                List.of(List.of(op("recordA")), List.of(op("recordB"), op("poll")))))).isNull();
        assertThat(check(scenario(List.of(op("recordA")),
                List.of(List.of(op("recordB")), List.of(op("retained"), op("recent", 2)))))).isNull();
    }

    /** Sequentially, the store is exactly the model: so a failure below is concurrency, not a wrong model. */
    @Test
    void theModelAgreesWithTheStoreSequentially() {
        AllReaders store = new AllReadersOf2();
        ModelOf2 model = new ModelOf2();
        assertThat(store.poll()).isEqualTo(model.poll()).isEqualTo(0L);
        store.recordA();
        model.recordA();
        assertThat(store.retained()).isEqualTo(model.retained()).isEqualTo(1);
        store.recordB();
        model.recordB();
        assertThat(store.poll()).isEqualTo(model.poll()).isEqualTo(1L);
        store.recordC();
        model.recordC();
        store.recordC();
        model.recordC();
        for (int id = 1; id <= 3; id++) {
            assertThat(store.get(id)).as("get(%d)", id).isEqualTo(model.get(id)).isEqualTo(id > 1);
        }
        assertThat(store.recent(2)).isEqualTo(model.recent(2)).containsExactly(3L, 2L);
        assertThat(store.retained()).isEqualTo(model.retained()).isEqualTo(2);
        assertThat(store.poll()).isEqualTo(model.poll()).isEqualTo(2L);
        assertThat(store.poll()).isEqualTo(model.poll()).isEqualTo(3L);
        assertThat(store.poll()).isEqualTo(model.poll()).isEqualTo(0L);
    }

    /**
     * Documented: the window is {@code [tail - maxRetained, tail)}, so a result still landing has
     * already evicted the oldest, and "a result evicted while a reader looks at it counts as
     * evicted". With A and B retained (maxRetained 2), thread 1 records C while thread 2 asks for the
     * two most recent, and can get B alone, which no order explains (before C: [B, A]; after: [C, B]):
     * C lands over A's slot between {@code recent}'s reading of the window and its reading of that
     * slot (A counted as evicted, C above the window it read).
     */
    @Test
    void aConcurrentRecordCanHideTheOldestResultFromRecent() {
        LincheckFailure failure = expectedViolation(scenario(List.of(op("recordA"), op("recordB")),
                List.of(List.of(op("recordC")), List.of(op("recent", 2)))));
        assertThat(failure.toString()).contains("recent(2): [2]");
    }

    /**
     * With A and B retained (maxRetained 2), thread 1 records C — over A's slot — while thread 2 polls:
     * the poll returns A (before C) or B (after C), never nothing, though it may find A's slot being
     * rewritten; a slot below the recorded tail that no longer holds its result was evicted, and the
     * consumer moves past it to the next.
     */
    @Test
    void aPollRacingARecordThatEvictsStillReturnsAResult() {
        LincheckFailure failure = check(scenario(List.of(op("recordA"), op("recordB")),
                List.of(List.of(op("recordC")), List.of(op("poll")))));
        assertThat(failure).as("%s", failure).isNull();
    }

    /**
     * Model-checks {@code scenario} against {@link ModelOf2}; asserts that the checker finds a
     * non-linearizable result (not a hang nor an exception), and returns it.
     */
    private static LincheckFailure expectedViolation(ExecutionScenario scenario) {
        LincheckFailure failure = check(scenario);
        assertThat(failure).as("the documented relaxation, found by the model checker").isNotNull();
        assertThat(failure).as("%s", failure).isInstanceOf(IncorrectResultsFailure.class);
        return failure;
    }

    /** Model-checks {@code scenario} on a store of {@code maxRetained} 2 against {@link ModelOf2}; null if linearizable. */
    private static LincheckFailure check(ExecutionScenario scenario) {
        ModelCheckingOptions options = new ModelCheckingOptions()
                .iterations(0)
                .invocationsPerIteration(INVOCATIONS)
                .addCustomScenario(scenario)
                .sequentialSpecification(ModelOf2.class)
                .minimizeFailedScenario(false);
        return LinCheckerKt.checkImpl(options, AllReadersOf2.class);
    }

    private static ExecutionScenario scenario(List<Actor> before, List<List<Actor>> threads) {
        return JobQueueLincheckTest.scenario(before, threads);
    }

    private static Actor op(String name, Object... args) {
        return JobQueueLincheckTest.actor(AllReadersOf2.class, name, args);
    }
}
