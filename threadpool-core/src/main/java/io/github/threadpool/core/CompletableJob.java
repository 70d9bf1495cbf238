package io.github.threadpool.core;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * A job of a {@link ThreadPool} as a {@link CompletableFuture}: returned by
 * {@link ThreadPool#submitCompletable}, and so by Spring's {@code AsyncTaskExecutor.submitCompletable},
 * which lets the caller of an {@code @Async} method find its job by {@link #id()}.
 *
 * <p>It is the same job as {@link ThreadPool#submit} would create: the same id, status, result store
 * entry, counts and listeners. The future completes when the job's final state is published: with its
 * value when it succeeded, exceptionally with its throwable when it failed, cancelled when it was
 * cancelled. {@link #cancel(boolean)} cancels the job, interrupting it if it runs and that is allowed.
 * Dependent stages ({@code thenApply}, ...) are plain {@code CompletableFuture}s.
 *
 * @param <T> the type of the job's value
 */
public final class CompletableJob<T> extends CompletableFuture<T> implements Job<T> {

    private final PoolJob<T> job;

    CompletableJob(PoolJob<T> job) {
        this.job = job;
        job.whenDone(this::settle);
    }

    /** Runs once, in the thread that published the job's final state. */
    private void settle() {
        try {
            super.complete(job.get());
        } catch (ExecutionException e) {
            super.completeExceptionally(e.getCause());
        } catch (CancellationException e) {
            super.cancel(false);
        } catch (InterruptedException e) {
            throw new AssertionError("get() does not wait once the final state is published", e);
        }
    }

    @Override
    public long id() {
        return job.id();
    }

    @Override
    public JobStatus status() {
        return job.status();
    }

    /** Cancels the job; the future is cancelled once the job's cancellation is published. */
    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        boolean cancelled = job.cancel(mayInterruptIfRunning);
        return cancelled || isCancelled();
    }

    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
        return new CompletableFuture<>();
    }

    @Override
    public String toString() {
        return "CompletableJob[id=" + job.id() + ", status=" + job.status() + "]";
    }
}
