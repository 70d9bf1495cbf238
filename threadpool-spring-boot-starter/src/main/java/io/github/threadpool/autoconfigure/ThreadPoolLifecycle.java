package io.github.threadpool.autoconfigure;

import java.time.Duration;

import io.github.threadpool.core.PoolSnapshot;
import io.github.threadpool.core.ShutdownReport;
import io.github.threadpool.core.ThreadPool;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.SmartLifecycle;

/**
 * Drains the pool when the application context closes, and logs one line that accounts for every job:
 * what became of the jobs pending at shutdown, and the totals since start (while the pool drains it
 * accepts nothing more, so the totals are final unless a job the drain left running finishes later).
 *
 * <p>Its {@linkplain #PHASE phase} puts the drain after the web server's graceful shutdown, so
 * requests still in flight may submit jobs, and before singletons are destroyed, so jobs may still use
 * data sources and clients. The drain runs in {@link #stop()}, bounded by
 * {@code threadpool.shutdown.await-termination}; closing the context from inside a job does not wait
 * for that job, and closing it twice reports once.
 */
public final class ThreadPoolLifecycle implements SmartLifecycle {

    /**
     * Below the web server's graceful shutdown ({@code DEFAULT_PHASE - 1024}) and its stop
     * ({@code DEFAULT_PHASE - 2048}): lifecycles stop in descending phase order.
     */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

    private static final Log logger = LogFactory.getLog(ThreadPoolLifecycle.class);

    private final ThreadPool pool;

    private final Duration awaitTermination;

    ThreadPoolLifecycle(ThreadPool pool, Duration awaitTermination) {
        this.pool = pool;
        this.awaitTermination = awaitTermination;
    }

    @Override
    public void start() {
        // The pool's workers start when it is built; there is nothing to start again.
    }

    @Override
    public void stop() {
        ShutdownReport report = this.pool.shutdownGracefully(this.awaitTermination);
        PoolSnapshot.JobCounts jobs = this.pool.snapshot().jobs();
        String line = "Thread pool '" + this.pool.name() + "' shut down: " + report + "; since start: "
                + jobs.submitted() + " accepted, " + jobs.succeeded() + " succeeded, " + jobs.failed() + " failed, "
                + jobs.cancelled() + " cancelled, " + jobs.rejected() + " rejected";
        if (report.drained()) {
            logger.info(line);
        }
        else {
            logger.warn(line + " (threadpool.shutdown.await-termination=" + this.awaitTermination + ")");
        }
    }

    @Override
    public boolean isRunning() {
        return !this.pool.isShutdown();
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
