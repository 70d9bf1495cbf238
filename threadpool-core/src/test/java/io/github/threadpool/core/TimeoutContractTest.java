package io.github.threadpool.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The {@code ExecutorService} and {@code Future} contract at its edges: null elements, timeouts of zero,
 * negative, {@code Long.MIN_VALUE} and {@code Long.MAX_VALUE} in every timed method, durations too long
 * for nanoseconds, and {@code close()} as Java 19+ specifies it.
 */
class TimeoutContractTest {

    /** Every timeout that must not wait at all. */
    private static final long[] NO_WAIT = {0L, -1L, Long.MIN_VALUE + 1, Long.MIN_VALUE};
    private static final Duration NOW = Duration.ofSeconds(Gate.WAIT_SECONDS);

    private final Gate gate = new Gate();
    private ThreadPool pool = ThreadPool.builder().name("edges").workers(1).build();

    @AfterEach
    void tearDown() {
        gate.open();
        pool.shutdownNow();
    }

    // ---------------------------------------------------------------- null elements

    @Test
    void invokeAllAndInvokeAnyRefuseANullElementBeforeCreatingAnyJob() throws Exception {
        List<Callable<String>> withNull = Arrays.asList(() -> "a", null);
        assertThatNullPointerException().isThrownBy(() -> pool.invokeAll(withNull)).withMessage("tasks[1] is null");
        assertThatNullPointerException().isThrownBy(() -> pool.invokeAll(withNull, 1, TimeUnit.MINUTES));
        assertThatNullPointerException().isThrownBy(() -> pool.invokeAny(withNull));
        assertThatNullPointerException().isThrownBy(() -> pool.invokeAny(withNull, 1, TimeUnit.MINUTES));
        assertThatNullPointerException().isThrownBy(() -> pool.invokeAll(List.of(() -> "a"), 1, null));
        assertThat(pool.snapshot().jobs().submitted()).isZero();
        assertThat(pool.submit(() -> "next").id()).as("no id was consumed").isEqualTo(1L);
    }

    // ---------------------------------------------------------------- Job.get

    @Test
    void aTimedGetOfZeroOrLessReturnsAtOnce() throws Exception {
        Job<String> running = pool.submit(gate.job("late"));
        gate.awaitStarted(1);
        for (long timeout : NO_WAIT) {
            assertTimeoutPreemptively(NOW, () -> assertThatThrownBy(() -> running.get(timeout, TimeUnit.NANOSECONDS))
                    .isInstanceOf(TimeoutException.class));
        }
        assertTimeoutPreemptively(NOW, () -> assertThatThrownBy(() -> running.get(-200_000, TimeUnit.DAYS))
                .isInstanceOf(TimeoutException.class));
        gate.open();
        assertThat(running.get(Long.MAX_VALUE, TimeUnit.DAYS)).isEqualTo("late");
        assertThat(running.get(Long.MIN_VALUE, TimeUnit.NANOSECONDS)).as("done: no timeout").isEqualTo("late");
    }

