package io.github.threadpool.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiConsumer;

/**
 * The waiting half of a {@link PoolJob}: threads in {@code get()}, a canceller that found the job in
 * a transient state, and callbacks ({@code whenDone}) wait here until the job's final state is
 * published. A Treiber stack of waiters, as in {@code FutureTask}: a waiter pushes its node and
 * parks; the winner publishes the final state with a volatile store and then takes the whole stack
 * ({@link #signalWaiters}), so the common case (nobody waits) costs one volatile read. A waiter parks
 * in the transient states too — the winner may be running a listener there — and one that gives up
 * (timeout, interrupt) unlinks its node.
 */
abstract class AwaitableJob {

    private static final VarHandle WAITERS;

    static {
        try {
            WAITERS = MethodHandles.lookup().findVarHandle(AwaitableJob.class, "waiters", WaitNode.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Threads waiting for the final state: a Treiber stack, taken whole by {@link #signalWaiters}. */
    private volatile WaitNode waiters;

    /** The job's raw state; final from {@link PoolJob#SUCCEEDED} on. */
    abstract int state();

    public abstract long id();

    public abstract JobStatus status();

    /**
     * Whether a {@link #whenDone} callback waits on this job: its publisher then runs the callbacks before
     * it claims another job, so that a stage of a {@link CompletableJob} never runs beside the next job.
     * Read from the stack of waiters itself, so that it costs a job no field.
     */
    final boolean hasCallbacks() {
        for (WaitNode node = waiters; node != null; node = node.next) {
            if (node instanceof WhenDone) {
                return true;
            }
        }
        return false;
    }

    /** Parks until the final state is published, keeping an interrupt that arrives meanwhile for later. */
    final void awaitFinalUninterruptibly() {
        boolean interrupted = false;
        for (;;) {
            try {
                awaitFinal(false, 0L);
                break;
            } catch (InterruptedException e) {
                interrupted = true; // the canceller's own interrupt, most likely: wait on
            } catch (TimeoutException impossible) {
                throw new AssertionError(impossible); // an untimed wait
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Runs a callback of the pool's (a listener, a completion stage) marked as such for this thread:
     * {@link #cancel} called inside one does not wait for a job another thread is finishing, since
     * that thread may be waiting for this callback's caller.
     */
    static void inCallback(Runnable callback) {
        inCallback(AwaitableJob::run, callback, null);
    }

    /**
     * As {@link #inCallback(Runnable)}, for a callback given as a function and its two arguments, so
     * that a caller with a fixed function (a listener's event) allocates nothing per call.
     */
    static <T, U> void inCallback(BiConsumer<T, U> callback, T first, U second) {
        PoolJob<?> outer = CurrentJob.enterCallback(); // Job.current() is empty inside a callback
        try {
            callback.accept(first, second);
        } finally {
            CurrentJob.exitCallback(outer);
        }
    }

    private static void run(Runnable callback, Object unused) {
        callback.run();
    }

    /** Called after the final state's volatile store (or the CAS of a never-accepted job's cancel), so the read below cannot precede it. */
    final void signalWaiters() {
        if (waiters != null) {
            WaitNode node = (WaitNode) WAITERS.getAndSet(this, (WaitNode) null);
            for (; node != null; node = node.next) {
                if (node instanceof WhenDone) {
                    ((WhenDone) node).fire();
                    continue;
                }
                Thread thread = node.thread;
                if (thread != null) {
                    node.thread = null;
                    LockSupport.unpark(thread);
                }
            }
        }
    }

    /**
     * Waits until the job's state is final. Waiters push themselves on a Treiber stack and park; the
     * winner pops the whole stack once the final state is published ({@link #signalWaiters}). A waiter
     * that gives up (timeout, interrupt) clears its node's thread and leaves the node for the winner to
     * skip. A waiter parks whatever the state, transient included (the completion listener runs then).
     *
     * <p>A timed wait of zero or less (down to {@code Long.MIN_VALUE}) looks once and never parks. The
     * deadline may wrap around; only differences from it are compared, as {@code System.nanoTime}
     * requires, so a wait of up to {@code Long.MAX_VALUE} nanoseconds (292 years) is exact.
     */
    final int awaitFinal(boolean timed, long nanos) throws InterruptedException, TimeoutException {
        if (timed && nanos <= 0L) {
            int s = state();
            if (s >= PoolJob.SUCCEEDED) {
                return s;
            }
            throw timedOut(nanos);
        }
        long deadline = timed ? System.nanoTime() + nanos : 0L;
        WaitNode node = null;
        boolean queued = false;
        for (;;) {
            int s = state();
            if (s >= PoolJob.SUCCEEDED) {
                if (node != null) {
                    node.thread = null;
                }
                return s;
            } else if (Thread.interrupted()) {
                removeWaiter(node);
                throw new InterruptedException();
            } else if (node == null) {
                node = new WaitNode();
            } else if (!queued) {
                WaitNode top = waiters;
                node.next = top;
                queued = WAITERS.compareAndSet(this, top, node);
            } else if (timed) {
                long left = deadline - System.nanoTime();
                if (left <= 0L) {
                    removeWaiter(node);
                    throw timedOut(nanos);
                }
                LockSupport.parkNanos(this, left);
            } else {
                LockSupport.park(this);
            }
        }
    }

    /**
     * Unlinks a waiter that gave up (timeout, interrupt), and any other such node it passes, as
     * {@code FutureTask} does: a caller polling a long job with timed {@code get}s leaves nothing
     * behind. A {@link WhenDone} node has no thread and is never unlinked. Races with other removers
     * and with pushes are resolved by starting over when a predecessor turns out to be removed too.
     */
    private void removeWaiter(WaitNode node) {
        if (node == null) {
            return;
        }
        node.thread = null;
        retry:
        for (;;) {
            for (WaitNode pred = null, q = waiters, next; q != null; q = next) {
                next = q.next;
                if (q.thread != null || q instanceof WhenDone) {
                    pred = q;
                } else if (pred != null) {
                    pred.next = next;
                    if (pred.thread == null && !(pred instanceof WhenDone)) {
                        continue retry;
                    }
                } else if (!WAITERS.compareAndSet(this, q, next)) {
                    continue retry;
                }
            }
            return;
        }
    }

    private TimeoutException timedOut(long nanos) {
        return new TimeoutException("job " + id() + " is still " + status() + " after " + Duration.ofNanos(Math.max(0L, nanos)));
    }

    /** A thread waiting in {@link #get}. */
    private static class WaitNode {
        volatile Thread thread = Thread.currentThread();
        WaitNode next;
    }

    /** Instead of a parked thread, a callback for {@link #whenDone}: run once, by whoever sees the final state first. */
    private static final class WhenDone extends WaitNode {
        private final Runnable callback;
        private final AtomicBoolean fired = new AtomicBoolean();

        WhenDone(Runnable callback) {
            this.callback = callback;
            this.thread = null; // nobody to unpark
        }

        void fire() {
            if (fired.compareAndSet(false, true)) {
                inCallback(callback);
            }
        }
    }

    /**
     * Runs {@code callback} once the job's final state is published — in the publishing thread, or at
     * once in this one if it already is — so that {@link ThreadPool#invokeAny} can wait for the first of
     * several jobs to finish, however it finishes (a cancelled job runs no body to say so). It goes on
     * the stack of waiters; the publisher pops it with them. Pushed after the publisher took the stack,
     * it sees the final state itself; pushed before, both may see it, and {@link WhenDone#fire} runs it
     * once. The callback must be short: it runs before the publisher's next job.
     */
    final void whenDone(Runnable callback) {
        WhenDone node = new WhenDone(callback);
        for (;;) {
            if (state() >= PoolJob.SUCCEEDED) {
                node.fire();
                return;
            }
            WaitNode top = waiters;
            node.next = top;
            if (WAITERS.compareAndSet(this, top, node)) {
                if (state() >= PoolJob.SUCCEEDED) { // the publisher may have taken the stack before our push
                    node.fire();
                }
                return;
            }
        }
    }
}
