package io.github.threadpool.autoconfigure.fleet;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * {@code threadpool.fleet.*}, the fleet directory: every instance of the application mirrors its jobs to Redis, so that any instance
 * answers for any job. The Redis connection is Spring Boot's own ({@code spring.data.redis.*}).
 */
public class FleetProperties {

    /** Whether to mirror jobs to Redis and answer for the jobs of every instance. Needs spring-boot-starter-data-redis. */
    private boolean enabled;

    /**
     * Prefix of every Redis key and channel the fleet uses. Applications that share one Redis need
     * prefixes of their own; the instances of one application must share theirs.
     */
    private String keyPrefix = "threadpool";

    /** The instance's name in job records and answers. Default: host name and process id, 'host:pid'. */
    private @Nullable String instanceName;

    /**
     * How long an instance's lease lives without renewal: once it has expired, that instance's queued
     * and running jobs read as LOST from every other instance. Renewed every third of this.
     */
    private Duration leaseTimeToLive = Duration.ofSeconds(15);

    /** How long start-up tries to reach Redis to lease the instance's number before it fails. */
    private Duration startupTimeout = Duration.ofSeconds(10);

    /** Most records waiting to be written to Redis; past it, records are dropped and counted. */
    private int bufferCapacity = 65_536;

    /** Most records written to Redis in one pipelined batch. */
    private int batchSize = 512;

    /** How long a cancel by id waits for the owning instance's answer. */
    private Duration cancelTimeout = Duration.ofSeconds(2);

    /** Longest text a job's value or error message is mirrored as; the rest is cut. */
    private int maxValueLength = 1024;

    /** How long shutdown waits for the records still buffered to reach Redis. */
    private Duration flushTimeout = Duration.ofSeconds(5);

    public boolean isEnabled() {
        return this.enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public String getKeyPrefix() {
        return this.keyPrefix;
    }

    public void setKeyPrefix(String keyPrefix) {
        this.keyPrefix = keyPrefix;
    }

    public @Nullable String getInstanceName() {
        return this.instanceName;
    }

    public void setInstanceName(@Nullable String instanceName) {
        this.instanceName = instanceName;
    }

    public Duration getLeaseTimeToLive() {
        return this.leaseTimeToLive;
    }

    public void setLeaseTimeToLive(Duration leaseTimeToLive) {
        this.leaseTimeToLive = leaseTimeToLive;
    }

    public Duration getStartupTimeout() {
        return this.startupTimeout;
    }

    public void setStartupTimeout(Duration startupTimeout) {
        this.startupTimeout = startupTimeout;
    }

    public int getBufferCapacity() {
        return this.bufferCapacity;
    }

    public void setBufferCapacity(int bufferCapacity) {
        this.bufferCapacity = bufferCapacity;
    }

    public int getBatchSize() {
        return this.batchSize;
    }

    public void setBatchSize(int batchSize) {
        this.batchSize = batchSize;
    }

    public Duration getCancelTimeout() {
        return this.cancelTimeout;
    }

    public void setCancelTimeout(Duration cancelTimeout) {
        this.cancelTimeout = cancelTimeout;
    }

    public int getMaxValueLength() {
        return this.maxValueLength;
    }

    public void setMaxValueLength(int maxValueLength) {
        this.maxValueLength = maxValueLength;
    }

    public Duration getFlushTimeout() {
        return this.flushTimeout;
    }

    public void setFlushTimeout(Duration flushTimeout) {
        this.flushTimeout = flushTimeout;
    }

    /** Checks every setting, naming the first wrong one, its value and what is accepted. */
    public void validate() {
        require(this.keyPrefix != null && !this.keyPrefix.isBlank() && !this.keyPrefix.contains("{")
                && !this.keyPrefix.contains("}"), "key-prefix", this.keyPrefix, "a non-blank text without braces");
        require(this.instanceName == null || !this.instanceName.isBlank(), "instance-name", this.instanceName,
                "a non-blank text, or left out");
        require(positive(this.leaseTimeToLive) && this.leaseTimeToLive.toMillis() >= 300, "lease-time-to-live",
                this.leaseTimeToLive, "at least 300ms");
        require(positive(this.startupTimeout), "startup-timeout", this.startupTimeout, "a positive duration");
        require(this.bufferCapacity >= 1 && this.bufferCapacity <= (1 << 24), "buffer-capacity", this.bufferCapacity,
                "1 to 16777216");
        require(this.batchSize >= 1 && this.batchSize <= 10_000, "batch-size", this.batchSize, "1 to 10000");
        require(positive(this.cancelTimeout), "cancel-timeout", this.cancelTimeout, "a positive duration");
        require(this.maxValueLength >= 0, "max-value-length", this.maxValueLength, "0 or more");
        require(this.flushTimeout != null && !this.flushTimeout.isNegative(), "flush-timeout", this.flushTimeout,
                "zero or more");
    }

    private static boolean positive(@Nullable Duration duration) {
        return duration != null && !duration.isNegative() && !duration.isZero();
    }

    private static void require(boolean ok, String key, @Nullable Object value, String accepted) {
        if (!ok) {
            throw new IllegalArgumentException("threadpool.fleet." + key + " must be " + accepted + ", was " + value);
        }
    }
}
