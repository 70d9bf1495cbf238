package io.github.threadpool.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntConsumer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One recorder records jobs into a store with a tiny {@code maxRetained} (ids shuffled in blocks of 32,
 * so index entries collide and spill) while readers look ids up, read {@code recent} and {@code poll}:
 * a lookup returns the job asked for and no other, never one evicted by count before it began (nor,
 * with a time-to-live of 0.2 ms, one that had expired), and never misses one recorded before it began
 * that could not have been evicted before it ended; {@code recent} is newest first inside the window
 * and {@code poll} in recording order. Slots are reused all the time, so a lookup that read a record
 * while it was being rewritten and believed it would show here.
 */
class ResultStoreStressTest {

    static final int JOBS = 400_000;

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 5, 8, 13})
    void lookupsByIdNeverReturnAWrongOrEvictedJobNorMissALiveOne(int maxRetained) throws Exception {
        ResultStore store = new ResultStore(maxRetained, Duration.ofDays(1), 0, null);
        long[] idOfSeq = new long[JOBS];
        long[] seqOfId = new long[JOBS + 64];
        // ids 1..JOBS, shuffled inside windows of 32
        for (int i = 0; i < JOBS; i++) {
            idOfSeq[i] = i + 1;
        }
        ThreadLocalRandom r = ThreadLocalRandom.current();
        for (int base = 0; base < JOBS; base += 32) {
            int end = Math.min(JOBS, base + 32);
            for (int i = end - 1; i > base; i--) {
                int j = base + r.nextInt(i - base + 1);
                long t = idOfSeq[i];
                idOfSeq[i] = idOfSeq[j];
                idOfSeq[j] = t;
            }
        }
        for (int i = 0; i < JOBS; i++) {
            seqOfId[(int) idOfSeq[i]] = i;
        }
        PoolJob<?>[] jobs = new PoolJob<?>[JOBS];
        long now = System.nanoTime();
        for (int i = 0; i < JOBS; i++) {
            PoolJob<String> job = PoolJob.of(null, () -> "x");
            job.id = idOfSeq[i];
            job.submittedNanos = now;
            jobs[i] = job;
        }
        Race race = new Race();
        ConcurrentLinkedQueue<String> failures = race.failures;
        List<Runnable> readers = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            readers.add(() -> {
                ThreadLocalRandom rnd = ThreadLocalRandom.current();
                while (race.going()) {
                    long c0 = race.done;
                    long target = c0 - 1 - rnd.nextInt(maxRetained + 40) + 20; // around the window
                    if (target < 0 || target >= JOBS) {
                        continue;
                    }
                    long id = idOfSeq[(int) target];
                    Optional<JobResult> got = store.get(id);
                    long c1 = race.done;
                    if (got.isPresent()) {
                        if (got.get().id() != id) {
                            failures.add("get(" + id + ") returned job " + got.get().id());
                        }
                        if (target < c0 - maxRetained) {
                            failures.add("get(" + id + ") seq " + target + " evicted before lookup (done=" + c0 + ")");
                        }
                        if (target >= c1 + 1) {
                            failures.add("get(" + id + ") seq " + target + " not yet recorded (done=" + c1 + ")");
                        }
                    } else if (target < c0 && target > c1 - maxRetained) {
                        failures.add("get(" + id + ") missed seq " + target + " (done " + c0 + ".." + c1 + ")");
                    }
                }
            });
        }
        readers.add(() -> {
            long lastPolled = -1;
            while (race.going()) {
                long c0 = race.done;
                List<JobResult> recent = store.recent(maxRetained + 1);
                long c1 = race.done;
                long prev = Long.MAX_VALUE;
                if (recent.size() > maxRetained) {
                    failures.add("recent returned " + recent.size());
                }
                for (JobResult j : recent) {
                    long s = seqOfId[(int) j.id()];
                    if (s >= prev || s > c1 || s < c0 - maxRetained) {
                        failures.add("recent: seq " + s + " after " + prev + " (done " + c0 + ".." + c1 + ")");
                    }
                    prev = s;
                }
                Optional<JobResult> polled = store.poll();
                if (polled.isPresent()) {
                    long s = seqOfId[(int) polled.get().id()];
                    if (s <= lastPolled) {
                        failures.add("poll: seq " + s + " after " + lastPolled);
                    }
                    lastPolled = s;
                }
            }
        });
        race.run(JOBS, i -> store.record(jobs[i]), readers);
        assertThat(failures).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 8, 64})
    void lookupsByIdRespectTheTimeToLive(int maxRetained) throws Exception {
        long ttl = 200_000L; // 0.2 ms
        ResultStore store = new ResultStore(maxRetained, Duration.ofNanos(ttl), 0, null);
        int n = 200_000;
        long[] finishOfSeq = new long[n];
        PoolJob<?>[] jobs = new PoolJob<?>[n];
        for (int i = 0; i < n; i++) {
            PoolJob<String> job = PoolJob.of(null, () -> "x");
            job.id = i + 1;
            jobs[i] = job;
        }
        Race race = new Race();
        ConcurrentLinkedQueue<String> failures = race.failures;
        long[] lastFinish = new long[1];
        IntConsumer recordOne = i -> {
            // completion order keeps finish order
            long f = Math.max(lastFinish[0], System.nanoTime() - ThreadLocalRandom.current().nextLong(2 * ttl));
            lastFinish[0] = f;
            jobs[i].submittedNanos = f;
            finishOfSeq[i] = jobs[i].finishedNanos();
            store.record(jobs[i]);
        };
        List<Runnable> readers = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            readers.add(() -> {
                ThreadLocalRandom rnd = ThreadLocalRandom.current();
                while (race.going()) {
                    long c0 = race.done;
                    long target = c0 - 1 - rnd.nextInt(maxRetained + 4);
                    if (target < 0) {
                        continue;
                    }
                    long finish = finishOfSeq[(int) target];
                    long before = System.nanoTime();
                    Optional<JobResult> got = store.get(target + 1);
                    long after = System.nanoTime();
                    long c1 = race.done;
                    if (got.isPresent()) {
                        if (got.get().id() != target + 1) {
                            failures.add("wrong id");
                        }
                        if (before - finish > ttl) {
                            failures.add("get(" + (target + 1) + ") expired " + (before - finish - ttl) + " ns before the lookup");
                        }
                    } else if (after - finish <= ttl && target > c1 - maxRetained) {
                        failures.add("get(" + (target + 1) + ") missed a young result, age " + (after - finish));
                    }
                }
            });
        }
        readers.add(() -> {
            while (race.going()) {
                store.figures(); // evicts by age
                store.poll();
            }
        });
        race.run(n, recordOne, readers);
        assertThat(failures).isEmpty();
    }

    /** One recorder against readers that look while it records, each reporting what it saw wrong. */
    private static final class Race {
        /** How many jobs the recorder has recorded: read by readers before and after each look. */
        volatile long done;
        private volatile boolean over;
        final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();

        /** Whether a reader should look again: the recorder is still recording and few failures are in. */
        boolean going() {
            return !over && failures.size() < 10;
        }

        /** Records jobs 0 to {@code jobs - 1} in one thread with {@code recordOne} while {@code readers} run; waits for all. */
        void run(int jobs, IntConsumer recordOne, List<Runnable> readers) throws InterruptedException {
            List<Thread> threads = new ArrayList<>();
            readers.forEach(reader -> threads.add(new Thread(reader)));
            threads.forEach(Thread::start);
            for (int i = 0; i < jobs && failures.isEmpty(); i++) {
                recordOne.accept(i);
                done = i + 1;
            }
            over = true;
            for (Thread thread : threads) {
                thread.join();
            }
        }
    }
}
