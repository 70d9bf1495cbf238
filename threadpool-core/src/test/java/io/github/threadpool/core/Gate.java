package io.github.threadpool.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/** Jobs that report when they start and then wait until the test opens the gate. */
final class Gate {

    static final long WAIT_SECONDS = 30;

    private final CountDownLatch open = new CountDownLatch(1);
    private final Semaphore started = new Semaphore(0);

    /** A job that signals its start, waits for {@link #open()}, then returns {@code value}. */
    <T> Callable<T> job(T value) {
        return () -> {
            started.release();
            open.await();
            return value;
        };
    }

    /** A job that signals its start and waits for {@link #open()}, ignoring interrupts. */
    Callable<String> stubbornJob() {
        return () -> {
            started.release();
            boolean interrupted = false;
            while (true) {
                try {
                    open.await();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            return interrupted ? "interrupted" : "done";
        };
    }

    void awaitStarted(int count) throws InterruptedException {
        assertThat(started.tryAcquire(count, WAIT_SECONDS, TimeUnit.SECONDS))
                .as("%d job(s) started", count).isTrue();
    }

    void open() {
        open.countDown();
    }
}
