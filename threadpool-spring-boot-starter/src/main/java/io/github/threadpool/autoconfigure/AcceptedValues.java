package io.github.threadpool.autoconfigure;

import java.util.Map;

import io.github.threadpool.core.ThreadPool;
import org.jspecify.annotations.Nullable;

/**
 * What each {@code threadpool.*} property accepts, in words: one table shared by the validation in
 * {@link PoolSpecs} and the start-up failure analysis, so the two never disagree. Keyed by the setting's
 * name within a pool, so that {@code threadpool.workers} and {@code threadpool.pools.reports.workers}
 * share one entry.
 */
final class AcceptedValues {

    static final String POSITIVE_DURATION = "a positive duration, such as 500ms, 10s or 2m";

    static final String MAX_WORKERS = "a whole number from 1 to " + ThreadPool.WORKER_CEILING + ", at least workers";

    private static final Map<String, String> BY_SETTING = Map.ofEntries(
            Map.entry("name", "a name that is not blank"),
            Map.entry("workers", "a whole number from 1 to max-workers (default " + ThreadPool.DEFAULT_MAX_WORKERS + ")"),
            Map.entry("max-workers", MAX_WORKERS),
            Map.entry("virtual-threads", "true or false"),
            Map.entry("queue-capacity", "a whole number of at least 1"),
            Map.entry("rejection-policy", "one of abort, caller-runs, block"),
            Map.entry("block-timeout", POSITIVE_DURATION),
            Map.entry("results.max-retained",
                    "a whole number from 0 (store off) to " + ThreadPool.Builder.MAX_RETAINED_RESULTS_LIMIT),
            Map.entry("results.time-to-live", POSITIVE_DURATION),
            Map.entry("shutdown.await-termination", POSITIVE_DURATION),
            Map.entry("primary", "true on at most one pool"),
            Map.entry("async.enabled", "true or false"),
            Map.entry("async.pool", "the name of a pool"),
            Map.entry("context-propagation.enabled", "true or false"),
            Map.entry("enabled", "true or false"));

    private static final String POOLS = "threadpool.pools.";

    private AcceptedValues() {
    }

    /**
     * What {@code property} (in canonical form, top-level or within {@code threadpool.pools.<name>})
     * accepts, or null for a property we do not own.
     */
    static @Nullable String of(String property) {
        return BY_SETTING.get(setting(property));
    }

    private static String setting(String property) {
        if (property.startsWith(POOLS)) {
            int dot = property.indexOf('.', POOLS.length());
            return (dot < 0) ? "" : property.substring(dot + 1);
        }
        return property.startsWith("threadpool.") ? property.substring("threadpool.".length()) : "";
    }
}
