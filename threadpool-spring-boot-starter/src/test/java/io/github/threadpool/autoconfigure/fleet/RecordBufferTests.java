package io.github.threadpool.autoconfigure.fleet;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.github.threadpool.core.JobResult;
import io.github.threadpool.core.JobStatus;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The bounded many-producer, one-consumer buffer between workers and the fleet's writer. */
class RecordBufferTests {

    @Test
    void roundsItsCapacityUpToAPowerOfTwoAndRefusesAtOnceWhenFull() {
        RecordBuffer buffer = new RecordBuffer(3);
        assertThat(buffer.capacity()).isEqualTo(4);
        for (int i = 0; i < 4; i++) {
            assertThat(buffer.offer(new Fake(i), 0)).isTrue();
        }
        assertThat(buffer.offer(new Fake(99), 0)).as("full").isFalse();
        assertThat(buffer.size()).isEqualTo(4);
        List<Long> taken = new ArrayList<>();
        assertThat(buffer.poll((job, pool) -> taken.add(job.id()))).isTrue();
        assertThat(buffer.offer(new Fake(4), 1)).as("room again").isTrue();
        while (buffer.poll((job, pool) -> taken.add(job.id()))) {
            // drain
        }
        assertThat(taken).containsExactly(0L, 1L, 2L, 3L, 4L);
        assertThat(buffer.size()).isZero();
    }

    @Test
    void everyEventOfConcurrentProducersIsTakenOnceWithItsPoolUnlessRefused() throws Exception {
        int producers = 4;
        int perProducer = 50_000;
        RecordBuffer buffer = new RecordBuffer(1024);
        ExecutorService threads = Executors.newFixedThreadPool(producers);
        CyclicBarrier start = new CyclicBarrier(producers + 1);
        List<Future<Integer>> refusedCounts = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            int producer = p;
            refusedCounts.add(threads.submit(() -> {
                start.await();
                int refused = 0;
                for (int i = 0; i < perProducer; i++) {
                    if (!buffer.offer(new Fake((long) producer * perProducer + i), producer)) {
                        refused++;
                    }
                }
                return refused;
            }));
        }
        start.await();
        Set<Long> seen = new HashSet<>();
        List<String> wrongPool = new ArrayList<>();
        RecordBuffer.Sink sink = (job, pool) -> {
            assertThat(seen.add(job.id())).as("taken once: %s", job.id()).isTrue();
            if (job.id() / perProducer != pool) {
                wrongPool.add(job.id() + "@" + pool);
            }
        };
        long refused = 0;
        boolean producing = true;
        while (producing) {
            while (buffer.poll(sink)) {
                // keep up
            }
            producing = refusedCounts.stream().anyMatch((f) -> !f.isDone());
        }
        while (buffer.poll(sink)) {
            // the rest
        }
        for (Future<Integer> count : refusedCounts) {
            refused += count.get(30, TimeUnit.SECONDS);
        }
        threads.shutdown();
        assertThat(wrongPool).isEmpty();
        assertThat(seen.size() + refused).isEqualTo((long) producers * perProducer);
    }

    /** Only the id matters to the buffer. */
    private record Fake(long id) implements JobResult {

        @Override
        public JobStatus status() {
            return JobStatus.QUEUED;
        }

        @Override
        public Object value() {
            return null;
        }

        @Override
        public Throwable error() {
            return null;
        }

        @Override
        public Instant submittedAt() {
            return Instant.EPOCH;
        }

        @Override
        public Instant startedAt() {
            return null;
        }

        @Override
        public Instant finishedAt() {
            return null;
        }

        @Override
        public Duration queueWait() {
            return Duration.ZERO;
        }

        @Override
        public Duration runTime() {
            return Duration.ZERO;
        }

        @Override
        public String workerName() {
            return null;
        }
    }
}
