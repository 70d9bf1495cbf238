package io.github.threadpool.autoconfigure.fleet;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

import io.github.threadpool.core.JobListener;
import io.github.threadpool.core.JobResult;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * Mirrors every job of this instance's pools to Redis. Each pool gets a {@link JobListener} that puts
 * the job's events into one bounded {@link RecordBuffer}; one writer thread drains it in batches and
 * writes each batch's records with one script call per pool (a {@code SET} with the pool's result time to live per record), each record as it stands at that moment.
 *
 * <p>A worker or submitter only offers to the buffer: it never blocks, never waits for Redis and never
 * sees an exception from it. A full buffer drops the event and counts it ({@link #dropped()}); the writer
 * logs a WARN about drops at most once per {@link #WARN_INTERVAL}. A batch Redis refused is kept and
 * tried again every second until Redis answers, while new events fill the buffer and then drop.
 */
final class JobMirror implements AutoCloseable {

    private static final Log logger = LogFactory.getLog(JobMirror.class);

    static final Duration WARN_INTERVAL = Duration.ofSeconds(30);

    private static final long RETRY_NANOS = TimeUnit.SECONDS.toNanos(1);

    /** How long the writer lets events gather after a small batch: records reach Redis at most this much later. */
    private static final long LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

    /** Sets each record with its time to live. ARGV per key: ttl-ms, record. */
    private static final RedisScript<Long> WRITE = RedisScript.of("""
            for i = 1, #KEYS do
              redis.call('SET', KEYS[i], ARGV[2 * i], 'PX', ARGV[2 * i - 1])
            end
            return #KEYS
            """, Long.class);

    private final StringRedisTemplate redis;
    private final FleetKeys keys;
    private final FleetInstance instance;
    private final RecordCodec codec;
    private final RecordBuffer buffer;
    private final int batchSize;
    /** A pool's result time to live, by name: how long its records live in Redis. */
    private final Function<String, Duration> timeToLive;
    /** Pool names, by the index their listener puts in the buffer. */
    private final List<String> pools = new CopyOnWriteArrayList<>();

    private final LongAdder dropped = new LongAdder();
    private final LongAdder written = new LongAdder();
    private final LongAdder batches = new LongAdder();

    private final Thread writer;
    /** Set by the writer before it parks; a producer that sees it wakes the writer. */
    private volatile boolean writerParked;
    private volatile boolean closing;
    /** Whether the writer holds no event it has not written (read by {@link #flush}). */
    private volatile boolean idle = true;

    private long droppedWhenWarned; // writer thread only
    private long warnedAtNanos; // writer thread only

    JobMirror(StringRedisTemplate redis, FleetKeys keys, FleetInstance instance, RecordCodec codec, int bufferCapacity,
            int batchSize, Function<String, Duration> timeToLive) {
        this.redis = redis;
        this.keys = keys;
        this.instance = instance;
        this.codec = codec;
        this.buffer = new RecordBuffer(bufferCapacity);
        this.batchSize = batchSize;
        this.timeToLive = timeToLive;
        this.writer = new Thread(this::writeUntilClosed, "threadpool-fleet-writer");
        this.writer.setDaemon(true);
    }

    /** The listener that mirrors the jobs of the pool named {@code pool}. */
    JobListener listenerFor(String pool) {
        int index;
        synchronized (this.pools) {
            index = this.pools.indexOf(pool);
            if (index < 0) {
                this.pools.add(pool);
                index = this.pools.size() - 1;
            }
        }
        return new PoolListener(index);
    }

    void start() {
        if (!this.writer.isAlive() && this.writer.getState() == Thread.State.NEW) {
            this.writer.start();
        }
    }

    /**
     * Waits until every event offered so far is written, or {@code timeout} has passed. True if all
     * were written.
     */
    boolean flush(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (this.buffer.size() > 0 || !this.idle) {
            if (System.nanoTime() - deadline >= 0 || !this.writer.isAlive()) {
                return false;
            }
            wakeWriter();
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
        return true;
    }

    /** Events dropped because the buffer was full. */
    long dropped() {
        return this.dropped.sum();
    }

    /** Records written to Redis (one per job per write; a job is written once or a few times). */
    long written() {
        return this.written.sum();
    }

    /** Script calls made: one per pool per batch. */
    long batches() {
        return this.batches.sum();
    }

    /** Events waiting in the buffer. */
    int buffered() {
        return this.buffer.size();
    }

    int bufferCapacity() {
        return this.buffer.capacity();
    }

    @Override
    public void close() {
        this.closing = true;
        LockSupport.unpark(this.writer);
    }

    private void offer(JobResult job, int pool) {
        if (!this.buffer.offer(job, pool)) {
            this.dropped.increment();
            return;
        }
        if (this.writerParked) {
            wakeWriter();
        }
    }

    private void wakeWriter() {
        this.writerParked = false;
        LockSupport.unpark(this.writer);
    }

    // ---------------------------------------------------------------- the writer thread

    private void writeUntilClosed() {
        Map<JobResult, Integer> batch = new IdentityHashMap<>();
        RecordBuffer.Sink collect = (job, pool) -> batch.put(job, pool);
        while (!this.closing) {
            this.idle = false;
            int events = 0;
            while (events < this.batchSize && this.buffer.poll(collect)) {
                events++; // each job once per batch, written as it stands now: its newest state
            }
            if (batch.isEmpty()) {
                this.idle = true;
                warnAboutDrops();
                this.writerParked = true;
                if (this.buffer.size() == 0 && !this.closing) {
                    LockSupport.parkNanos(this, TimeUnit.SECONDS.toNanos(1));
                }
                this.writerParked = false;
                continue;
            }
            while (!write(batch) && !this.closing) {
                warnAboutDrops();
                LockSupport.parkNanos(this, RETRY_NANOS);
            }
            batch.clear();
            if (events < this.batchSize / 4 && !this.closing) {
                // A small batch: let events gather for a moment rather than wake for each one. Producers do not
                // wake the writer meanwhile (writerParked is false), so this costs them nothing.
                LockSupport.parkNanos(this, LINGER_NANOS);
            }
        }
    }

    /** Writes the batch, one script call per pool; false (and Redis marked unreachable) if Redis refused. */
    private boolean write(Map<JobResult, Integer> batch) {
        Map<Integer, List<JobResult>> grouped = new HashMap<>();
        for (Map.Entry<JobResult, Integer> entry : batch.entrySet()) {
            grouped.computeIfAbsent(entry.getValue(), (pool) -> new ArrayList<>()).add(entry.getKey());
        }
        try {
            for (Map.Entry<Integer, List<JobResult>> group : grouped.entrySet()) {
                String pool = this.pools.get(group.getKey());
                String ttl = Long.toString(Math.max(1, this.timeToLive.apply(pool).toMillis()));
                List<String> keys = new ArrayList<>(group.getValue().size());
                List<String> args = new ArrayList<>(group.getValue().size() * 2);
                for (JobResult job : group.getValue()) {
                    keys.add(this.keys.job(pool, job.id()));
                    args.add(ttl);
                    args.add(this.codec.encode(job, this.instance.name(), this.instance.number()));
                }
                this.redis.execute(WRITE, keys, args.toArray());
                this.batches.increment();
                this.written.add(keys.size());
            }
            this.instance.reachable();
            return true;
        }
        catch (RuntimeException ex) {
            this.instance.unreachable(ex);
            return false;
        }
    }

    private void warnAboutDrops() {
        long now = System.nanoTime();
        long droppedNow = this.dropped.sum();
        if (droppedNow == this.droppedWhenWarned
                || (this.warnedAtNanos != 0L && now - this.warnedAtNanos < WARN_INTERVAL.toNanos())) {
            return;
        }
        logger.warn("Fleet: dropped " + (droppedNow - this.droppedWhenWarned) + " job record(s) since the last "
                + "warning (" + droppedNow + " in all): the buffer of " + this.buffer.capacity() + " was full, "
                + (this.instance.isReachable() ? "Redis is slower than jobs finish"
                        : "Redis does not answer since " + this.instance.unreachableSince())
                + ". Jobs run on; those records will not be found from other instances.");
        this.droppedWhenWarned = droppedNow;
        this.warnedAtNanos = now;
    }

    /** One pool's listener: every event goes to the buffer, tagged with the pool. */
    private final class PoolListener implements JobListener {

        private final int pool;

        PoolListener(int pool) {
            this.pool = pool;
        }

        @Override
        public void queued(JobResult job) {
            offer(job, this.pool);
        }

        @Override
        public void started(JobResult job) {
            offer(job, this.pool);
        }

        @Override
        public void finished(JobResult job) {
            offer(job, this.pool);
        }
    }
}
