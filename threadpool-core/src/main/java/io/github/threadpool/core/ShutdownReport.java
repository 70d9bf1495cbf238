package io.github.threadpool.core;

import java.time.Duration;

/**
 * What a graceful shutdown did with the jobs that were accepted but unfinished when it began.
 *
 * <p>It accounts for every one of them:
 * {@code pending == succeeded + failed + cancelledUnstarted + interrupted + stillRunning}.
 *
 * @param pending jobs queued or running when the shutdown began
 * @param succeeded of those, the jobs that {@linkplain JobStatus#SUCCEEDED succeeded} before the deadline
 * @param failed of those, the jobs that {@linkplain JobStatus#FAILED failed} before the deadline
 * @param cancelledUnstarted of those, the jobs cancelled before they started, at the deadline or
 *        by a caller during the drain
 * @param interrupted of those, the jobs still running on a worker at the deadline, cancelled and interrupted
 * @param stillRunning of those, the jobs still running and left alone: the job that called
 *        {@link ThreadPool#shutdownGracefully(Duration)} from inside the pool, and at the deadline the
 *        jobs run by threads that are not the pool's (a {@code CALLER_RUNS} submitter, a caller of
 *        {@code run()}), which the pool does not interrupt; the pool terminates when they end
 * @param elapsed how long the shutdown took
 */
public record ShutdownReport(long pending, long succeeded, long failed, long cancelledUnstarted, long interrupted,
        long stillRunning, Duration elapsed) {

    /**
     * Whether every pending job ran to the end before the call returned: nothing was cancelled,
     * interrupted or left running. Then the pool has terminated. A call from inside one of the pool's
     * jobs never drains, since that job is still running.
     */
    public boolean drained() {
        return cancelledUnstarted == 0 && interrupted == 0 && stillRunning == 0;
    }

    /** One line for a log, with every figure. */
    @Override
    public String toString() {
        return String.format("%d pending job(s): %d succeeded and %d failed during drain, %d cancelled unstarted, "
                + "%d interrupted, %d still running; took %d ms", pending, succeeded, failed, cancelledUnstarted,
                interrupted, stillRunning, elapsed.toMillis());
    }
}
