package io.github.threadpool.autoconfigure.web;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import io.github.threadpool.core.JobRejectedException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Logs refused jobs as one WARN line per pool per interval, with the count since the last line, instead
 * of a line (and a stack trace) per refusal: a flood of 3,000 refused requests is one line, not 6,000.
 * The first refusal of a quiet pool is logged at once; the refusals after it are counted, and the next
 * refusal once the interval has passed logs their count. The {@code threadpool.jobs.rejected} counter
 * counts every refusal and stays the figure to alert on.
 *
 * <p>Thread-safe and lock-free: a refusal costs a counter increment and a clock read; one refusing
 * thread per interval wins the right to log.
 */
final class RejectionLog {

    private static final Log logger = LogFactory.getLog(RejectionLog.class);

    private final long intervalNanos;

    private final Duration interval;

    /** {@code System::nanoTime}, or a test's clock. */
    private final LongSupplier nanoClock;

    /** Writes a WARN line: the logger's, or a test's list. */
    private final Consumer<String> warn;

    private final Map<String, PoolLine> pools = new ConcurrentHashMap<>();

    RejectionLog(Duration interval) {
        this(interval, System::nanoTime, (line) -> {
            if (logger.isWarnEnabled()) {
                logger.warn(line);
            }
        });
    }

    RejectionLog(Duration interval, LongSupplier nanoClock, Consumer<String> warn) {
        this.interval = interval;
        this.intervalNanos = interval.toNanos();
        this.nanoClock = nanoClock;
        this.warn = warn;
    }

    /** Counts {@code refusal}, and logs the pool's count if its interval has passed since its last line. */
    void rejected(JobRejectedException refusal) {
        PoolLine line = this.pools.computeIfAbsent(refusal.pool(), (pool) -> new PoolLine(this.nanoClock.getAsLong()));
        line.count.increment();
        long now = this.nanoClock.getAsLong();
        long due = line.nextLineAt.get();
        if (now - due >= 0 && line.nextLineAt.compareAndSet(due, now + this.intervalNanos)) {
            this.warn.accept(describe(refusal, line.count.sumThenReset()));
        }
    }

    private String describe(JobRejectedException refusal, long count) {
        String jobs = (count == 1) ? "1 job" : count + " jobs";
        String capacity = (refusal.queueCapacity() == Integer.MAX_VALUE) ? "unbounded"
                : Integer.toString(refusal.queueCapacity());
        return "Thread pool '" + refusal.pool() + "' refused " + jobs + " submitted in web requests, answered 503: "
                + refusal.reason() + ", queue depth " + refusal.queueDepth() + " of " + capacity + ". Logged at most once per "
                + this.interval.toString().substring(2).toLowerCase(Locale.ROOT)
                + " per pool; the threadpool.jobs.rejected counter counts every refusal.";
    }

    /** One pool's refusals since its last line, and when its next line may be written. */
    private static final class PoolLine {

        final LongAdder count = new LongAdder();

        final AtomicLong nextLineAt;

        PoolLine(long now) {
            this.nextLineAt = new AtomicLong(now);
        }
    }
}
