package io.github.threadpool.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ExecutorServiceContractTest {

    private final ThreadPool pool = ThreadPool.builder().name("contract").workers(2).build();
    private final Gate gate = new Gate();

    @AfterEach
    void tearDown() {
        gate.open();
        pool.shutdownNow();
    }

    @Test
    void submitVariantsReturnJobsWithValues() throws Exception {
        assertThat(pool.submit(() -> 7).get(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(7);
        assertThat(pool.submit(() -> { }).get(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).isNull();
        assertThat(pool.submit(() -> { }, "given").get(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("given");
    }

    @Test
    void executeRunsTheCommandAndRecordsIt() throws Exception {
        java.util.concurrent.CountDownLatch ran = new java.util.concurrent.CountDownLatch(1);
        pool.execute(ran::countDown);
        assertThat(ran.await(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        org.awaitility.Awaitility.await().atMost(Gate.WAIT_SECONDS, TimeUnit.SECONDS)
                .until(() -> pool.results().get(1).isPresent());
        assertThat(pool.results().get(1).orElseThrow().status()).isEqualTo(JobStatus.SUCCEEDED);
    }

    @Test
    void invokeAllRunsEveryTaskAsAPoolJob() throws Exception {
        List<Callable<Integer>> tasks = List.of(() -> 1, () -> 2, () -> 3);
        List<Future<Integer>> futures = pool.invokeAll(tasks);
        assertThat(futures).allSatisfy(f -> assertThat(f).isInstanceOf(Job.class).isDone());
        assertThat(futures.stream().map(f -> ((Job<Integer>) f).id())).containsExactly(1L, 2L, 3L);
        assertThat(futures.get(2).get()).isEqualTo(3);
    }

    @Test
    void timedInvokeAllCancelsWhatDidNotFinish() throws Exception {
        List<Future<String>> futures = pool.invokeAll(List.of(() -> "quick", gate.job("slow")), 50, TimeUnit.MILLISECONDS);
        assertThat(futures.get(0).get()).isEqualTo("quick");
        assertThat(futures.get(1).isCancelled()).isTrue();
        assertThat(((Job<?>) futures.get(1)).status()).isEqualTo(JobStatus.CANCELLED);
    }

    @Test
    void invokeAnyReturnsASuccessfulResult() throws Exception {
        String result = pool.invokeAny(List.of(() -> {
            throw new IllegalStateException("fails");
        }, () -> "wins"));
        assertThat(result).isEqualTo("wins");
    }

    @Test
    void invokeAnyThrowsWhenAllFail() {
        assertThatThrownBy(() -> pool.invokeAny(List.<Callable<String>>of(() -> {
            throw new IllegalStateException("fails");
        }))).isInstanceOf(ExecutionException.class);
    }

    @Test
    void timedInvokeAnyTimesOut() {
        assertThatThrownBy(() -> pool.invokeAny(List.of(gate.job("slow")), 20, TimeUnit.MILLISECONDS))
                .isInstanceOf(TimeoutException.class);
    }

    @Test
    void timedGetTimesOutNamingTheJob() throws Exception {
        Job<String> slow = pool.submit(gate.job("slow"));
        assertThatThrownBy(() -> slow.get(10, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class)
                .hasMessageStartingWith("job " + slow.id() + " is still");
    }

    @Test
    @SuppressWarnings("DataFlowIssue")
    void nullArgumentsThrowNullPointerException() {
        assertThatNullPointerException().isThrownBy(() -> pool.submit((Callable<String>) null));
        assertThatNullPointerException().isThrownBy(() -> pool.submit((Runnable) null));
        assertThatNullPointerException().isThrownBy(() -> pool.submit(null, "x"));
        assertThatNullPointerException().isThrownBy(() -> pool.execute(null));
        assertThatNullPointerException().isThrownBy(() -> pool.invokeAll(null));
        assertThatNullPointerException().isThrownBy(() -> pool.invokeAny(null));
        assertThatNullPointerException().isThrownBy(() -> pool.awaitTermination(1, null));
        assertThat(pool.snapshot().jobs().submitted()).isZero();
    }

    @Test
    void submissionAfterShutdownIsRejected() {
        pool.shutdown();
        assertThatThrownBy(() -> pool.submit(() -> "late")).isInstanceOf(RejectedExecutionException.class);
        assertThatThrownBy(() -> pool.execute(() -> { })).isInstanceOf(RejectedExecutionException.class);
        assertThatThrownBy(() -> pool.invokeAll(List.of(() -> "late"))).isInstanceOf(RejectedExecutionException.class);
    }

    @Test
    void getWaitsForTheOutcome() throws Exception {
        Job<String> job = pool.submit(gate.job("waited for"));
        gate.awaitStarted(1);
        java.util.concurrent.CompletableFuture<String> waiter = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return job.get();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(waiter).isNotDone();
        gate.open();
        assertThat(waiter.get(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("waited for");
        assertThat(job.toString()).isEqualTo("Job[id=1, status=SUCCEEDED]");
    }
}
