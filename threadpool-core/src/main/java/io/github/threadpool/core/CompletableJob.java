package io.github.threadpool.core;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * A job of a {@link ThreadPool} as a {@link CompletableFuture}: from
 * {@link ThreadPool#submitCompletable(java.util.concurrent.Callable)}. It is the same job
 * {@code submit} would create — the same id, status, result in the store, counts and listeners — and
 * this future completes when the job's final state is published: with its value when it
 * {@linkplain JobStatus#SUCCEEDED succeeded}, exceptionally with its throwable when it
 * {@linkplain JobStatus#FAILED failed}, and as cancelled when it was
 * {@linkplain JobStatus#CANCELLED cancelled}.
 *
 * <p>{@link #cancel(boolean)} cancels the job (interrupting it if it runs and that is allowed).
 * Dependent stages ({@code thenApply}, ...) are plain {@code CompletableFuture}s. Completing this
 * future by other means ({@code complete}, {@code obtrudeValue}, {@code orTimeout}) completes the
 * future only: the job goes on as before, and its id and status stay the job's.
 *
 * @param <T> the type of the job's value
 */
public final class CompletableJob<T> extends CompletableFuture<T> implements Job<T> {

    private final PoolJob<T> job;

    CompletableJob(PoolJob<T> job) {
        this.job = job;
        job.whenDone(this::publish);
    }

    /** Called once the job's final state is published. */
    private void publish() {
        switch (job.status()) {
            case SUCCEEDED:
                super.complete(job.valueNow());
                break;
            case FAILED:
                // Wrapped, so that a body that threw CancellationException reads as failed, not cancelled.
                super.completeExceptionally(new CompletionException(job.error()));
                break;
            default:
                super.cancel(false);
                break;
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

    /**
     * Cancels the job, as {@link Job#cancel(boolean)}: true if this call cancelled it. Once it returns,
     * this future is done.
     */
    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        return job.cancel(mayInterruptIfRunning);
    }

    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
        return new CompletableFuture<>();
    }

    @Override
    public String toString() {
        return "CompletableJob[id=" + id() + ", status=" + status() + "]";
    }
}
