package io.github.threadpool.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The queue's view of the pool's live workers — an array of them, for snapshots of what each is
 * running — and the retirement requests of a lowered worker count. Guarded by the queue's take lock,
 * under which a worker decides, at each take, whether it exits: a worker is added before it starts
 * and removed in the critical section in which it decides to exit, so every view sees
 * {@code busy <= alive}, and the array holds only live workers.
 */
final class WorkerSlots {

    private final ReentrantLock takeLock;
    private Worker[] workers = new Worker[4];
    private int alive;
    /** Workers asked to exit at their next look (a lowered setWorkers); the last alive worker declines. */
    private int retireRequests;

    WorkerSlots(ReentrantLock takeLock) {
        this.takeLock = takeLock;
    }

    /** A worker about to start: from now on it counts as alive. */
    void add(Worker worker) {
        assert takeLock.isHeldByCurrentThread();
        if (alive == workers.length) {
            workers = Arrays.copyOf(workers, alive * 2);
        }
        workers[alive++] = worker;
        worker.registered = true;
    }

    /** A worker that exits. Idempotent. */
    void remove(Worker worker) {
        assert takeLock.isHeldByCurrentThread();
        if (!worker.registered) {
            return;
        }
        worker.registered = false;
        for (int i = 0; i < alive; i++) {
            if (workers[i] == worker) {
                workers[i] = workers[--alive];
                workers[alive] = null;
                break;
            }
        }
        if (workers.length > 8 && alive * 4 < workers.length) {
            workers = Arrays.copyOf(workers, workers.length / 2);
        }
    }

    int alive() {
        assert takeLock.isHeldByCurrentThread();
        return alive;
    }

    /** What each live worker is running, and for how long at {@code nowNanos}, read after every claim so far. */
    List<PoolSnapshot.BusyWorker> busy(long nowNanos) {
        assert takeLock.isHeldByCurrentThread();
        List<PoolSnapshot.BusyWorker> busy = new ArrayList<>();
        for (int i = 0; i < alive; i++) {
            Worker worker = workers[i];
            PoolJob<?> job = worker.current; // written only under takeLock
            if (job != null) {
                busy.add(new PoolSnapshot.BusyWorker(worker.name(), job.id(), Duration.ofNanos(job.runningNanos(nowNanos))));
            }
        }
        return busy;
    }

    /** Whether a worker should retire now: one is asked to, and another is alive to stay. */
    boolean retirementDue() {
        assert takeLock.isHeldByCurrentThread();
        return retireRequests > 0 && alive > 1;
    }

    /** A worker retires: one request is consumed. */
    void retired() {
        assert takeLock.isHeldByCurrentThread();
        retireRequests--;
    }

    void requestRetirement(int count) {
        assert takeLock.isHeldByCurrentThread();
        retireRequests += count;
    }

    /** Withdraws up to {@code count} pending retirement requests; returns how many it withdrew. */
    int withdrawRetirement(int count) {
        assert takeLock.isHeldByCurrentThread();
        int withdrawn = Math.min(count, retireRequests);
        retireRequests -= withdrawn;
        return withdrawn;
    }

    /** For tests: the array's length. */
    int capacity() {
        assert takeLock.isHeldByCurrentThread();
        return workers.length;
    }
}
