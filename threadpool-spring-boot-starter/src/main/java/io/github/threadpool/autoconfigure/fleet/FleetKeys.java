package io.github.threadpool.autoconfigure.fleet;

/**
 * The fleet's Redis keys and channels, and how a job id names its instance.
 *
 * <p>Ids: an instance leases a number {@code n} (1 to {@link #MAX_INSTANCE}) once, at start-up, and each of
 * its pools numbers its jobs from {@code n * 2^36 + 1}: the high bits are the instance, the low 36 bits count
 * the pool's jobs on that instance (68.7 billion per pool and run). Every id stays below 2^53, so that a
 * JavaScript client reads it exactly.
 *
 * <p>The instance counter and the leases share the hash tag {@code {prefix:fleet}}, so one script may read
 * and write them together in a Redis Cluster. A pool's job records share one hash tag, {@code {prefix:pool}}: in a Redis Cluster they live in one slot,
 * which is what lets the writer set a batch of them with one script call.
 */
final class FleetKeys {

    /** Bits of a job id below its instance number. */
    static final int INSTANCE_SHIFT = 36;

    /** The highest instance number: ids stay below 2^53. */
    static final long MAX_INSTANCE = (1L << (53 - INSTANCE_SHIFT)) - 1;

    /** The most jobs one pool numbers in one run of an instance. */
    static final long IDS_PER_INSTANCE = (1L << INSTANCE_SHIFT) - 1;

    private final String prefix;

    FleetKeys(String prefix) {
        this.prefix = prefix;
    }

    /** The counter instance numbers are leased from. */
    String instanceCounter() {
        return "{" + this.prefix + ":fleet}:instances";
    }

    /** Instance {@code n}'s lease: "alive name" while it runs, "stopped name" after a graceful shutdown. */
    String lease(long instance) {
        return "{" + this.prefix + ":fleet}:lease:" + instance;
    }

    /** The channel instance {@code n} listens on, for cancel requests and their answers. */
    String channel(long instance) {
        return this.prefix + ":fleet:channel:" + instance;
    }

    /** A job's record, a string (see RecordCodec). */
    String job(String pool, long id) {
        return "{" + this.prefix + ":" + pool + "}:job:" + id;
    }

    /** The first job id of instance {@code n}'s pools. */
    static long firstJobId(long instance) {
        return (instance << INSTANCE_SHIFT) + 1;
    }

    /** The instance a job id belongs to. */
    static long instanceOf(long id) {
        return id >>> INSTANCE_SHIFT;
    }
}
