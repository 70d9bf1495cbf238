package io.github.threadpool.autoconfigure;

import java.util.Locale;

/**
 * The value of {@code queue-capacity}: a whole number, or {@code unbounded} for a queue that nothing
 * but memory bounds (start-up warns about each such pool). Converted from the text or number as
 * written; whether a number is in range is the core builder's rule, checked where the pool is resolved.
 */
public final class QueueCapacity {

    /** The word for a queue without bound. */
    public static final String UNBOUNDED_WORD = "unbounded";

    /** A queue without bound: the core's {@code unboundedQueue()}, a capacity of {@link Integer#MAX_VALUE}. */
    public static final QueueCapacity UNBOUNDED = new QueueCapacity(Integer.MAX_VALUE);

    private final int capacity;

    private QueueCapacity(int capacity) {
        this.capacity = capacity;
    }

    /** A capacity of {@code capacity} jobs, not checked here. */
    public static QueueCapacity of(int capacity) {
        return (capacity == Integer.MAX_VALUE) ? UNBOUNDED : new QueueCapacity(capacity);
    }

    /** Conversion from a number as YAML gives it. */
    public static QueueCapacity valueOf(Integer capacity) {
        return of(capacity);
    }

    /**
     * Conversion from text: {@code unbounded} (any case), or a whole number.
     * @throws IllegalArgumentException for anything else
     */
    public static QueueCapacity valueOf(String text) {
        String trimmed = text.trim();
        if (trimmed.toLowerCase(Locale.ROOT).equals(UNBOUNDED_WORD)) {
            return UNBOUNDED;
        }
        try {
            return of(Integer.parseInt(trimmed));
        }
        catch (NumberFormatException ex) {
            throw new IllegalArgumentException("queue-capacity must be a whole number or 'unbounded', was '" + text + "'");
        }
    }

    /** The capacity in jobs; {@link Integer#MAX_VALUE} when unbounded. */
    public int capacity() {
        return this.capacity;
    }

    /** Whether nothing bounds the queue. */
    public boolean isUnbounded() {
        return this.capacity == Integer.MAX_VALUE;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof QueueCapacity that && that.capacity == this.capacity;
    }

    @Override
    public int hashCode() {
        return Integer.hashCode(this.capacity);
    }

    @Override
    public String toString() {
        return isUnbounded() ? UNBOUNDED_WORD : Integer.toString(this.capacity);
    }
}
