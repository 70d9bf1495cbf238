package io.github.threadpool.core;

import java.lang.System.Logger.Level;
import java.util.List;

/** A pool's listeners as one: each event reaches every listener in the order added; what one throws is logged and ignored. */
final class JobListeners implements JobListener {

    private static final System.Logger LOG = System.getLogger(ThreadPool.class.getName());

    private final JobListener[] listeners;
    private final String poolName;

    private JobListeners(JobListener[] listeners, String poolName) {
        this.listeners = listeners;
        this.poolName = poolName;
    }

    /** The listeners as one, or {@code null} when there are none. */
    static JobListener of(List<JobListener> listeners, String poolName) {
        return listeners.isEmpty() ? null : new JobListeners(listeners.toArray(new JobListener[0]), poolName);
    }

    @Override
    public void queued(JobResult job) {
        for (JobListener listener : listeners) {
            try {
                listener.queued(job);
            } catch (Throwable t) {
                failed("queued", job, t);
            }
        }
    }

    @Override
    public void started(JobResult job) {
        for (JobListener listener : listeners) {
            try {
                listener.started(job);
            } catch (Throwable t) {
                failed("started", job, t);
            }
        }
    }

    @Override
    public void finished(JobResult job) {
        for (JobListener listener : listeners) {
            try {
                listener.finished(job);
            } catch (Throwable t) {
                // A listener must not break the job's bookkeeping: its final state is still to be published.
                failed("finished", job, t);
            }
        }
    }

    private void failed(String event, JobResult job, Throwable t) {
        LOG.log(Level.WARNING, "Pool '" + poolName + "': job listener failed on " + event + " for job " + job.id(), t);
    }
}
