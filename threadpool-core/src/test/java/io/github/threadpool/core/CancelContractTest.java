package io.github.threadpool.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.reflect.Field;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code Future.cancel}: once it returns, the job is done, whoever was finishing it; a timed
 * {@code invokeAll} returns done futures only; a timed-out {@code get} leaves nothing behind.
 */
class CancelContractTest {

    private ThreadPool pool;
    private final CountDownLatch releaseListener = new CountDownLatch(1);

    @AfterEach
    void tearDown() {
        releaseListener.countDown();
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    /** A pool of one worker whose completion listener holds every job until {@link #releaseListener}. */
    private CountDownLatch poolWithAHeldListener(String name) {
        CountDownLatch inListener = new CountDownLatch(1);
        pool = ThreadPool.builder().name(name).workers(1).completionListener(result -> {
            inListener.countDown();
            try {
                releaseListener.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }).build();
        return inListener;
    }

    @Test
    void cancelOfAJobAnotherThreadIsFinishingReturnsOnlyOnceTheJobIsDone() throws Exception {
        // cancel() returned false while the listener ran, and isDone() was still false afterwards.
        CountDownLatch inListener = poolWithAHeldListener("transient");
        Job<String> job = pool.submit(() -> "value");
        assertThat(inListener.await(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<Boolean> doneWhenCancelReturned = new CompletableFuture<>();
        Thread canceller = new Thread(() -> {
            boolean cancelled = job.cancel(true);
            doneWhenCancelReturned.complete(!cancelled && job.isDone());
        }, "canceller");
        canceller.start();
        await().atMost(Gate.WAIT_SECONDS, TimeUnit.SECONDS)
                .until(() -> canceller.getState() == Thread.State.WAITING || doneWhenCancelReturned.isDone());
        releaseListener.countDown();

        assertThat(doneWhenCancelReturned.get(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(job.get()).isEqualTo("value");
    }

    @Test
    void aTimedInvokeAllReturnsOnlyDoneFutures() throws Exception {
        // A job whose listener ran at the deadline came back not done (status SUCCEEDED, state RUNNING).
        CountDownLatch inListener = poolWithAHeldListener("invoke-all");
        Thread invoker = Thread.currentThread();
        Thread releaser = new Thread(() -> {
            try {
                inListener.await();
                // invokeAll has timed out and is cancelling the job its listener holds: let the listener end.
                await().atMost(Gate.WAIT_SECONDS, TimeUnit.SECONDS).until(() -> inCancel(invoker));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                releaseListener.countDown();
            }
        }, "releaser");
        releaser.start();
        Callable<String> quick = () -> "quick";

        List<Future<String>> futures = pool.invokeAll(List.of(quick), 200, TimeUnit.MILLISECONDS);

        assertThat(futures).allSatisfy(future -> assertThat(future.isDone()).isTrue());
        releaser.join(TimeUnit.SECONDS.toMillis(Gate.WAIT_SECONDS));
    }

    private static boolean inCancel(Thread thread) {
        for (StackTraceElement frame : thread.getStackTrace()) {
            if (frame.getMethodName().equals("cancel") && frame.getClassName().equals(PoolJob.class.getName())) {
                return thread.getState() == Thread.State.WAITING;
            }
        }
        return false;
    }

    @Test
    void aTimedOutGetLeavesNoWaiterBehind() throws Exception {
        // Each timed-out get left its 24-byte node on the job until the job finished.
        pool = ThreadPool.builder().name("waiters").workers(1).build();
        Gate gate = new Gate();
        Job<String> job = pool.submit(gate.job("long"));
        gate.awaitStarted(1);

        for (int i = 0; i < 1_000; i++) {
            try {
                job.get(1, TimeUnit.NANOSECONDS);
            } catch (TimeoutException expected) {
                // the job is still running
            }
        }

        assertThat(waiters(job)).isZero();
        gate.open();
        assertThat(job.get(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("long");
    }

    /** The nodes on the job's stack of waiters. */
    private static int waiters(Job<?> job) throws ReflectiveOperationException {
        Field top = AwaitableJob.class.getDeclaredField("waiters");
        top.setAccessible(true);
        Object node = top.get(job);
        int count = 0;
        while (node != null) {
            count++;
            Field next = node.getClass().getSuperclass() == Object.class
                    ? node.getClass().getDeclaredField("next") : node.getClass().getSuperclass().getDeclaredField("next");
            next.setAccessible(true);
            node = next.get(node);
        }
        return count;
    }
}
