package io.github.threadpool.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A pool's run state: one word that only moves forward, as {@code ThreadPoolExecutor}'s {@code ctl}.
 * {@link Lifecycle} owns it; the {@link JobQueue} is handed it and makes the shutdown transitions with
 * both its locks held.
 */
final class RunState {

    /*
     * The word, and who moves it:
     *
     *   RUNNING ──shutdown / close / drain──► SHUTDOWN ──(workers exited, nothing unfinished)──► TERMINATED
     *      └─────────shutdownNow / drain deadline──► STOP ─────────────────────────────────────────┘
     *
     * RUNNING → SHUTDOWN  JobQueue.close(), both queue locks held: no job is accepted from now on.
     * RUNNING, SHUTDOWN → STOP
     *                     JobQueue.stop(), both queue locks held: no job is taken from now on either.
     *                     A submission and a take read the word inside the critical section in which
     *                     they act, so each sees a transition entirely before or entirely after it.
     * SHUTDOWN, STOP → TERMINATED
     *                     Lifecycle.isTerminated(), no lock held, once it finds no worker alive, every
     *                     accepted job settled and no job run or published outside the workers. Once
     *                     those hold together after shutdown, no job is accepted and no worker starts
     *                     again, so the transition is for good and needs no lock; a STOP it races
     *                     loses nothing (the queue is empty then).
     *
     * advanceTo never moves the word back, so a reader that saw a state sees it or a later one from
     * then on. The states are ordered, and "at least" is the question every reader asks: a stopped or
     * terminated pool is shut down too. TERMINATED keeps no record of whether STOP came first; nothing
     * needs it, as a terminated pool has neither queued jobs nor workers.
     */
    static final int RUNNING = 0;
    static final int SHUTDOWN = 1;
    static final int STOP = 2;
    static final int TERMINATED = 3;

    private static final VarHandle WORD;

    static {
        try {
            WORD = MethodHandles.lookup().findVarHandle(RunState.class, "word", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** One of the constants above; written only by {@link #advanceTo}, with a CAS. */
    private volatile int word = RUNNING;

    int get() {
        return word;
    }

    /** Whether no job is accepted any more: SHUTDOWN, STOP or TERMINATED. */
    boolean isShutdown() {
        return word >= SHUTDOWN;
    }

    /** Whether no job is taken any more: STOP, or TERMINATED. */
    boolean isStopping() {
        return word >= STOP;
    }

    boolean isTerminated() {
        return word == TERMINATED;
    }

    /**
     * Moves the word to {@code target} unless it is there or past it already. Returns whether this call
     * moved it.
     */
    boolean advanceTo(int target) {
        if (target < RUNNING || target > TERMINATED) {
            throw new IllegalArgumentException("no such run state: " + target);
        }
        for (;;) {
            int current = word;
            if (current >= target) {
                return false;
            }
            if (WORD.compareAndSet(this, current, target)) {
                return true;
            }
        }
    }

    /** The public view of {@code state}: SHUTDOWN and STOP are both shutting down. */
    static PoolState poolState(int state) {
        switch (state) {
            case RUNNING:
                return PoolState.RUNNING;
            case SHUTDOWN:
            case STOP:
                return PoolState.SHUTTING_DOWN;
            default:
                return PoolState.TERMINATED;
        }
    }

    @Override
    public String toString() {
        switch (word) {
            case RUNNING:
                return "RUNNING";
            case SHUTDOWN:
                return "SHUTDOWN";
            case STOP:
                return "STOP";
            default:
                return "TERMINATED";
        }
    }
}
