package io.github.threadpool.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import io.github.threadpool.core.PoolSnapshot;
import io.github.threadpool.core.ShutdownReport;
import io.github.threadpool.core.ThreadPool;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.SmartLifecycle;

/**
 * Drains every pool when the application context closes — in parallel, each within its own
 * {@code shutdown.await-termination} — and logs one line per pool that accounts for every job: what
 * became of the jobs pending at shutdown, and the totals since start (while a pool drains it accepts
 * nothing more, so the totals are final unless a job the drain left running finishes later).
 *
 * <p>No drain outlasts {@code spring.lifecycle.timeout-per-shutdown-phase}: a pool whose
 * await-termination is longer is drained for the phase timeout only, and start-up warns about it.
 * Spring would not cut a synchronous {@code stop()} short itself; the lifecycle does it, so that the
 * phase timeout means what it says.
 *
 * <p>Its {@linkplain #PHASE phase} puts the drain after the web server's graceful shutdown, so
 * requests still in flight may submit jobs, and before singletons are destroyed, so jobs may still use
 * data sources and clients. Closing the context from inside a job does not wait for that job, and
 * closing it twice reports once.
 */
public final class ThreadPoolLifecycle implements SmartLifecycle {

    /**
     * Below the web server's graceful shutdown ({@code DEFAULT_PHASE - 1024}) and its stop
     * ({@code DEFAULT_PHASE - 2048}): lifecycles stop in descending phase order.
     */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

    private static final Log logger = LogFactory.getLog(ThreadPoolLifecycle.class);

    private final ThreadPools pools;

    /** Each pool's await-termination, before the phase timeout's cut. */
    private final Function<String, Duration> awaitTermination;

    private final Duration phaseTimeout;

    ThreadPoolLifecycle(ThreadPools pools, Function<String, Duration> awaitTermination, Duration phaseTimeout) {
        this.pools = pools;
        this.awaitTermination = awaitTermination;
        this.phaseTimeout = phaseTimeout;
        for (ThreadPool pool : pools) {
            Duration await = awaitTermination.apply(pool.name());
            if (await.compareTo(phaseTimeout) > 0) {
                logger.warn("Thread pool '" + pool.name() + "' has shutdown.await-termination=" + await
                        + ", longer than spring.lifecycle.timeout-per-shutdown-phase=" + phaseTimeout
                        + ": at shutdown it drains for " + phaseTimeout + " only, then cancels what is left");
            }
        }
    }

    @Override
    public void start() {
        // The pools' workers start when they are built; there is nothing to start again.
    }

    @Override
    public void stop() {
        // Each pool drains on a thread of its own, except the pool whose job is closing the context: that
        // job's worker must make the call itself, so that the pool knows not to wait for it.
        ThreadPool callersPool = null;
        List<CompletableFuture<Void>> drains = new ArrayList<>();
        for (ThreadPool pool : this.pools) {
            if (callersPool == null && pool.isWorkerThread()) {
                callersPool = pool;
            }
            else {
                drains.add(CompletableFuture.runAsync(() -> drain(pool),
                        (drain) -> new Thread(drain, pool.name() + "-shutdown").start()));
            }
        }
        if (callersPool != null) {
            drain(callersPool);
        }
        CompletableFuture.allOf(drains.toArray(CompletableFuture[]::new)).join();
    }

    private void drain(ThreadPool pool) {
        Duration await = this.awaitTermination.apply(pool.name());
        Duration bound = (await.compareTo(this.phaseTimeout) > 0) ? this.phaseTimeout : await;
        ShutdownReport report = pool.shutdownGracefully(bound);
        PoolSnapshot.JobCounts jobs = pool.snapshot().jobs();
        String line = "Thread pool '" + pool.name() + "' shut down: " + report + "; since start: " + jobs.submitted()
                + " submitted, " + jobs.succeeded() + " succeeded, " + jobs.failed() + " failed, " + jobs.cancelled()
                + " cancelled, " + jobs.rejected() + " rejected";
        if (report.drained()) {
            logger.info(line);
        }
        else {
            logger.warn(line + " (shutdown.await-termination=" + await
                    + ((bound != await) ? ", cut to spring.lifecycle.timeout-per-shutdown-phase=" + bound : "") + ")");
        }
    }

    @Override
    public boolean isRunning() {
        for (ThreadPool pool : this.pools) {
            if (!pool.isShutdown()) {
                return true;
            }
        }
        return false;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
