package io.github.threadpool.autoconfigure.web;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import io.github.threadpool.core.JobRejectedException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** One WARN line per pool per interval, each with the count of refusals since the last. */
class RejectionLogTests {

    private final AtomicLong clock = new AtomicLong(1_000_000L);

    private final List<String> lines = new ArrayList<>();

    private final RejectionLog log = new RejectionLog(Duration.ofMinutes(1), this.clock::get, this.lines::add);

    @Test
    void aFloodIsOneLinePerPoolPerIntervalWithTheCountSinceTheLastLine() {
        this.log.rejected(refusal("reports"));
        assertThat(this.lines).containsExactly("Thread pool 'reports' refused 1 job submitted in web requests, answered "
                + "503: QUEUE_FULL, queue depth 2 of 2. Logged at most once per 1m per pool; the threadpool.jobs.rejected "
                + "counter counts every refusal.");
        for (int i = 0; i < 3225; i++) {
            this.clock.addAndGet(10_000_000L); // 10 ms apart: 32 s in all, within the interval
            this.log.rejected(refusal("reports"));
        }
        this.log.rejected(refusal("emails"));
        assertThat(this.lines).hasSize(2);
        assertThat(this.lines.get(1)).startsWith("Thread pool 'emails' refused 1 job submitted in web requests");
        this.clock.addAndGet(Duration.ofSeconds(30).toNanos());
        this.log.rejected(refusal("reports"));
        assertThat(this.lines).hasSize(3);
        assertThat(this.lines.get(2)).startsWith("Thread pool 'reports' refused 3226 jobs submitted in web requests");
    }

    private static JobRejectedException refusal(String pool) {
        return new JobRejectedException(pool, JobRejectedException.Reason.QUEUE_FULL, 2, 2, "full");
    }
}
