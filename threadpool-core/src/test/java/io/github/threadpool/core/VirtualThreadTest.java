package io.github.threadpool.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Workers as virtual threads, through the thread factory. The core compiles for Java 17, where
 * {@code Thread.ofVirtual()} does not exist, so the factory is looked up by method handles and the test
 * is skipped (an assumption, reported as such) below Java 21. CI runs the suite on Java 25 too.
 */
class VirtualThreadTest {

    private static final int WORKERS = 1_000;

    /** {@code Thread.ofVirtual().name(prefix, 0).factory()}, or skips the test below Java 21. */
    static ThreadFactory virtualThreadFactory(String prefix) throws Throwable {
        assumeTrue(Runtime.version().feature() >= 21, "virtual threads need Java 21+, running "
                + Runtime.version());
        MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        Class<?> builderClass = Class.forName("java.lang.Thread$Builder");
        Class<?> ofVirtualClass = Class.forName("java.lang.Thread$Builder$OfVirtual");
        Object builder = lookup.findStatic(Thread.class, "ofVirtual", MethodType.methodType(ofVirtualClass)).invoke();
        MethodHandle name = lookup.findVirtual(ofVirtualClass, "name",
                MethodType.methodType(ofVirtualClass, String.class, long.class));
        builder = name.invoke(builder, prefix, 0L);
        return (ThreadFactory) lookup.findVirtual(builderClass, "factory", MethodType.methodType(ThreadFactory.class))
                .invoke(builder);
    }

    private static boolean isVirtual(Thread thread) throws Exception {
        try {
            return (boolean) MethodHandles.publicLookup()
                    .findVirtual(Thread.class, "isVirtual", MethodType.methodType(boolean.class)).invoke(thread);
        } catch (Exception | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    @Test
    void aThousandVirtualWorkersAllBlockAtOnceAndShutDownCleanly() throws Throwable {
        ThreadFactory factory = virtualThreadFactory("vt-");
        ThreadPool pool = ThreadPool.builder().name("virtual").workers(WORKERS).maxWorkers(WORKERS)
                .queueCapacity(WORKERS).threadFactory(factory).build();
        try {
            // Each job waits until all 1,000 have started: only 1,000 workers running at once get there.
            CountDownLatch allStarted = new CountDownLatch(WORKERS);
            List<Job<Boolean>> jobs = new ArrayList<>();
            for (int i = 0; i < WORKERS; i++) {
                jobs.add(pool.submit(() -> {
                    allStarted.countDown();
                    assertThat(allStarted.await(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
                    return isVirtual(Thread.currentThread());
                }));
            }
            for (Job<Boolean> job : jobs) {
                assertThat(job.get(Gate.WAIT_SECONDS, TimeUnit.SECONDS)).as("ran on a virtual thread").isTrue();
            }
            assertThat(pool.results().get(jobs.get(0).id()).orElseThrow().workerName()).startsWith("vt-");
            assertThat(pool.snapshot().workers().alive()).isEqualTo(WORKERS);
            pool.setWorkers(10);
            assertThat(pool.snapshot().workers().configured()).isEqualTo(10);
        } finally {
            pool.close();
        }
        assertThat(pool.isTerminated()).isTrue();
        assertThat(pool.snapshot().workers().alive()).isZero();
    }
}
