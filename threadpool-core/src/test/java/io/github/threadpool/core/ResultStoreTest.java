package io.github.threadpool.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ResultStoreTest {

    private ThreadPool pool;
    private final Gate gate = new Gate();

    @AfterEach
    void tearDown() {
        gate.open();
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    private static <T> T get(Job<T> job) throws Exception {
        return job.get(Gate.WAIT_SECONDS, TimeUnit.SECONDS);
    }

    @Test
    void recordsEveryOutcomeByIdWithTimingsAndWorker() throws Exception {
        pool = ThreadPool.builder().name("store").workers(1).build();
        Instant before = Instant.now();
        Job<String> ok = pool.submit(() -> "value");
        Job<Object> bad = pool.submit(() -> {
            throw new IllegalStateException("nope");
        });
        get(ok);
        await().atMost(Gate.WAIT_SECONDS, TimeUnit.SECONDS).until(bad::isDone);

        JobResult success = pool.results().get(ok.id()).orElseThrow();
        assertThat(success.status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(success.value()).isEqualTo("value");
        assertThat(success.error()).isNull();
        assertThat(success.workerName()).isEqualTo("store-worker-1");
        assertThat(success.submittedAt()).isAfterOrEqualTo(before.minusMillis(50));
        assertThat(success.startedAt()).isAfterOrEqualTo(success.submittedAt());
        assertThat(success.finishedAt()).isAfterOrEqualTo(success.startedAt());
        assertThat(success.queueWait()).isEqualTo(Duration.between(success.submittedAt(), success.startedAt()));
        assertThat(success.runTime()).isEqualTo(Duration.between(success.startedAt(), success.finishedAt()));

        JobResult failure = pool.results().get(bad.id()).orElseThrow();
        assertThat(failure.status()).isEqualTo(JobStatus.FAILED);
        assertThat(failure.value()).isNull();
        assertThat(failure.error()).isInstanceOf(IllegalStateException.class).hasMessage("nope");
    }

    @Test
    void aResultIsInTheStoreOnceGetReturns() throws Exception {
        pool = ThreadPool.builder().workers(2).build();
        for (int i = 0; i < 500; i++) {
            Job<Integer> job = pool.submit(() -> 42);
            get(job);
            assertThat(pool.results().get(job.id())).isPresent();
        }
    }

    @Test
    void findJobSeesQueuedRunningAndFinishedJobs() throws Exception {
        pool = ThreadPool.builder().workers(1).build();
        Job<String> running = pool.submit(gate.job("r"));
        gate.awaitStarted(1);
        Job<String> queued = pool.submit(() -> "q");
        assertThat(pool.findJob(running.id())).hasValueSatisfying(j -> {
            assertThat(j.status()).isEqualTo(JobStatus.RUNNING);
            assertThat(j.startedAt()).isNotNull();
            assertThat(j.finishedAt()).isNull();
        });
        assertThat(pool.findJob(queued.id())).hasValueSatisfying(j -> {
            assertThat(j.status()).isEqualTo(JobStatus.QUEUED);
            assertThat(j.startedAt()).isNull();
        });
        gate.open();
        get(queued);
        assertThat(pool.findJob(queued.id())).map(JobResult::value).hasValue("q");
        assertThat(pool.findJob(999)).isEmpty();
    }

    @Test
    void aCompletionListenerSeesEveryFinalOutcomeAndCannotBreakThePool() throws Exception {
        java.util.List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        pool = ThreadPool.builder().workers(1)
                .completionListener(r -> seen.add(r.id() + ":" + r.status()))
                .completionListener(r -> {
                    throw new IllegalStateException("listener bug");
                })
                .build();
        Job<String> ok = pool.submit(() -> "ok");
        assertThat(get(ok)).isEqualTo("ok");
        Job<String> running = pool.submit(gate.job("x"));
        gate.awaitStarted(1);
        Job<String> queued = pool.submit(() -> "never");
        queued.cancel(false);
        running.cancel(true);
        assertThat(seen).containsExactly("1:SUCCEEDED", "3:CANCELLED", "2:CANCELLED");
        assertThat(pool.submit(() -> "after").get(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("after");
    }

    @Test
    void unknownIdsAreEmpty() {
        pool = ThreadPool.builder().workers(1).build();
        assertThat(pool.results().get(12345)).isEmpty();
    }

    @Test
    void pollAndDrainHandOutResultsOnceInCompletionOrder() throws Exception {
        pool = ThreadPool.builder().workers(1).build();
        Job<?> first = pool.submit(() -> "a");
        Job<?> second = pool.submit(() -> "b");
        Job<?> third = pool.submit(() -> "c");
        get(third);

        assertThat(pool.results().poll()).map(JobResult::id).hasValue(first.id());
        assertThat(pool.results().drain(10)).extracting(JobResult::id).containsExactly(second.id(), third.id());
        assertThat(pool.results().poll()).isEmpty();
        assertThat(pool.results().drain(10)).isEmpty();
        // Consuming does not remove from the by-id view.
        assertThat(pool.results().get(first.id())).isPresent();
        assertThat(pool.results().recent(2)).extracting(JobResult::id).containsExactly(third.id(), second.id());
    }

    @Test
    void drainRespectsItsLimit() throws Exception {
        pool = ThreadPool.builder().workers(1).build();
        Job<?> last = null;
        for (int i = 0; i < 5; i++) {
            last = pool.submit(() -> "x");
        }
        get(last);
        assertThat(pool.results().drain(2)).hasSize(2);
        assertThat(pool.results().drain(10)).hasSize(3);
    }

    @Test
    void pollWithTimeoutWaitsForTheNextResult() throws Exception {
        pool = ThreadPool.builder().workers(1).build();
        CompletableFuture<Optional<JobResult>> consumer = CompletableFuture.supplyAsync(() -> {
            try {
                return pool.results().poll(Duration.ofMinutes(1));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Job<String> job = pool.submit(() -> "arrives");
        assertThat(consumer.get(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).map(JobResult::id).hasValue(job.id());
    }

    @Test
    void aResultLandingBetweenAConsumersLookAndItsWaitIsNotMissed() throws Exception {
        AtomicBoolean landed = new AtomicBoolean();
        pool = ThreadPool.builder().name("landing").workers(1).beforeConsumerWaits(() -> {
            if (landed.compareAndSet(false, true)) {
                try { // the consumer has looked and found nothing: a result lands now, before it waits
                    assertThat(pool.submit(() -> "landed").get(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("landed");
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            }
        }).build();
        ResultStore store = pool.results();
        CompletableFuture<Optional<JobResult>> polled = CompletableFuture.supplyAsync(() -> {
            try {
                return store.poll(Duration.ofDays(1)); // a missed wake-up would wait all day
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        });
        Optional<JobResult> result = polled.get(Gate.WAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(landed).isTrue();
        assertThat(result).get().extracting(JobResult::value).isEqualTo("landed");
    }

    @Test
    void pollDoesNotSleepWhileAResultIsConsumableHoweverManyLandedBetweenItsLookAndItsWait() throws Exception {
        // With more than maxRetained results recorded between the consumer's look and its announcement,
        // it looked at a reused slot, saw nothing and slept its whole timeout (poll(3s) took 3,000 ms).
        for (int maxRetained : new int[] {1, 3, 4}) {
            AtomicBoolean landed = new AtomicBoolean();
            ThreadPool[] holder = new ThreadPool[1];
            pool = ThreadPool.builder().name("many-landed").workers(1).maxRetainedResults(maxRetained)
                    .beforeConsumerWaits(() -> {
                        if (landed.compareAndSet(false, true)) {
                            try { // more results than retained land before the consumer waits
                                Job<String> last = null;
                                for (int i = 0; i <= maxRetained + 1; i++) {
                                    last = holder[0].submit(() -> "landed");
                                }
                                last.get(Gate.WAIT_SECONDS, TimeUnit.SECONDS);
                            } catch (Exception e) {
                                throw new AssertionError(e);
                            }
                        }
                    }).build();
            holder[0] = pool;
            CompletableFuture<Optional<JobResult>> polled = CompletableFuture.supplyAsync(() -> {
                try {
                    return pool.results().poll(Duration.ofDays(1));
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
            });
            assertThat(polled.get(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).as("maxRetained %d", maxRetained)
                    .get().extracting(JobResult::value).isEqualTo("landed");
            pool.shutdownNow();
        }
    }

    @Test
    void pollWithTimeoutReturnsEmptyWhenNothingArrives() throws Exception {
        pool = ThreadPool.builder().workers(1).build();
        assertThat(pool.results().poll(Duration.ofMillis(20))).isEmpty();
    }

    @Test
    void retentionIsBoundedByCountAndEvictionsAreCounted() throws Exception {
        pool = ThreadPool.builder().workers(1).maxRetainedResults(3).build();
        Job<?> last = null;
        for (int i = 0; i < 10; i++) {
            last = pool.submit(() -> "x");
        }
        get(last);
        await().atMost(Gate.WAIT_SECONDS, TimeUnit.SECONDS).until(() -> pool.results().retained() == 3);
        assertThat(pool.results().evicted()).isEqualTo(7);
        assertThat(pool.results().get(1)).isEmpty();
        assertThat(pool.results().get(10)).isPresent();
        // A consumer that fell behind resumes at the oldest retained result.
        assertThat(pool.results().drain(100)).extracting(JobResult::id).containsExactly(8L, 9L, 10L);
        assertThat(pool.snapshot().results()).satisfies(r -> {
            assertThat(r.retained()).isEqualTo(3);
            assertThat(r.evicted()).isEqualTo(7);
        });
    }

    @Test
    void retentionIsBoundedByAge() throws Exception {
        pool = ThreadPool.builder().workers(1).resultTimeToLive(Duration.ofMillis(30)).build();
        Job<String> job = pool.submit(() -> "short-lived");
        get(job);
        await().atMost(Gate.WAIT_SECONDS, TimeUnit.SECONDS).until(() -> pool.results().get(job.id()).isEmpty());
        assertThat(pool.results().evicted()).isEqualTo(1);
        assertThat(pool.results().retained()).isZero();
    }

    @Test
    void zeroRetentionRecordsNothingButFuturesStillWork() throws Exception {
        pool = ThreadPool.builder().workers(1).maxRetainedResults(0).build();
        Job<String> job = pool.submit(() -> "only in the future");
        assertThat(get(job)).isEqualTo("only in the future");
        assertThat(pool.results().get(job.id())).isEmpty();
        assertThat(pool.results().poll()).isEmpty();
        assertThat(pool.results().retained()).isZero();
        assertThat(pool.results().evicted()).isZero();
    }

    @Test
    void ringGrowsPastItsInitialSizeKeepingOrder() throws Exception {
        pool = ThreadPool.builder().workers(1).maxRetainedResults(100).build();
        Job<?> last = null;
        for (int i = 0; i < 150; i++) {
            last = pool.submit(() -> "x");
        }
        get(last);
        await().atMost(Gate.WAIT_SECONDS, TimeUnit.SECONDS).until(() -> pool.results().retained() == 100);
        List<JobResult> all = pool.results().drain(1000);
        assertThat(all).extracting(JobResult::id).startsWith(51L).endsWith(150L).isSorted().hasSize(100);
    }

    @Test
    void aLargeRingKeepsCompletionOrderAndFindsEveryRetainedResultAcrossWrapAround() throws Exception {
        // 300 retained results take a 512-slot ring, so the window wraps around it.
        pool = ThreadPool.builder().workers(1).queueCapacity(2000).maxRetainedResults(300).build();
        Job<?> last = null;
        for (int i = 0; i < 1300; i++) {
            last = pool.submit(() -> "x");
        }
        get(last);
        await().atMost(Gate.WAIT_SECONDS, TimeUnit.SECONDS).until(() -> pool.results().retained() == 300);
        assertThat(pool.results().evicted()).isEqualTo(1000);
        for (long id = 1001; id <= 1300; id++) {
            assertThat(pool.results().get(id)).as("result %d", id).map(JobResult::id).contains(id);
        }
        assertThat(pool.results().get(1000)).isEmpty();
        assertThat(pool.results().recent(3)).extracting(JobResult::id).containsExactly(1300L, 1299L, 1298L);
        assertThat(pool.results().drain(1000)).extracting(JobResult::id).startsWith(1001L).endsWith(1300L)
                .isSorted().hasSize(300);
    }

    @Test
    void aJobTakenAsItsWorkerFreesUpIsNeverStampedAsStartedBeforeItWasSubmitted() throws Exception {
        // The take hook runs after the first job's finish time is taken and before its worker looks at
        // the queue again: the follow-up is submitted after that finish time and found at the first look.
        CompletableFuture<Job<String>> followUp = new CompletableFuture<>();
        pool = ThreadPool.builder().workers(1).beforeTake(worker -> {
            if (worker.current != null && !followUp.isDone()) {
                followUp.complete(pool.submit(() -> "follow-up"));
            }
        }).build();
        Job<String> first = pool.submit(() -> "first");
        Job<String> second = followUp.get(Gate.WAIT_SECONDS, TimeUnit.SECONDS);
        get(second);
        JobResult firstResult = pool.results().get(first.id()).orElseThrow();
        JobResult result = pool.results().get(second.id()).orElseThrow();
        assertThat(result.startedAt()).isAfterOrEqualTo(result.submittedAt())
                .isAfterOrEqualTo(firstResult.finishedAt());
        assertThat(result.queueWait().isNegative()).isFalse();
        assertThat(result.queueWait())
                .isEqualTo(Duration.between(result.submittedAt(), result.startedAt()));
        assertThat(result.runTime().isNegative()).isFalse();
    }

    @Test
    void aJobQueuedBehindAnotherStartsTheMomentTheOtherFinished() throws Exception {
        // The worker takes the queued job straight after finishing the first, so it reuses the clock
        // read that stamped the first job's finish instead of reading the clock again.
        pool = ThreadPool.builder().workers(1).build();
        Job<String> first = pool.submit(gate.job("first"));
        gate.awaitStarted(1);
        Job<String> queued = pool.submit(() -> "queued");
        gate.open();
        get(queued);
        JobResult firstResult = pool.results().get(first.id()).orElseThrow();
        JobResult result = pool.results().get(queued.id()).orElseThrow();
        assertThat(result.startedAt()).isEqualTo(firstResult.finishedAt());
        assertThat(result.queueWait()).isEqualTo(Duration.between(result.submittedAt(), result.startedAt()));
    }

    @Test
    void cancelledJobsAreRecordedWithoutStartTime() throws Exception {
        pool = ThreadPool.builder().workers(1).build();
        pool.submit(gate.job("busy"));
        gate.awaitStarted(1);
        Job<String> queued = pool.submit(() -> "never");
        assertThat(queued.cancel(false)).isTrue();
        JobResult result = pool.results().get(queued.id()).orElseThrow();
        assertThat(result.status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(result.startedAt()).isNull();
        assertThat(result.workerName()).isNull();
        assertThat(result.runTime()).isZero();
        assertThat(result.finishedAt()).isNotNull();
    }
}
