package io.github.threadpool.core;

/**
 * A non-negative duration in an {@code int}, so a job can carry two of them in the space of one
 * {@code long}: exact below 2^30 ns (about 1.07 s), then in units of 2^20 ns (about 1.05 ms, an error
 * under 0.1 %) up to 2^50 ns (about 13 days), beyond which it saturates. Negative durations read as 0.
 * A job stores its start as an offset from its submission and its finish as an offset from its start,
 * so its run time is exact below 1.07 s however long it waited.
 */
final class CompactNanos {

    /** The flag bit of a coarse value, and the bound of exact ones. */
    private static final int COARSE = 1 << 30;
    /** A coarse unit is 2^20 ns. */
    private static final int COARSE_SHIFT = 20;
    static final long MAX_NANOS = (long) (COARSE - 1) << COARSE_SHIFT;

    private CompactNanos() {
    }

    static int encode(long nanos) {
        if (nanos < COARSE) {
            return nanos <= 0L ? 0 : (int) nanos;
        }
        return COARSE | (int) Math.min(nanos >>> COARSE_SHIFT, COARSE - 1);
    }

    static long decode(int encoded) {
        return (encoded & COARSE) == 0 ? encoded : (long) (encoded & (COARSE - 1)) << COARSE_SHIFT;
    }
}
