package io.github.threadpool.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CompactNanosTest {

    @Test
    void durationsBelowAboutOneSecondAreExact() {
        for (long nanos : new long[] { 0L, 1L, 999L, 123_456_789L, (1L << 30) - 1 }) {
            assertThat(CompactNanos.decode(CompactNanos.encode(nanos))).isEqualTo(nanos);
        }
    }

    @Test
    void longerDurationsLoseLessThanAMillisecond() {
        for (long nanos : new long[] { 1L << 30, TimeUnit.SECONDS.toNanos(5) + 12_345, TimeUnit.HOURS.toNanos(30) }) {
            long decoded = CompactNanos.decode(CompactNanos.encode(nanos));
            assertThat(decoded).isLessThanOrEqualTo(nanos).isGreaterThan(nanos - TimeUnit.MILLISECONDS.toNanos(1) - 50_000);
        }
    }

    @Test
    void negativeDurationsReadAsZeroAndHugeOnesSaturate() {
        assertThat(CompactNanos.decode(CompactNanos.encode(-5L))).isZero();
        assertThat(CompactNanos.decode(CompactNanos.encode(Long.MAX_VALUE))).isEqualTo(CompactNanos.MAX_NANOS);
        assertThat(CompactNanos.MAX_NANOS).isGreaterThan(TimeUnit.DAYS.toNanos(13));
    }
}
