package io.github.threadpool.autoconfigure.fleet;

import java.util.concurrent.TimeUnit;

import io.github.threadpool.autoconfigure.JobRecord;
import io.github.threadpool.core.Job;
import io.github.threadpool.core.JobResult;
import io.github.threadpool.core.JobStatus;
import io.github.threadpool.core.ThreadPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A job's record as the one Redis string the fleet writes, and back. */
class RecordCodecTests {

    private final ThreadPool pool = ThreadPool.builder().name("codec").workers(1).build();

    private final RecordCodec codec = new RecordCodec(FleetValueSerializer.toText(), 10);

    @AfterEach
    void close() {
        this.pool.shutdownNow();
    }

    @Test
    void aSucceededJobRoundTripsWithExactTimesItsWorkerAndItsValueCut() throws Exception {
        Job<String> job = this.pool.submit(() -> "a value longer than ten");
        job.get(30, TimeUnit.SECONDS);
        JobResult done = this.pool.findJob(job.id()).orElseThrow();
        String text = this.codec.encode(done, "host:1", 7);
        assertThat(RecordCodec.instanceNumber(text)).isEqualTo(7);
        JobRecord record = RecordCodec.decode("codec", job.id(), text);
        assertThat(record).isNotNull();
        assertThat(record.status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(record.instance()).isEqualTo("host:1");
        assertThat(record.workerName()).isEqualTo("codec-worker-1");
        assertThat(record.submittedAt()).isEqualTo(done.submittedAt());
        assertThat(record.startedAt()).isEqualTo(done.startedAt());
        assertThat(record.finishedAt()).isEqualTo(done.finishedAt());
        assertThat(record.value()).isEqualTo("a value lo…");
        assertThat(record.errorType()).isNull();
        assertThat(record.isLocal()).isFalse();
    }

    @Test
    void aFailedJobKeepsItsErrorTypeAndMessageEvenWithSeparatorsInIt() throws Exception {
        RecordCodec wide = new RecordCodec(FleetValueSerializer.toText(), 100);
        Job<?> job = this.pool.submit(() -> {
            throw new IllegalStateException("odd\u001Ftext");
        });
        org.awaitility.Awaitility.await().until(job::isDone);
        JobRecord record = RecordCodec.decode("codec", job.id(),
                wide.encode(this.pool.findJob(job.id()).orElseThrow(), "i", 1));
        assertThat(record.status()).isEqualTo(JobStatus.FAILED);
        assertThat(record.errorType()).isEqualTo(IllegalStateException.class.getName());
        assertThat(record.errorMessage()).isEqualTo("odd text");
        assertThat(record.value()).isNull();
    }

    @Test
    void aQueuedJobHasNoStartNoFinishAndNoWorkerAndAnEmptyValueIsNotAbsent() throws Exception {
        RecordCodec empty = new RecordCodec((value) -> "", 10);
        java.util.concurrent.CountDownLatch gate = new java.util.concurrent.CountDownLatch(1);
        this.pool.submit(() -> {
            gate.await();
            return null;
        });
        Job<?> queued = this.pool.submit(() -> "later");
        JobRecord record = RecordCodec.decode("codec", queued.id(), empty.encode(this.pool.findJob(queued.id()).orElseThrow(),
                "i", 1)); // one worker, held by the first job: this one waits
        assertThat(record.status()).isEqualTo(JobStatus.QUEUED);
        assertThat(record.startedAt()).isNull();
        assertThat(record.finishedAt()).isNull();
        assertThat(record.workerName()).isNull();
        gate.countDown();
        queued.get(30, TimeUnit.SECONDS);
        JobRecord done = RecordCodec.decode("codec", queued.id(),
                empty.encode(this.pool.findJob(queued.id()).orElseThrow(), "i", 1));
        assertThat(done.value()).isEqualTo("");
    }

    @Test
    void aJobThatReturnedNothingIsMirroredWithNoValueRatherThanTheWordNull() throws Exception {
        Job<?> job = this.pool.submit(() -> { });
        job.get(30, TimeUnit.SECONDS);
        JobRecord record = RecordCodec.decode("codec", job.id(),
                this.codec.encode(this.pool.findJob(job.id()).orElseThrow(), "i", 1));
        assertThat(record.status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(record.value()).isNull();
    }

    @Test
    void textThatIsNotARecordOfThisFormatIsNoRecord() {
        assertThat(RecordCodec.decode("codec", 1, "hello")).isNull();
        assertThat(RecordCodec.decode("codec", 1, "2\u001FQUEUED\u001F1\u001F=i\u001F\u001F1\u001F\u001F\u001F\u001F")).isNull();
    }
}
