package io.github.threadpool.autoconfigure.fleet;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * This instance in the fleet: the number it leased from Redis at start-up (which its job ids start
 * from), its lease, renewed every third of its time to live, and whether Redis answered lately.
 *
 * <p>Lease values: {@code alive <name>} while the instance runs; {@code stopped <name>} once it has shut
 * down gracefully, kept as long as its records may live. An unfinished record of an instance whose lease
 * is gone reads as {@code LOST}.
 */
final class FleetInstance implements AutoCloseable {

    private static final Log logger = LogFactory.getLog(FleetInstance.class);

    /**
     * Renews the lease, and puts the instance counter back to at least this instance's number: a Redis
     * that lost its data (restarted without persistence) would otherwise lease numbers that running
     * instances still use.
     */
    private static final RedisScript<Long> RENEW = RedisScript.of("""
            redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
            local counter = tonumber(redis.call('GET', KEYS[2]) or '0')
            if counter < tonumber(ARGV[3]) then redis.call('SET', KEYS[2], ARGV[3]) end
            return 1
            """, Long.class);

    private final StringRedisTemplate redis;
    private final FleetKeys keys;
    private final String name;
    private final Duration leaseTimeToLive;
    private final long number;
    private final ScheduledExecutorService renewer;

    /** 0 while Redis answers; else when it stopped answering (epoch millis). */
    private volatile long unreachableSince;
    private volatile @Nullable String lastError;

    /**
     * Leases this instance's number, trying until {@code startupTimeout} has passed, and its lease.
     *
     * @throws IllegalStateException if Redis did not answer in time, or the fleet has used every instance number
     */
    FleetInstance(StringRedisTemplate redis, FleetKeys keys, String name, Duration leaseTimeToLive,
            Duration startupTimeout) {
        this.redis = redis;
        this.keys = keys;
        this.name = name;
        this.leaseTimeToLive = leaseTimeToLive;
        this.number = leaseNumber(startupTimeout);
        renew();
        if (this.unreachableSince != 0L) {
            throw new IllegalStateException("Fleet: could not write the lease of instance " + this.number + " ("
                    + name + ") to Redis: " + this.lastError);
        }
        this.renewer = Executors.newSingleThreadScheduledExecutor((task) -> {
            Thread thread = new Thread(task, "threadpool-fleet-lease");
            thread.setDaemon(true);
            return thread;
        });
        long period = Math.max(100, leaseTimeToLive.toMillis() / 3);
        this.renewer.scheduleWithFixedDelay(this::renew, period, period, TimeUnit.MILLISECONDS);
        logger.info("Fleet: this is instance " + this.number + " (" + name + "); its jobs' ids start at "
                + FleetKeys.firstJobId(this.number) + "; lease " + leaseTimeToLive + " in Redis");
    }

    private long leaseNumber(Duration startupTimeout) {
        long deadline = System.nanoTime() + startupTimeout.toNanos();
        RuntimeException last;
        long pause = 100;
        do {
            try {
                Long leased = this.redis.opsForValue().increment(this.keys.instanceCounter());
                if (leased == null) {
                    throw new IllegalStateException("INCR " + this.keys.instanceCounter() + " returned nothing");
                }
                if (leased > FleetKeys.MAX_INSTANCE) {
                    throw new IllegalStateException("Fleet: Redis key " + this.keys.instanceCounter() + " is at "
                            + leased + ", past the last instance number, " + FleetKeys.MAX_INSTANCE
                            + ": use another threadpool.fleet.key-prefix (the old one's job ids would repeat)");
                }
                return leased;
            }
            catch (IllegalStateException ex) {
                throw ex;
            }
            catch (RuntimeException ex) {
                last = ex;
            }
            try {
                TimeUnit.MILLISECONDS.sleep(pause);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                break;
            }
            pause = Math.min(pause * 2, 1000);
        }
        while (System.nanoTime() - deadline < 0);
        throw new IllegalStateException("Fleet: Redis did not answer within threadpool.fleet.startup-timeout="
                + startupTimeout + ", so this instance could not lease its number, which its job ids must start "
                + "from to be unique in the fleet. Start Redis (spring.data.redis.*), or set "
                + "threadpool.fleet.enabled=false to run alone: " + last, last);
    }

    /** Renews the lease; records whether Redis answered. Never throws. */
    void renew() {
        try {
            this.redis.execute(RENEW, List.of(this.keys.lease(this.number), this.keys.instanceCounter()),
                    "alive " + this.name, Long.toString(this.leaseTimeToLive.toMillis()), Long.toString(this.number));
            reachable();
        }
        catch (RuntimeException ex) {
            unreachable(ex);
        }
    }

    /**
     * Marks this instance as stopped gracefully, for {@code keep}: its unfinished records (if any did not
     * reach Redis) are then never read as LOST. False if Redis did not answer.
     */
    boolean markStopped(Duration keep) {
        this.renewer.shutdownNow();
        try {
            this.redis.opsForValue().set(this.keys.lease(this.number), "stopped " + this.name, keep);
            return true;
        }
        catch (RuntimeException ex) {
            unreachable(ex);
            logger.warn("Fleet: could not mark instance " + this.number + " as stopped in Redis; once its lease "
                    + "expires, its jobs that Redis still shows unfinished will read as LOST: " + ex);
            return false;
        }
    }

    /** This instance's number. */
    long number() {
        return this.number;
    }

    /** This instance's name. */
    String name() {
        return this.name;
    }

    /** The id of the first job of each of this instance's pools. */
    long firstJobId() {
        return FleetKeys.firstJobId(this.number);
    }

    /** Whether the last exchange with Redis succeeded. */
    boolean isReachable() {
        return this.unreachableSince == 0L;
    }

    /** When Redis stopped answering, or null while it answers. */
    @Nullable Instant unreachableSince() {
        long since = this.unreachableSince;
        return (since != 0L) ? Instant.ofEpochMilli(since) : null;
    }

    /** What the last failed exchange with Redis said. */
    @Nullable String lastError() {
        return this.lastError;
    }

    void reachable() {
        if (this.unreachableSince != 0L) {
            logger.info("Fleet: Redis answers again (it did not since " + unreachableSince() + ")");
            this.unreachableSince = 0L;
        }
    }

    void unreachable(Throwable ex) {
        this.lastError = ex.getClass().getSimpleName() + ": " + ex.getMessage();
        if (this.unreachableSince == 0L) {
            this.unreachableSince = System.currentTimeMillis();
            logger.warn("Fleet: Redis does not answer; jobs run on and are found on this instance, records are "
                    + "buffered and then dropped until it does: " + this.lastError);
        }
    }

    @Override
    public void close() {
        this.renewer.shutdownNow();
    }
}
