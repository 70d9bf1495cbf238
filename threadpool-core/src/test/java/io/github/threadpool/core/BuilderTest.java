package io.github.threadpool.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BuilderTest {

    @Test
    void rejectsTooFewWorkersNamingTheSettingAndValue() {
        assertThatIllegalArgumentException().isThrownBy(() -> ThreadPool.builder().workers(0))
                .withMessage("workers must be between 1 and 32767 (the ceiling), was 0");
        assertThatIllegalArgumentException().isThrownBy(() -> ThreadPool.builder().workers(-3))
                .withMessage("workers must be between 1 and 32767 (the ceiling), was -3");
    }

    @Test
    void rejectsTooSmallQueueCapacity() {
        assertThatIllegalArgumentException().isThrownBy(() -> ThreadPool.builder().queueCapacity(0))
                .withMessage("queueCapacity must be at least 1, was 0");
    }

    @Test
    void rejectsBlankOrNullName() {
        assertThatIllegalArgumentException().isThrownBy(() -> ThreadPool.builder().name("  "))
                .withMessage("name must not be blank, was '  '");
        assertThatIllegalArgumentException().isThrownBy(() -> ThreadPool.builder().name(null))
                .withMessage("name must not be blank, was null");
    }

    @Test
    void rejectsNullPolicy() {
        assertThatIllegalArgumentException().isThrownBy(() -> ThreadPool.builder().rejectionPolicy(null))
                .withMessage("rejectionPolicy must be one of ABORT, CALLER_RUNS, BLOCK, was null");
    }

    @Test
    void rejectsNegativeDurations() {
        Duration negative = Duration.ofMillis(-1);
        assertThatIllegalArgumentException().isThrownBy(() -> ThreadPool.builder().blockTimeout(negative))
                .withMessage("blockTimeout must be zero or positive, was PT-0.001S");
        assertThatIllegalArgumentException().isThrownBy(() -> ThreadPool.builder().closeTimeout(negative))
                .withMessage("closeTimeout must be zero or positive, was PT-0.001S");
        assertThatIllegalArgumentException().isThrownBy(() -> ThreadPool.builder().resultTimeToLive(negative))
                .withMessage("resultTimeToLive must be positive, was PT-0.001S");
        assertThatIllegalArgumentException().isThrownBy(() -> ThreadPool.builder().resultTimeToLive(Duration.ZERO))
                .withMessage("resultTimeToLive must be positive, was PT0S");
    }

    @Test
    void rejectsOutOfRangeRetention() {
        assertThatIllegalArgumentException().isThrownBy(() -> ThreadPool.builder().maxRetainedResults(-1))
                .withMessage("maxRetainedResults must be between 0 and 1048576, was -1");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ThreadPool.builder().maxRetainedResults(ThreadPool.Builder.MAX_RETAINED_RESULTS_LIMIT + 1))
                .withMessageContaining("was 1048577");
    }

    @Test
    void rejectsNullHooks() {
        assertThatIllegalArgumentException().isThrownBy(() -> ThreadPool.builder().decorator(null))
                .withMessage("decorator must not be null");
        assertThatIllegalArgumentException().isThrownBy(() -> ThreadPool.builder().uncaughtExceptionHandler(null))
                .withMessage("uncaughtExceptionHandler must not be null");
    }

    @Test
    void aRejectedSettingLeavesTheBuilderAsItWas() {
        ThreadPool.Builder builder = ThreadPool.builder().name("kept").workers(3);
        assertThatIllegalArgumentException().isThrownBy(() -> builder.workers(0));
        try (ThreadPool pool = builder.build()) {
            assertThat(pool.snapshot().workers().configured()).isEqualTo(3);
            assertThat(pool.name()).isEqualTo("kept");
        }
    }

    @Test
    void defaultsSuitAGeneralPurposePool() {
        try (ThreadPool pool = ThreadPool.builder().build()) {
            PoolSnapshot snapshot = pool.snapshot();
            assertThat(snapshot.name()).isEqualTo("threadpool");
            assertThat(snapshot.workers().configured()).isEqualTo(Runtime.getRuntime().availableProcessors());
            assertThat(snapshot.queue().capacity()).isEqualTo(1024);
            assertThat(snapshot.queue().unbounded()).isFalse();
            assertThat(snapshot.rejectionPolicy()).isEqualTo(RejectionPolicy.ABORT);
            assertThat(snapshot.results().maxRetained()).isEqualTo(1024);
            assertThat(snapshot.results().timeToLive()).isEqualTo(Duration.ofMinutes(10));
        }
    }

    @Test
    void unboundedOnlyWhenAskedFor() {
        try (ThreadPool pool = ThreadPool.builder().unboundedQueue().workers(1).build()) {
            assertThat(pool.snapshot().queue().unbounded()).isTrue();
        }
    }
}
