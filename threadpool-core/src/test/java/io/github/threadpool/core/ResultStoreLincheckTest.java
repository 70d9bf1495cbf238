package io.github.threadpool.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jetbrains.kotlinx.lincheck.Actor;
import org.jetbrains.kotlinx.lincheck.LinChecker;
import org.jetbrains.kotlinx.lincheck.LinCheckerKt;
import org.jetbrains.kotlinx.lincheck.annotations.Operation;
import org.jetbrains.kotlinx.lincheck.annotations.Param;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.jetbrains.kotlinx.lincheck.paramgen.IntGen;
import org.jetbrains.kotlinx.lincheck.strategy.IncorrectResultsFailure;
import org.jetbrains.kotlinx.lincheck.strategy.LincheckFailure;
import org.jetbrains.kotlinx.lincheck.strategy.managed.modelchecking.ModelCheckingOptions;
import org.junit.jupiter.api.Test;

/**
 * Model checks {@link ResultStore} with Lincheck (issue #9): what of it is linearizable, and the two
 * relaxations its class comment documents, pinned so that they cannot widen unnoticed.
 *
 * <p>A recording passes three points, in this order: it draws its sequence ({@code tail}), lands in
 * its ring slot, and enters the index by id. Each reader looks at one of them: {@link ResultStore#retained()}
 * and the window's low bound at the first, {@link ResultStore#recent(int)} and the queue view at the
 * second, {@link ResultStore#get(long)} at the third. So the store as a whole is not linearizable
 * against a sequential store ({@link Model}) in which a recording is one step; what is:
 * <ul>
 *   <li>{@code record} with {@code get}, while nothing is evicted: {@code get} sees a result from the
 *       moment its index entry is in, and the entry stays valid ({@link #getIsLinearizableWhileNothingIsEvicted}).</li>
 *   <li>Any single thread's view of its own recordings: a {@code get} after its own {@code record}
 *       finds it (part of the same check).</li>
 * </ul>
 * And what is not, exactly as documented, each shown by the model checker with the interleaving:
 * <ul>
 *   <li>"a thread that recorded a result can poll and get nothing": the queue view stops at an
 *       earlier sequence still landing ({@link #aThreadCanPollNothingAfterRecording}).</li>
 *   <li>"a record still landing counts toward the window": {@code retained()} counts it before
 *       {@code recent} can see it ({@link #aRecordStillLandingCountsTowardTheWindow}), and it evicts
 *       the oldest result from {@code recent} before it is itself visible
 *       ({@link #aConcurrentRecordCanHideTheOldestResultFromRecent}).</li>
 * </ul>
 * Two threads and {@code maxRetained} 2 for the relaxations, as in the issue.
 *
 * <p>Lincheck 2.39 transforms classes up to class-file version 65 (Java 21); on a newer JDK these
 * tests are skipped.
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
     * keeps in one thread, so the "recorded already" flag needs no synchronisation of its own.
     */
    public abstract static class StoreUnderTest {
        final ResultStore store;
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
            store.record(job);
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

    /** Every reader, {@code maxRetained} 2: for the scenarios that show the documented relaxations. */
    public static class AllReaders extends StoreUnderTest {
        public AllReaders() {
            super(2);
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

    // ---------------------------------------------------------------- the checks

    @Test
    void getIsLinearizableWhileNothingIsEvicted() {
        JobQueueLincheckTest.assumeLincheckSupportsThisJdk();
        ModelCheckingOptions options = new ModelCheckingOptions()
                .iterations(8)
                .invocationsPerIteration(INVOCATIONS)
                .threads(2)
                .actorsPerThread(3)
                .actorsBefore(1)
                .actorsAfter(1)
                .sequentialSpecification(ModelOf4.class)
                .requireStateEquivalenceImplCheck(false);
        LinChecker.check(RecordAndGet.class, options);
    }

    /** Sequentially, the store is exactly the model: so a failure below is concurrency, not a wrong model. */
    @Test
    void theModelAgreesWithTheStoreSequentially() {
        AllReaders store = new AllReaders();
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
     * Documented: "a poll concurrent with recording may return empty although a later result has
     * landed — even one the polling thread recorded itself". Thread 1 records A; thread 2 records B
     * and polls. When A has drawn its sequence but not landed, B lands behind it, and the poll stops
     * at A: it returns nothing, which no order of the three operations explains.
     */
    @Test
    void aThreadCanPollNothingAfterRecording() {
        JobQueueLincheckTest.assumeLincheckSupportsThisJdk();
        LincheckFailure failure = expectedViolation(scenario(List.of(),
                List.of(List.of(op("recordA")), List.of(op("recordB"), op("poll")))));
        assertThat(failure.toString()).contains("poll(): 0");
    }

    /**
     * Documented: "Counts ({@code retained()}) include results still landing". Thread 1 records B
     * while thread 2 asks how many are retained, then for the two most recent: when B has drawn its
     * sequence but not landed, the count is 2 and the list is [A] alone, which no order explains
     * (before B: 1 and [A]; after: 2 and [B, A]).
     */
    @Test
    void aRecordStillLandingCountsTowardTheWindow() {
        JobQueueLincheckTest.assumeLincheckSupportsThisJdk();
        LincheckFailure failure = expectedViolation(scenario(List.of(op("recordA")),
                List.of(List.of(op("recordB")), List.of(op("retained"), op("recent", 2)))));
        assertThat(failure.toString()).contains("retained(): 2").contains("recent(2): [1]");
    }

    /**
     * Documented: the window is {@code [tail - maxRetained, tail)}, so a result still landing has
     * already evicted the oldest, and "a result evicted while a reader looks at it counts as
     * evicted". With A and B retained (maxRetained 2), thread 1 records C while thread 2 asks for the
     * two most recent, and can get B alone, which no order explains (before C: [B, A]; after: [C, B]).
     * The model checker finds it either way: C drawn but not landed (A is below the window, C not
     * yet in its slot), or C landed over A's slot between {@code recent}'s reading of the window and
     * its reading of that slot (A counted as evicted, C above the window it read).
     */
    @Test
    void aConcurrentRecordCanHideTheOldestResultFromRecent() {
        JobQueueLincheckTest.assumeLincheckSupportsThisJdk();
        LincheckFailure failure = expectedViolation(scenario(List.of(op("recordA"), op("recordB")),
                List.of(List.of(op("recordC")), List.of(op("recent", 2)))));
        assertThat(failure.toString()).contains("recent(2): [2]");
    }

    /**
     * Model-checks {@code scenario} against {@link ModelOf2}; asserts that the checker finds a
     * non-linearizable result (not a hang nor an exception), and returns it.
     */
    private static LincheckFailure expectedViolation(ExecutionScenario scenario) {
        ModelCheckingOptions options = new ModelCheckingOptions()
                .iterations(0)
                .invocationsPerIteration(INVOCATIONS)
                .addCustomScenario(scenario)
                .sequentialSpecification(ModelOf2.class)
                .requireStateEquivalenceImplCheck(false)
                .minimizeFailedScenario(false);
        LincheckFailure failure = LinCheckerKt.checkImpl(options, AllReaders.class);
        assertThat(failure).as("the documented relaxation, found by the model checker").isNotNull();
        assertThat(failure).as("%s", failure).isInstanceOf(IncorrectResultsFailure.class);
        return failure;
    }

    private static ExecutionScenario scenario(List<Actor> before, List<List<Actor>> threads) {
        return JobQueueLincheckTest.scenario(before, threads);
    }

    private static Actor op(String name, Object... args) {
        return JobQueueLincheckTest.actor(AllReaders.class, name, args);
    }
}
