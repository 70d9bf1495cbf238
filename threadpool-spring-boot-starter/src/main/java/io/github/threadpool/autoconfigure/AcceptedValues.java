package io.github.threadpool.autoconfigure;

import java.util.Map;

import io.github.threadpool.core.ThreadPool;

/**
 * What each {@code threadpool.*} property accepts, in words: one table shared by the properties'
 * validation messages and the start-up failure analysis, so the two never disagree.
 */
final class AcceptedValues {

    static final String POSITIVE_DURATION = "a positive duration, such as 500ms, 10s or 2m";

    private static final Map<String, String> BY_PROPERTY = Map.of(
            "threadpool.name", "a name that is not blank",
            "threadpool.workers", "a whole number of at least 1",
            "threadpool.queue-capacity", "a whole number of at least 1",
            "threadpool.rejection-policy", "one of abort, caller-runs, block",
            "threadpool.block-timeout", POSITIVE_DURATION,
            "threadpool.results.max-retained",
            "a whole number from 0 (store off) to " + ThreadPool.Builder.MAX_RETAINED_RESULTS_LIMIT,
            "threadpool.results.time-to-live", POSITIVE_DURATION,
            "threadpool.shutdown.await-termination", POSITIVE_DURATION,
            "threadpool.async.enabled", "true or false",
            "threadpool.enabled", "true or false");

    private AcceptedValues() {
    }

    /** What {@code property} (in canonical form) accepts, or null for a property we do not own. */
    static String of(String property) {
        return BY_PROPERTY.get(property);
    }
}
