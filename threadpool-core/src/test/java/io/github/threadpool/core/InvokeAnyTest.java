package io.github.threadpool.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** invokeAny runs each task as a job of the pool, records what really happened to it, and never waits for a job that cannot finish. */
class InvokeAnyTest {

    private ThreadPool pool;
    private final Gate gate = new Gate();

    @AfterEach
    void shutDown() {
        gate.open();
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    @Test
    void failedTasksAreRecordedAndCountedAsFailedWithTheirCause() throws Exception {
        // Through AbstractExecutorService's completion service the pool ran wrappers: both failures
        // were counted as SUCCEEDED with a null value, and the real outcomes were never stored.
        pool = ThreadPool.builder().name("any-fails").workers(2).build();
        List<Callable<String>> tasks = List.of(
                () -> { throw new IllegalStateException("x"); },
                () -> { throw new IllegalStateException("y"); });

        assertThatThrownBy(() -> pool.invokeAny(tasks))
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(IllegalStateException.class);

        org.awaitility.Awaitility.await().atMost(Gate.WAIT_SECONDS, TimeUnit.SECONDS)
                .until(() -> pool.snapshot().jobs().finished() == 2);
        PoolSnapshot.JobCounts jobs = pool.snapshot().jobs();
        assertThat(jobs.submitted()).isEqualTo(2);
        assertThat(jobs.failed()).isEqualTo(2);
        assertThat(jobs.succeeded()).isZero();
        assertThat(pool.results().recent(10)).extracting(result -> result.error().getMessage())
                .containsExactlyInAnyOrder("x", "y");
    }

    @Test
    void theWinnersValueIsRecordedAndTheLosersAreCancelled() throws Exception {
        pool = ThreadPool.builder().name("any-wins").workers(2).build();
        List<Callable<String>> tasks = List.of(gate.job("slow"), () -> "fast");

        assertThat(pool.invokeAny(tasks)).isEqualTo("fast");

        org.awaitility.Awaitility.await().atMost(Gate.WAIT_SECONDS, TimeUnit.SECONDS)
                .until(() -> pool.snapshot().jobs().finished() == 2);
        assertThat(pool.findJob(1).orElseThrow().status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(pool.findJob(2).orElseThrow().value()).isEqualTo("fast");
    }

    @Test
    void aZeroTimeoutSubmitsOneJobAtMost() throws Exception {
        // AbstractExecutorService submits every task before it looks at the deadline: three jobs here.
        pool = ThreadPool.builder().name("any-zero").workers(1).build();
        pool.submit(gate.job("busy"));
        gate.awaitStarted(1);

        assertThatThrownBy(() -> pool.invokeAny(List.of(() -> "a", () -> "b", () -> "c"), 0, TimeUnit.NANOSECONDS))
                .isInstanceOf(TimeoutException.class);

        PoolSnapshot.JobCounts jobs = pool.snapshot().jobs();
        assertThat(jobs.submitted()).isEqualTo(2); // the busy job and one of the three
        assertThat(jobs.cancelled()).isEqualTo(1);
    }

    @Test
    void aCallWhoseJobsAreCancelledByAShutdownThrowsInsteadOfWaitingForEver() throws Exception {
        // A job cancelled while queued runs no code: only its published final state can say it is done.
        pool = ThreadPool.builder().name("any-shutdown").workers(1).build();
        pool.submit(gate.job("busy"));
        gate.awaitStarted(1);
        CompletableFuture<String> call = CompletableFuture.supplyAsync(() -> {
            try {
                return pool.invokeAny(List.of(() -> "a", () -> "b"));
            } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        }, runnable -> new Thread(runnable, "invoker").start());
        org.awaitility.Awaitility.await().atMost(Gate.WAIT_SECONDS, TimeUnit.SECONDS)
                .until(() -> pool.snapshot().queue().depth() == 2);

        pool.shutdownNow();

        assertThatThrownBy(() -> call.get(Gate.WAIT_SECONDS, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class) // CompletableFuture's
                .cause().isInstanceOf(ExecutionException.class) // invokeAny's: every job failed or was cancelled
                .cause().isInstanceOf(CancellationException.class);
    }
}