    @Test
    void aWaiterParksWhileTheCompletionListenerRuns() throws Exception {
        CountDownLatch listening = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        pool.shutdownNow();
        pool = ThreadPool.builder().name("slow-listener").workers(1).completionListener(result -> {
            listening.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }).build();
        Job<String> job = pool.submit(() -> "value");
        assertThat(listening.await(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        AtomicReference<Object> got = new AtomicReference<>();
        Thread waiter = new Thread(() -> {
            try {
                got.set(job.get());
            } catch (Exception e) {
                got.set(e);
            }
        });
        waiter.start();
        // A spinning or yielding waiter stays RUNNABLE; a parked one is WAITING.
        await().atMost(Gate.WAIT_SECONDS, TimeUnit.SECONDS).until(() -> waiter.getState() == Thread.State.WAITING);
        assertThat(got.get()).isNull();
        release.countDown();
        waiter.join(TimeUnit.SECONDS.toMillis(Gate.WAIT_SECONDS));
        assertThat(got.get()).isEqualTo("value");
    }

    // ---------------------------------------------------------------- awaitTermination

    @Test
    void awaitTerminationOfZeroOrLessReturnsAtOnceAndOfLongMaxWaits() throws Exception {
        pool.submit(gate.job("x"));
        gate.awaitStarted(1);
        for (long timeout : NO_WAIT) {
            assertThat(assertTimeoutPreemptively(NOW, () -> pool.awaitTermination(timeout, TimeUnit.NANOSECONDS))).isFalse();
        }
        assertThat(assertTimeoutPreemptively(NOW, () -> pool.awaitTermination(-200_000, TimeUnit.DAYS))).isFalse();
        pool.shutdown();
        gate.open();
        assertThat(pool.awaitTermination(Long.MAX_VALUE, TimeUnit.DAYS)).isTrue();
        assertThat(pool.awaitTermination(Long.MIN_VALUE, TimeUnit.NANOSECONDS)).as("terminated: true").isTrue();
    }

    // ---------------------------------------------------------------- invokeAll, invokeAny

    @Test
    void timedInvokeAllOfZeroOrLessRunsNothingAndOfLongMaxRunsEverything() throws Exception {
        for (long timeout : NO_WAIT) {
            List<Future<String>> futures = assertTimeoutPreemptively(NOW,
                    () -> pool.invokeAll(List.of(() -> "a", () -> "b"), timeout, TimeUnit.NANOSECONDS));
            assertThat(futures).allSatisfy(f -> assertThat(f.isCancelled()).isTrue());
        }
        assertThat(pool.snapshot().jobs().submitted()).as("no job was accepted").isZero();
        List<Future<String>> all = pool.invokeAll(List.of(() -> "a", () -> "b"), Long.MAX_VALUE, TimeUnit.DAYS);
        assertThat(all.get(0).get()).isEqualTo("a");
        assertThat(all.get(1).get()).isEqualTo("b");
    }

    @Test
    void timedInvokeAnyOfZeroOrLessTimesOutAtOnceAndOfLongMaxReturnsAValue() throws Exception {
        pool.submit(gate.job("busy"));
        gate.awaitStarted(1);
        for (long timeout : NO_WAIT) {
            assertTimeoutPreemptively(NOW, () -> assertThatThrownBy(
                    () -> pool.invokeAny(List.of(() -> "a"), timeout, TimeUnit.NANOSECONDS))
                    .isInstanceOf(TimeoutException.class));
        }
        gate.open();
        List<Callable<String>> one = List.of(() -> "a");
        String value = pool.invokeAny(one, Long.MAX_VALUE, TimeUnit.DAYS);
        assertThat(value).isEqualTo("a");
    }

    // ---------------------------------------------------------------- ResultStore.poll

    @Test
    void pollOfZeroOrLessReturnsAtOnceAndAHugeDurationWaits() throws Exception {
        for (Duration timeout : List.of(Duration.ZERO, Duration.ofNanos(-1), Duration.ofNanos(Long.MIN_VALUE),
                Duration.ofSeconds(Long.MIN_VALUE))) {
            assertThat(assertTimeoutPreemptively(NOW, () -> pool.results().poll(timeout))).isEmpty();
        }
        AtomicReference<Object> polled = new AtomicReference<>();
        Thread consumer = new Thread(() -> {
            try {
                polled.set(pool.results().poll(Duration.ofSeconds(Long.MAX_VALUE)).orElseThrow().id());
            } catch (Exception e) {
                polled.set(e);
            }
        });
        consumer.start();
        await().atMost(Gate.WAIT_SECONDS, TimeUnit.SECONDS).until(() -> consumer.getState() == Thread.State.WAITING
                || consumer.getState() == Thread.State.TIMED_WAITING);
        pool.submit(() -> "x");
        consumer.join(TimeUnit.SECONDS.toMillis(Gate.WAIT_SECONDS));
        assertThat(polled.get()).isEqualTo(1L);
    }

    // ---------------------------------------------------------------- shutdownGracefully

    @Test
    void shutdownGracefullyWithZeroOrLessCancelsAtOnce() {
        for (Duration timeout : List.of(Duration.ofNanos(Long.MIN_VALUE), Duration.ofSeconds(Long.MIN_VALUE))) {
            ThreadPool p = ThreadPool.builder().name("graceless").workers(1).build();
            Gate g = new Gate();
            p.submit(g.job("never"));
            ShutdownReport report = assertTimeoutPreemptively(NOW, () -> p.shutdownGracefully(timeout));
            assertThat(report.pending()).isEqualTo(1);
            assertThat(report.interrupted() + report.cancelledUnstarted()).isEqualTo(1);
        }
    }

    @Test
    void shutdownGracefullyWithAHugeTimeoutDrainsEverything() throws Exception {
        pool.submit(gate.job("a"));
        gate.awaitStarted(1);
        AtomicReference<ShutdownReport> report = new AtomicReference<>();
        Thread shutter = new Thread(() -> report.set(pool.shutdownGracefully(Duration.ofSeconds(Long.MAX_VALUE))));
        shutter.start();
        await().atMost(Gate.WAIT_SECONDS, TimeUnit.SECONDS).until(pool::isShutdown);
        gate.open();
        shutter.join(TimeUnit.SECONDS.toMillis(Gate.WAIT_SECONDS));
        assertThat(report.get().succeeded()).isEqualTo(1);
    }

    @Test
    void theBuildersDurationsSaturateInsteadOfOverflowing() throws Exception {
        Duration forever = Duration.ofSeconds(Long.MAX_VALUE);
        pool.shutdownNow();
        pool = ThreadPool.builder().workers(1).closeTimeout(forever).resultTimeToLive(forever).blockTimeout(forever)
                .build();
        assertThat(pool.results().timeToLive()).isEqualTo(Duration.ofNanos(Long.MAX_VALUE));
        Job<String> job = pool.submit(() -> "kept");
        assertThat(job.get(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("kept");
        assertThat(pool.results().get(job.id())).isPresent();
        ShutdownReport report = pool.shutdownGracefully();
        assertThat(report.pending()).isZero();
        assertThat(pool.isTerminated()).isTrue();
    }

    // ---------------------------------------------------------------- BLOCK policy

    @Test
    void aBlockTimeoutOfZeroRejectsAtOnceAndAHugeOneWaitsForRoom() throws Exception {
        pool.shutdownNow();
        pool = ThreadPool.builder().workers(1).queueCapacity(1).rejectionPolicy(RejectionPolicy.BLOCK)
                .blockTimeout(Duration.ZERO).build();
        pool.submit(gate.job("running"));
        gate.awaitStarted(1);
        pool.submit(() -> "queued");
        assertTimeoutPreemptively(NOW, () -> assertThatThrownBy(() -> pool.submit(() -> "refused"))
                .isInstanceOf(RejectedExecutionException.class));
        gate.open();
        pool.shutdownNow();

        Gate second = new Gate();
        pool = ThreadPool.builder().workers(1).queueCapacity(1).rejectionPolicy(RejectionPolicy.BLOCK)
                .blockTimeout(Duration.ofSeconds(Long.MAX_VALUE)).build();
        pool.submit(second.job("running"));
        second.awaitStarted(1);
        pool.submit(() -> "queued");
        AtomicReference<Object> submitted = new AtomicReference<>();
        Thread submitter = new Thread(() -> {
            try {
                submitted.set(pool.submit(() -> "waited").get());
            } catch (Exception e) {
                submitted.set(e);
            }
        });
        submitter.start();
        await().atMost(Gate.WAIT_SECONDS, TimeUnit.SECONDS).until(() -> submitter.getState() == Thread.State.TIMED_WAITING
                || submitter.getState() == Thread.State.WAITING);
        assertThat(submitted.get()).as("still waiting for room").isNull();
        second.open();
        submitter.join(TimeUnit.SECONDS.toMillis(Gate.WAIT_SECONDS));
        assertThat(submitted.get()).isEqualTo("waited");
    }

    // ---------------------------------------------------------------- close()

    @Test
    void closeWaitsUntilTerminatedHoweverShortTheCloseTimeout() throws Exception {
        pool.shutdownNow();
        pool = ThreadPool.builder().workers(1).closeTimeout(Duration.ZERO).build();
        Job<String> running = pool.submit(gate.job("finished"));
        Job<String> queued = pool.submit(() -> "also finished");
        gate.awaitStarted(1);
        AtomicBoolean returned = new AtomicBoolean();
        Thread closer = new Thread(() -> {
            pool.close();
            returned.set(true);
        });
        closer.start();
        await().atMost(Gate.WAIT_SECONDS, TimeUnit.SECONDS).until(() -> pool.isShutdown()
                && (closer.getState() == Thread.State.TIMED_WAITING || closer.getState() == Thread.State.WAITING));
        assertThat(returned).as("close() waits for the running job").isFalse();
        gate.open();
        closer.join(TimeUnit.SECONDS.toMillis(Gate.WAIT_SECONDS));
        assertThat(returned).isTrue();
        assertThat(pool.isTerminated()).isTrue();
        assertThat(running.get()).isEqualTo("finished");
        assertThat(queued.get()).isEqualTo("also finished");
    }

    @Test
    void anInterruptedCloseCallsShutdownNowKeepsWaitingAndReassertsTheInterrupt() throws Exception {
        Job<String> stubborn = pool.submit(gate.stubbornJob());
        Job<String> queued = pool.submit(() -> "never runs");
        gate.awaitStarted(1);
        AtomicBoolean interruptedAfter = new AtomicBoolean();
        AtomicBoolean returned = new AtomicBoolean();
        Thread closer = new Thread(() -> {
            pool.close();
            returned.set(true);
            interruptedAfter.set(Thread.currentThread().isInterrupted());
        });
        closer.start();
        await().atMost(Gate.WAIT_SECONDS, TimeUnit.SECONDS).until(pool::isShutdown);
        closer.interrupt();
        await().atMost(Gate.WAIT_SECONDS, TimeUnit.SECONDS).until(queued::isCancelled); // shutdownNow ran
        assertThat(stubborn.isCancelled()).as("the running job was cancelled, with an interrupt").isTrue();
        await().atMost(Gate.WAIT_SECONDS, TimeUnit.SECONDS).until(() -> closer.getState() == Thread.State.TIMED_WAITING
                || closer.getState() == Thread.State.WAITING);
        assertThat(returned).as("close() keeps waiting for the stubborn job").isFalse();
        assertThat(pool.isTerminated()).isFalse();
        gate.open();
        closer.join(TimeUnit.SECONDS.toMillis(Gate.WAIT_SECONDS));
        assertThat(returned).isTrue();
        assertThat(interruptedAfter).as("interrupt re-asserted").isTrue();
        assertThat(pool.isTerminated()).isTrue();
    }

    @Test
    void closeFromInsideAJobWaitsForTheOtherJobsAndReturns() throws Exception {
        pool.shutdownNow();
        pool = ThreadPool.builder().workers(2).build();
        Job<String> other = pool.submit(gate.job("other"));
        gate.awaitStarted(1);
        Job<Boolean> closer = pool.submit(() -> {
            pool.close();
            return other.isDone();
        });
        await().atMost(Gate.WAIT_SECONDS, TimeUnit.SECONDS).until(pool::isShutdown);
        assertThat(closer.isDone()).isFalse();
        gate.open();
        assertThat(closer.get(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(pool.awaitTermination(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void closeOfATerminatedPoolReturnsAtOnce() {
        pool.shutdown();
        pool.close();
        List<Runnable> none = new ArrayList<>(pool.shutdownNow());
        assertThat(none).isEmpty();
        Thread.currentThread().interrupt();
        try {
            pool.close(); // terminated: no wait, so the interrupt is not consumed
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }
}
