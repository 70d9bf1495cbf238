package io.github.threadpool.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Method;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The {@code Future} view of a job agrees with {@code get()}: {@code isDone()} (and
 * {@code isCancelled()}) become true only when {@code get()} no longer waits — not while the job's
 * result is being recorded and the completion listener runs, although {@code status()} already shows
 * the outcome then.
 */
class FutureViewTest {

    private final CountDownLatch inListener = new CountDownLatch(1);
    private final CountDownLatch releaseListener = new CountDownLatch(1);
    private ThreadPool pool;

    @AfterEach
    void shutDown() {
        releaseListener.countDown();
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    /** A pool whose completion listener holds the first job with {@code status} until released. */
    private void poolHoldingTheListenerFor(JobStatus status) {
        pool = ThreadPool.builder().name("future-view").workers(1)
                .completionListener(result -> {
                    if (result.status() == status && inListener.getCount() > 0) {
                        inListener.countDown();
                        try {
                            releaseListener.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                }).build();
    }

    @Test
    void aJobIsNotDoneWhileItsCompletionListenerRunsAndDoneOnceGetNoLongerWaits() throws Exception {
        // isDone() said true from COMPLETING on, while get(0) threw TimeoutException until the listener returned.
        poolHoldingTheListenerFor(JobStatus.SUCCEEDED);
        Job<String> job = pool.submit(() -> "value");
        assertThat(inListener.await(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();

        assertThat(job.status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(job.isDone()).isFalse();
        assertThatThrownBy(() -> job.get(0, TimeUnit.SECONDS)).isInstanceOf(TimeoutException.class);
        assertThat(java19State(job)).isEqualTo("RUNNING");

        releaseListener.countDown();
        org.awaitility.Awaitility.await().atMost(Gate.WAIT_SECONDS, TimeUnit.SECONDS).until(job::isDone);
        assertThat(job.get(0, TimeUnit.SECONDS)).isEqualTo("value");
        assertThat(java19State(job)).isEqualTo("SUCCESS");
    }

    @Test
    void aCancelledJobIsNotCancelledWhileItsCancellationIsRecordedAndThenGetThrowsAtOnce() throws Exception {
        // isCancelled() said true while get(0) threw TimeoutException "still CANCELLED" instead of CancellationException.
        poolHoldingTheListenerFor(JobStatus.CANCELLED);
        Gate gate = new Gate();
        pool.submit(gate.job("busy"));
        gate.awaitStarted(1);
        Job<String> queued = pool.submit(() -> "never");
        CompletableFuture<Boolean> cancelled = CompletableFuture.supplyAsync(() -> queued.cancel(false),
                runnable -> new Thread(runnable, "canceller").start());
        assertThat(inListener.await(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();

        assertThat(queued.status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(queued.isCancelled()).isFalse();
        assertThat(queued.isDone()).isFalse();
        assertThatThrownBy(() -> queued.get(0, TimeUnit.SECONDS)).isInstanceOf(TimeoutException.class);

        releaseListener.countDown();
        assertThat(cancelled.get(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(queued.isCancelled()).isTrue();
        assertThat(queued.isDone()).isTrue();
        assertThatThrownBy(() -> queued.get(0, TimeUnit.SECONDS)).isInstanceOf(CancellationException.class);
        gate.open();
    }

    /**
     * Java 19's {@code Future.state()} on {@code job}, called on another thread — its default
     * implementation calls {@code get()} once {@code isDone()} is true, so it hung while the listener ran —
     * or {@code "RUNNING"}/{@code "SUCCESS"} as it would say, computed from {@code isDone()}, below Java 19.
     */
    private static String java19State(Future<?> job) throws Exception {
        Method state;
        try {
            state = Future.class.getMethod("state");
        } catch (NoSuchMethodException beforeJava19) {
            return job.isDone() ? "SUCCESS" : "RUNNING";
        }
        CompletableFuture<String> answer = CompletableFuture.supplyAsync(() -> {
            try {
                return String.valueOf(state.invoke(job));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }, runnable -> new Thread(runnable, "state").start());
        return answer.get(Gate.WAIT_SECONDS, TimeUnit.SECONDS);
    }
}
