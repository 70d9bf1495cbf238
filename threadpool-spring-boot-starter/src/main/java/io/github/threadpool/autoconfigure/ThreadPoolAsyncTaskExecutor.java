package io.github.threadpool.autoconfigure;

import java.util.concurrent.Callable;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

import io.github.threadpool.core.CompletableJob;
import io.github.threadpool.core.Job;
import io.github.threadpool.core.ThreadPool;

import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.core.task.TaskRejectedException;

/**
 * A pool as Spring's {@link AsyncTaskExecutor}: what {@code @Async} methods run on when
 * {@code threadpool.async.enabled=true}. Every submission is a job of the pool, so the caller of an
 * {@code @Async} method that returns {@code CompletableFuture} gets a {@link CompletableJob} — a
 * {@link Job} with its id, to find or cancel it — and the method reads its own job with
 * {@link Job#current()}. A refusal is thrown as Spring's {@link TaskRejectedException}, with the pool's
 * {@code JobRejectedException} as its cause, as Spring's own executors do.
 */
public final class ThreadPoolAsyncTaskExecutor implements AsyncTaskExecutor {

    private final ThreadPool pool;

    public ThreadPoolAsyncTaskExecutor(ThreadPool pool) {
        this.pool = pool;
    }

    /** The pool the jobs run on. */
    public ThreadPool pool() {
        return this.pool;
    }

    @Override
    public void execute(Runnable task) {
        offer(task, () -> {
            this.pool.execute(task);
            return null;
        });
    }

    @Override
    public Job<?> submit(Runnable task) {
        return offer(task, () -> this.pool.submit(task));
    }

    @Override
    public <T> Job<T> submit(Callable<T> task) {
        return offer(task, () -> this.pool.submit(task));
    }

    @Override
    public CompletableJob<Void> submitCompletable(Runnable task) {
        return offer(task, () -> this.pool.submitCompletable(task));
    }

    @Override
    public <T> CompletableJob<T> submitCompletable(Callable<T> task) {
        return offer(task, () -> this.pool.submitCompletable(task));
    }

    /** Runs {@code submission}; a refusal of {@code task} is thrown as Spring's {@link TaskRejectedException}. */
    private <R> R offer(Object task, Supplier<R> submission) {
        try {
            return submission.get();
        }
        catch (RejectedExecutionException ex) {
            throw new TaskRejectedException(this.pool, task, ex);
        }
    }

    @Override
    public String toString() {
        return "ThreadPoolAsyncTaskExecutor[" + this.pool.name() + "]";
    }
}
