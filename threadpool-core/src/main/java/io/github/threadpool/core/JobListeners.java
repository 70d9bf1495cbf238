package io.github.threadpool.core;

import java.util.List;
import java.util.function.BiConsumer;

/**
 * Several {@link JobListener}s as one, called in the order added. Each is called on its own, so one
 * that throws does not keep the next from being told; the first failure is rethrown at the end (the
 * others suppressed in it), for the pool to log.
 */
final class JobListeners implements JobListener {

    private final JobListener[] listeners;

    private JobListeners(JobListener[] listeners) {
        this.listeners = listeners;
    }

    /** The listeners as one; the only one itself if there is one; null if there is none. */
    static JobListener of(List<JobListener> listeners) {
        if (listeners.isEmpty()) {
            return null;
        }
        return listeners.size() == 1 ? listeners.get(0) : new JobListeners(listeners.toArray(new JobListener[0]));
    }

    @Override
    public void queued(JobResult job) {
        tellEach(job, JobListener::queued);
    }

    @Override
    public void started(JobResult job) {
        tellEach(job, JobListener::started);
    }

    @Override
    public void finished(JobResult job) {
        tellEach(job, JobListener::finished);
    }

    private void tellEach(JobResult job, BiConsumer<JobListener, JobResult> event) {
        Throwable failure = null;
        for (JobListener listener : listeners) {
            try {
                event.accept(listener, job);
            } catch (Throwable e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            JobListeners.<RuntimeException>rethrow(failure);
        }
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> void rethrow(Throwable failure) throws E {
        throw (E) failure;
    }
}
