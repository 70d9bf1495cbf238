package io.github.threadpool.core;

import java.lang.System.Logger.Level;
import java.util.List;
import java.util.function.BiConsumer;

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
        tellEach(job, "queued", JobListener::queued);
    }

    @Override
    public void started(JobResult job) {
        tellEach(job, "started", JobListener::started);
    }

    @Override
    public void finished(JobResult job) {
        // A listener must not break the job's bookkeeping: its final state is still to be published.
        tellEach(job, "finished", JobListener::finished);
    }

    private void tellEach(JobResult job, String event, BiConsumer<JobListener, JobResult> call) {
        for (JobListener listener : listeners) {
            try {
                call.accept(listener, job);
            } catch (Throwable t) {
                failed(event, job, t);
            }
        }
    }

    private void failed(String event, JobResult job, Throwable t) {
        LOG.log(Level.WARNING, "Pool '" + poolName + "': job listener failed on " + event + " for job " + job.id(), t);
    }
}
