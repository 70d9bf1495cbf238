package io.github.threadpool.autoconfigure;

import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;

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
        try {
            this.pool.execute(task);
        }
        catch (RejectedExecutionException ex) {
            throw rejected(task, ex);
        }
    }

    @Override
    public Job<?> submit(Runnable task) {
        try {
            return this.pool.submit(task);
        }
        catch (RejectedExecutionException ex) {
            throw rejected(task, ex);
        }
    }

    @Override
    public <T> Job<T> submit(Callable<T> task) {
        try {
            return this.pool.submit(task);
        }
        catch (RejectedExecutionException ex) {
            throw rejected(task, ex);
        }
    }

    @Override
    public CompletableJob<Void> submitCompletable(Runnable task) {
        try {
            return this.pool.submitCompletable(task);
        }
        catch (RejectedExecutionException ex) {
            throw rejected(task, ex);
        }
    }

    @Override
    public <T> CompletableJob<T> submitCompletable(Callable<T> task) {
        try {
            return this.pool.submitCompletable(task);
        }
        catch (RejectedExecutionException ex) {
            throw rejected(task, ex);
        }
    }

    private TaskRejectedException rejected(Object task, RejectedExecutionException ex) {
        return new TaskRejectedException(this.pool, task, ex);
    }

    @Override
    public String toString() {
        return "ThreadPoolAsyncTaskExecutor[" + this.pool.name() + "]";
    }
}
