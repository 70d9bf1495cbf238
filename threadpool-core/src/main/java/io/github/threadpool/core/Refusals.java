package io.github.threadpool.core;

import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;

/**
 * A pool's refused submissions: counts each one and builds the {@link JobRejectedException} that says
 * why, with the queue's depth and capacity at that moment. Only refusals come here, never an accepted job.
 */
final class Refusals {

    private final String name;
    private final JobQueue queue;
    private final RejectionPolicy rejectionPolicy;
    private final long blockTimeoutNanos;
    /** Refusals so far; incremented by any submitting thread. */
    private final LongAdder count = new LongAdder();

    Refusals(String name, JobQueue queue, RejectionPolicy rejectionPolicy, long blockTimeoutNanos) {
        this.name = name;
        this.queue = queue;
        this.rejectionPolicy = rejectionPolicy;
        this.blockTimeoutNanos = blockTimeoutNanos;
    }

    long count() {
        return count.sum();
    }

    JobRejectedException shutDown() {
        return refused(JobRejectedException.Reason.SHUT_DOWN,
                (depth, capacity) -> "Pool '" + name + "' is shut down and accepts no more jobs", null);
    }

    /** The queue was full, and stayed full for the {@code BLOCK} policy's timeout if that is the policy. */
    JobRejectedException queueFull() {
        String waited = rejectionPolicy == RejectionPolicy.BLOCK
                ? " after waiting " + Duration.ofNanos(blockTimeoutNanos) + " for room" : "";
        return refused(JobRejectedException.Reason.QUEUE_FULL, (depth, capacity) -> "Pool '" + name
                + "' rejected a job: its queue is full (capacity " + capacity + ", depth " + depth + ")" + waited, null);
    }

    /** A {@code BLOCK} submitter was interrupted while it waited for room; its interrupt is set again by the caller. */
    JobRejectedException interrupted(InterruptedException cause) {
        return refused(JobRejectedException.Reason.INTERRUPTED, (depth, capacity) -> "Pool '" + name
                + "' rejected a job: interrupted while waiting for room in its queue", cause);
    }

    /** No worker is alive and none could be started: nobody would run the job. */
    JobRejectedException noWorker(IllegalStateException cause) {
        return refused(JobRejectedException.Reason.NO_WORKER, (depth, capacity) -> "Pool '" + name
                + "' rejected a job: no worker is alive (they died) and none could be started: "
                + cause.getMessage() + " (capacity " + capacity + ", depth " + depth + ")", cause);
    }

    /** How a refusal reads, given the queue's depth and capacity at that moment. */
    private interface Message {
        String of(int depth, int capacity);
    }

    private JobRejectedException refused(JobRejectedException.Reason reason, Message message, Throwable cause) {
        count.increment();
        int[] fullness = queue.fullness();
        return new JobRejectedException(name, reason, fullness[0], fullness[1], message.of(fullness[0], fullness[1]),
                cause);
    }
}
