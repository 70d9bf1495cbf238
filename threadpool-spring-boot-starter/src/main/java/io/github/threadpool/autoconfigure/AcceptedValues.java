package io.github.threadpool.autoconfigure;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

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

    static final String ZERO_OR_POSITIVE_DURATION = "zero or a positive duration, such as 0s, 500ms or 10s";

    static final String MAX_WORKERS = "a whole number from 1 to " + ThreadPool.WORKER_CEILING + ", at least workers";

    private static final Map<String, String> BY_SETTING = Map.ofEntries(
            Map.entry("name", "a name that is not blank"),
            Map.entry("workers", "a whole number from 1 to max-workers (default " + ThreadPool.DEFAULT_MAX_WORKERS + ")"),
            Map.entry("max-workers", MAX_WORKERS),
            Map.entry("virtual-threads", "true or false"),
            Map.entry("queue-capacity", "a whole number of at least 1, or " + QueueCapacity.UNBOUNDED_WORD),
            Map.entry("thread-name-prefix", "a prefix that is not blank"),
            Map.entry("rejection-policy", "one of abort, caller-runs, block"),
            Map.entry("block-timeout", ZERO_OR_POSITIVE_DURATION),
            Map.entry("results.max-retained",
                    "a whole number from 0 (store off) to " + ThreadPool.Builder.MAX_RETAINED_RESULTS_LIMIT),
            Map.entry("results.time-to-live", POSITIVE_DURATION),
            Map.entry("shutdown.await-termination", ZERO_OR_POSITIVE_DURATION),
            Map.entry("primary", "true on at most one pool"),
            Map.entry("async.enabled", "true or false"),
            Map.entry("async.pool", "the name of a pool"),
            Map.entry("context-propagation.enabled", "true or false"),
            Map.entry("web.rejections.enabled", "true or false"),
            Map.entry("web.rejections.retry-after", POSITIVE_DURATION),
            Map.entry("web.rejections.log-interval", POSITIVE_DURATION),
            Map.entry("enabled", "true or false"));

    /**
     * The starter's properties outside {@code threadpool.*}, by full name: they are bound by
     * {@code @ConfigurationProperties} classes, and explained by the same failure analysis.
     */
    private static final Map<String, String> BY_PROPERTY = Map.of(
            "management.health.threadpool.saturation-threshold", "a fraction above 0 and at most 1, such as 0.9",
            "management.endpoint.threadpool.show-values", "one of never, when-authorized, always",
            "management.endpoint.threadpool.show-errors", "one of never, when-authorized, always");

    /** The settings a pool under {@code threadpool.pools.<name>} may have; the top level has the others. */
    private static final Set<String> POOL_SETTINGS = Set.of("workers", "max-workers", "virtual-threads",
            "queue-capacity", "thread-name-prefix", "rejection-policy", "block-timeout", "results.max-retained", "results.time-to-live",
            "shutdown.await-termination", "primary");

    private static final String POOLS = "threadpool.pools.";

    private AcceptedValues() {
    }

    /**
     * What {@code property} (in canonical form, top-level or within {@code threadpool.pools.<name>})
     * accepts, or null for a property we do not own.
     */
    static @Nullable String of(String property) {
        String accepted = BY_PROPERTY.get(property);
        return (accepted != null) ? accepted : BY_SETTING.get(setting(property));
    }

    /**
     * The keys accepted where {@code unknown} (a {@code threadpool.*} property in canonical form) was
     * written, sorted: a pool's settings under {@code threadpool.pools.<name>}, else the top-level ones.
     */
    static List<String> keysBeside(String unknown) {
        boolean inPool = unknown.startsWith(POOLS);
        return Stream.concat(BY_SETTING.keySet().stream(), inPool ? Stream.empty() : Stream.of("pools.<name>.*"))
            .filter((setting) -> inPool ? POOL_SETTINGS.contains(setting) : !setting.equals("primary"))
            .sorted()
            .toList();
    }

    /**
     * The property {@code unknown} most likely meant: the same place with the accepted key closest to it, if
     * one is a letter or two apart (as {@code worker} is from {@code workers}); else null.
     */
    static @Nullable String likelyMeant(String unknown) {
        String setting = setting(unknown);
        String place = unknown.substring(0, unknown.length() - setting.length());
        return keysBeside(unknown).stream()
            .filter((key) -> !key.contains("<") && editDistance(key, setting) <= 2)
            .min(Comparator.comparingInt((String key) -> editDistance(key, setting)))
            .map((key) -> place + key)
            .orElse(null);
    }

    /** {@code names} as a reader would list them: "a", "a and b", "a, b and c". */
    static String inWords(List<String> names) {
        if (names.size() < 2) {
            return String.join("", names);
        }
        return String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
    }

    /** The setting's name within its pool: {@code workers} for {@code threadpool.pools.reports.workers}. */
    private static String setting(String property) {
        if (property.startsWith(POOLS)) {
            int dot = property.indexOf('.', POOLS.length());
            return (dot < 0) ? "" : property.substring(dot + 1);
        }
        return property.startsWith("threadpool.") ? property.substring("threadpool.".length()) : "";
    }

    /** Levenshtein distance: insertions, deletions and substitutions from {@code a} to {@code b}. */
    private static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + ((a.charAt(i - 1) == b.charAt(j - 1)) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
