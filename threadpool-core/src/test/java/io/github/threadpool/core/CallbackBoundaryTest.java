package io.github.threadpool.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Every user callback — listener, decorator, thread factory, uncaught-exception handler — may throw
 * anything, undeclared checked exceptions included (Kotlin lambdas, {@code @SneakyThrows}): the job
 * still reaches its final state, the pool still terminates, a failed build leaves no thread.
 */
class CallbackBoundaryTest {

    private ThreadPool pool;

    @AfterEach
    void tearDown() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    @Test
    void aListenerThrowingACheckedExceptionLeavesItsJobDoneAndItsGetReturning() throws Exception {
        // The job stayed COMPLETING: its get() never returned.
        pool = ThreadPool.builder().name("listener-checked").workers(1)
                .completionListener(result -> Sneaky.raise(new IOException("listener failed"))).build();
        Job<String> job = pool.submit(() -> "value");

        assertThat(job.get(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("value");
        assertThat(job.isDone()).isTrue();
        assertThat(pool.submit(() -> "next").get(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("next");
    }

    @Test
    void aListenerThrowingACheckedExceptionOnACancelledJobNeitherBreaksCancelNorTermination() throws Exception {
        // cancel() threw the listener's IOException, and the pool never terminated.
        pool = ThreadPool.builder().name("listener-cancel").workers(1)
                .completionListener(result -> Sneaky.raise(new IOException("listener failed"))).build();
        Gate gate = new Gate();
        pool.submit(gate.job("held"));
        gate.awaitStarted(1);
        Job<String> queued = pool.submit(() -> "never runs");

        assertThat(queued.cancel(false)).isTrue();
        assertThat(queued.isCancelled()).isTrue();
        gate.open();
        pool.shutdown();
        assertThat(pool.awaitTermination(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aThreadFactoryThrowingACheckedExceptionDuringBuildLeavesNoThreadBehind() throws Exception {
        // The build failed with the factory's exception, but the worker started before it ran on.
        List<Thread> made = new CopyOnWriteArrayList<>();
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> ThreadPool.builder().name("factory-checked").workers(2).threadFactory(runnable -> {
            if (calls.incrementAndGet() == 2) {
                return Sneaky.raise(new IOException("no second thread"));
            }
            Thread thread = new Thread(runnable, "factory-checked-worker-" + calls.get());
            made.add(thread);
            return thread;
        }).build()).isInstanceOf(IllegalStateException.class).hasMessageContaining("no second thread");

        assertThat(made).hasSize(1);
        await().atMost(Gate.WAIT_SECONDS, TimeUnit.SECONDS).until(() -> !made.get(0).isAlive());
    }

    @Test
    void aDecoratorThatThrowsFailsTheJobItWraps() throws Exception {
        pool = ThreadPool.builder().name("decorator-checked").workers(1)
                .decorator(body -> () -> Sneaky.raise(new IOException("decorator failed"))).build();
        Job<String> job = pool.submit(() -> "never");

        assertThatThrownBy(() -> job.get(Gate.WAIT_SECONDS, TimeUnit.SECONDS))
                .hasCauseInstanceOf(IOException.class);
        assertThat(job.status()).isEqualTo(JobStatus.FAILED);
    }
}
