package io.github.threadpool.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Lookups by id through the result store's index, and evicted results let go of. */
class ResultIndexTest {

    private ThreadPool pool;
    private final Gate gate = new Gate();

    @AfterEach
    void tearDown() {
        gate.open();
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    @Test
    void everyRetainedResultIsFoundByIdAndNothingElseIs() throws Exception {
        int jobs = 20_000;
        int retained = 1_000; // not a power of two: the ring is larger than the window
        pool = ThreadPool.builder().workers(4).queueCapacity(jobs).maxRetainedResults(retained).build();
        List<Job<Integer>> submitted = new ArrayList<>();
        for (int i = 0; i < jobs; i++) {
            int spins = ThreadLocalRandom.current().nextInt(200); // finish out of id order
            submitted.add(pool.submit(() -> {
                int x = 0;
                for (int k = 0; k < spins; k++) {
                    x += k;
                }
                return x;
            }));
        }
        for (Job<Integer> job : submitted) {
            job.get(Gate.WAIT_SECONDS, TimeUnit.SECONDS);
        }
        // The window, read by scanning the ring in completion order, is the reference.
        Set<Long> window = new HashSet<>();
        pool.results().recent(retained).forEach(r -> window.add(r.id()));
        assertThat(window).hasSize(retained);
        for (long id = 1; id <= jobs; id++) {
            assertThat(pool.results().get(id).isPresent()).as("id %d", id).isEqualTo(window.contains(id));
            if (window.contains(id)) {
                assertThat(pool.results().get(id).orElseThrow().id()).isEqualTo(id);
                assertThat(pool.findJob(id)).isPresent();
            }
        }
        assertThat(pool.results().get(0)).isEmpty();
        assertThat(pool.results().get(-1)).isEmpty();
        assertThat(pool.results().get(jobs + 1)).isEmpty();
        assertThat(pool.findJob(jobs + 1)).isEmpty();
        assertThat(pool.findJob(Long.MAX_VALUE)).isEmpty();
    }

    @Test
    void aLateFinisherAmongManyIsFoundById() throws Exception {
        pool = ThreadPool.builder().workers(2).queueCapacity(10_000).maxRetainedResults(64).build();
        Job<String> late = pool.submit(gate.job("late"));
        gate.awaitStarted(1);
        Job<?> last = null;
        for (int i = 0; i < 5_000; i++) {
            last = pool.submit(() -> "quick");
        }
        last.get(Gate.WAIT_SECONDS, TimeUnit.SECONDS);
        gate.open();
        late.get(Gate.WAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(pool.results().get(late.id())).get().extracting(JobResult::value).isEqualTo("late");
        assertThat(pool.results().get(last.id())).isPresent();
    }

    @Test
    void entriesWhoseTwoBucketsAreFullSpillToTheNextAndAreStillFound() throws Exception {
        int buckets = 16;
        ResultStore store = new ResultStore(64, Duration.ofMinutes(1), buckets, null);
        long pair = store.bucketsOf(1);
        List<Long> colliding = new ArrayList<>();
        for (long id = 1; colliding.size() < 24; id++) {
            if (store.bucketsOf(id) == pair) {
                colliding.add(id); // all want the same two buckets of 8 entries
            }
        }
        try (ThreadPool owner = ThreadPool.builder().workers(1).build()) {
            for (long id : colliding) {
                PoolJob<String> job = PoolJob.of(owner, () -> "x");
                job.id = id;
                job.submittedNanos = System.nanoTime(); // finished as submitted: young
                store.record(job);
            }
            assertThat(store.spill()).isPositive();
            for (long id : colliding) {
                assertThat(store.get(id)).as("id %d", id).get().extracting(JobResult::id).isEqualTo(id);
            }
            assertThat(store.get(colliding.get(colliding.size() - 1) + 1)).isEmpty();
        }
    }

    @Test
    void aResultEvictedByCountIsLetGoAtOnce() throws Exception {
        pool = ThreadPool.builder().workers(1).maxRetainedResults(5).build(); // a ring of 8 slots
        WeakReference<byte[]> value = submitAndForget();
        for (int i = 0; i < 5; i++) {
            pool.submit(() -> "newer").get(Gate.WAIT_SECONDS, TimeUnit.SECONDS);
        }
        assertThat(pool.results().get(1)).as("evicted").isEmpty();
        assertCollected(value);
    }

    @Test
    void aResultEvictedByAgeIsLetGoByTheNextRead() throws Exception {
        pool = ThreadPool.builder().workers(1).maxRetainedResults(100).resultTimeToLive(Duration.ofMillis(20)).build();
        WeakReference<byte[]> value = submitAndForget();
        pool.submit(() -> "taken off the queue's head").get(Gate.WAIT_SECONDS, TimeUnit.SECONDS);
        await().atMost(Gate.WAIT_SECONDS, TimeUnit.SECONDS).until(() -> pool.results().retained() == 0);
        assertCollected(value);
    }

    /** Submits job 1, whose value is 1 MiB, waits for it, and keeps only a weak reference to the value. */
    private WeakReference<byte[]> submitAndForget() throws Exception {
        WeakReference<byte[]>[] ref = new WeakReference[1];
        pool.submit(() -> {
            byte[] big = new byte[1 << 20];
            ref[0] = new WeakReference<>(big);
            return big;
        }).get(Gate.WAIT_SECONDS, TimeUnit.SECONDS);
        return ref[0];
    }

    private static void assertCollected(WeakReference<byte[]> value) {
        await().atMost(Gate.WAIT_SECONDS, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(50)).until(() -> {
            System.gc();
            return value.get() == null;
        });
    }
}
