package io.github.threadpool.autoconfigure.fleet;

import java.time.Duration;
import java.util.Optional;

import io.github.threadpool.autoconfigure.CancelOutcome;
import io.github.threadpool.autoconfigure.JobDirectory;
import io.github.threadpool.autoconfigure.JobDirectoryUnavailableException;
import io.github.threadpool.autoconfigure.JobRecord;
import io.github.threadpool.autoconfigure.ThreadPools;
import io.github.threadpool.core.JobStatus;
import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The fleet's {@link JobDirectory}: this instance's pools first, then the records every instance mirrors
 * to Redis. An unfinished record whose instance's lease has expired reads as {@link JobStatus#LOST}.
 * Cancelling a job of another instance asks that instance over pub/sub and answers what it said.
 *
 * <p>While Redis does not answer, a job of this instance is still found; a lookup that needs Redis fails
 * with {@link JobDirectoryUnavailableException} (an endpoint answers 503), never with a wrong "not found".
 */
public final class FleetJobDirectory implements JobDirectory {

    private final JobDirectory local;
    private final ThreadPools pools;
    private final StringRedisTemplate redis;
    private final FleetKeys keys;
    private final FleetInstance instance;
    private final CancelRelay relay;
    private final Duration cancelTimeout;

    FleetJobDirectory(JobDirectory local, ThreadPools pools, StringRedisTemplate redis, FleetKeys keys,
            FleetInstance instance, CancelRelay relay, Duration cancelTimeout) {
        this.local = local;
        this.pools = pools;
        this.redis = redis;
        this.keys = keys;
        this.instance = instance;
        this.relay = relay;
        this.cancelTimeout = cancelTimeout;
    }

    @Override
    public Optional<JobRecord> find(String pool, long id) {
        Optional<JobRecord> here = this.local.find(pool, id);
        if (here.isPresent()) {
            return here;
        }
        return Optional.ofNullable(mirrored(pool, id));
    }

    @Override
    public CancelOutcome cancel(String pool, long id, boolean mayInterruptIfRunning) {
        if (this.pools.find(pool).isPresent()) {
            CancelOutcome here = this.local.cancel(pool, id, mayInterruptIfRunning);
            if (here.result() != CancelOutcome.Result.NOT_FOUND) {
                return here; // ids are unique in the fleet: a job found here is this one
            }
        }
        JobRecord record = mirrored(pool, id);
        if (record == null) {
            return new CancelOutcome(CancelOutcome.Result.NOT_FOUND, null, null);
        }
        if (record.status().isTerminal() || FleetKeys.instanceOf(id) == this.instance.number()) {
            return new CancelOutcome(CancelOutcome.Result.FINISHED, record, record.instance());
        }
        CancelRelay.Answer answer = this.relay.ask(FleetKeys.instanceOf(id), pool, id, mayInterruptIfRunning,
                this.cancelTimeout);
        if (answer == null) {
            return new CancelOutcome(CancelOutcome.Result.OWNER_UNREACHABLE, record, record.instance());
        }
        JobRecord now = (answer.status() != null) ? record.withStatus(answer.status()) : record;
        return new CancelOutcome(answer.result(), now, record.instance());
    }

    /** The record in Redis, with LOST for an unfinished job of an instance whose lease is gone; null if none. */
    private @Nullable JobRecord mirrored(String pool, long id) {
        if (id <= 0) {
            return null;
        }
        try {
            String raw = this.redis.opsForValue().get(this.keys.job(pool, id));
            if (raw == null) {
                return null;
            }
            JobRecord record = RecordCodec.decode(pool, id, raw);
            if (record == null || record.status().isTerminal()) {
                return record;
            }
            long owner = RecordCodec.instanceNumber(raw);
            if (owner == this.instance.number()) {
                return record;
            }
            String lease = this.redis.opsForValue().get(this.keys.lease(owner));
            this.instance.reachable();
            return (lease == null) ? record.withStatus(JobStatus.LOST) : record;
        }
        catch (org.springframework.dao.DataAccessException ex) {
            this.instance.unreachable(ex);
            throw new JobDirectoryUnavailableException("The fleet's Redis did not answer a lookup of job " + id
                    + " of pool '" + pool + "': " + ex.getMessage(), ex);
        }
    }

    /** This instance's name, as records carry it. */
    public String instanceName() {
        return this.instance.name();
    }
}
