package io.github.threadpool.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@link ThreadPool#invokeAny}: the tasks run as ordinary jobs of the pool — each with its id, its
 * outcome recorded and counted — and the caller waits for the first to finish, as
 * {@code AbstractExecutorService} does, submitting the next task only while none has finished yet.
 *
 * <p>Why not {@code AbstractExecutorService}'s own: it goes through an
 * {@code ExecutorCompletionService}, which wraps each task in a {@code FutureTask} of its own and
 * hands the pool that wrapper to {@code execute}; the pool then recorded the wrapper, whose outcome is
 * always a {@code null} value — failed tasks were counted as succeeded and their results never
 * stored — and it submitted every task even with a timeout of zero. Here each job tells the caller it
 * is done through {@link PoolJob#whenDone}, however it ends (a job cancelled while queued, by a
 * shutdown, runs no code to say so).
 *
 * <p>Not thread-safe: one instance per call, used by the calling thread only; the jobs' callbacks only
 * add to {@link #finished}.
 */
final class InvokeAny<T> {

    private final ThreadPool pool;
    private final Iterator<? extends Callable<T>> tasks;
    private final List<PoolJob<T>> submitted;
    /** Jobs whose final state is published, in the order they finished. Unbounded, so that adding (in a publisher's callback) never fails. */
    private final BlockingQueue<PoolJob<T>> finished;

    private InvokeAny(ThreadPool pool, Collection<? extends Callable<T>> tasks) {
        this.pool = pool;
        this.tasks = tasks.iterator();
        this.submitted = new ArrayList<>(tasks.size());
        this.finished = new LinkedBlockingQueue<>();
    }

    /**
     * The value of the first job to succeed; the others are cancelled (interrupting those running)
     * before this returns or throws, whatever it throws.
     *
     * @param tasks checked for nulls by the caller; must not be empty
     * @param nanos the time allowed when {@code timed}: zero or less submits one job and waits for none
     * @throws ExecutionException if every task failed (or was cancelled): the last failure
     * @throws TimeoutException if the time ran out before a job succeeded and while tasks were left
     */
    static <T> T invoke(ThreadPool pool, Collection<? extends Callable<T>> tasks, boolean timed, long nanos)
            throws InterruptedException, ExecutionException, TimeoutException {
        if (tasks.isEmpty()) {
            throw new IllegalArgumentException("tasks must not be empty");
        }
        InvokeAny<T> call = new InvokeAny<>(pool, tasks);
        try {
            return call.firstSuccess(timed, nanos);
        } finally {
            for (PoolJob<T> job : call.submitted) {
                job.cancel(true);
            }
        }
    }

    private T firstSuccess(boolean timed, long nanos) throws InterruptedException, ExecutionException, TimeoutException {
        long start = System.nanoTime();
        ExecutionException lastFailure = null;
        submitNext();
        int running = 1;
        for (;;) {
            PoolJob<T> job = finished.poll();
            if (job == null) {
                long left = timed ? left(start, nanos) : Long.MAX_VALUE;
                if (tasks.hasNext() && left > 0L) {
                    submitNext(); // none has finished yet: try another at once, as AbstractExecutorService does
                    running++;
                    continue;
                }
                if (running == 0) {
                    break; // every task tried, every one failed
                }
                job = timed ? finished.poll(left, TimeUnit.NANOSECONDS) : finished.take();
                if (job == null) {
                    throw new TimeoutException("no job of invokeAny succeeded within " + Duration.ofNanos(Math.max(0L, nanos)));
                }
            }
            running--;
            try {
                return job.get(); // published: does not wait
            } catch (ExecutionException e) {
                lastFailure = e;
            } catch (RuntimeException cancelled) {
                lastFailure = new ExecutionException(cancelled);
            }
            if (running == 0 && tasks.hasNext() && timed && left(start, nanos) == 0L) {
                TimeoutException timeout = new TimeoutException("no job of invokeAny succeeded within "
                        + Duration.ofNanos(Math.max(0L, nanos)) + "; " + submitted.size() + " tried, every one failed");
                timeout.initCause(lastFailure);
                throw timeout;
            }
        }
        throw lastFailure;
    }

    /** The time left of {@code nanos} from {@code start}, never negative: zero or less (down to Long.MIN_VALUE) leaves none. */
    private static long left(long start, long nanos) {
        return nanos <= 0L ? 0L : Math.max(0L, nanos - (System.nanoTime() - start));
    }

    private void submitNext() {
        PoolJob<T> job = (PoolJob<T>) pool.submit(tasks.next());
        submitted.add(job);
        job.whenDone(() -> finished.add(job));
    }
}
