package io.github.threadpool.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import io.github.threadpool.core.RejectionPolicy;
import io.github.threadpool.core.ThreadPool;
import org.jspecify.annotations.Nullable;

import org.springframework.core.env.Environment;

/**
 * The pools that {@code threadpool.*} declares, each resolved and validated, and the top-level defaults
 * that pools built by the application start from.
 *
 * <p>Resolution, per setting: the pool's own value ({@code threadpool.pools.<name>.<setting>}), else the
 * top-level one ({@code threadpool.<setting>}), else the built-in default. Every value that is set is
 * checked where it is set, and all problems are reported together, each with its origin.
 *
 * @param defaults the top-level settings, named {@code threadpool.name} (default {@code threadpool})
 * @param configured the pools to define: those under {@code threadpool.pools}, or, when there are none,
 *        the one shorthand pool (the defaults, primary)
 * @param shorthand whether {@code configured} is the shorthand pool
 */
record PoolSpecs(PoolSpec defaults, List<PoolSpec> configured, boolean shorthand) {

    static final String DEFAULT_NAME = "threadpool";

    private static final String PREFIX = "threadpool.";

    private static final String POOLS = "threadpool.pools.";

    /** Default sizes and durations; the rest default to what the core's builder does. */
    private static final int DEFAULT_QUEUE_CAPACITY = 1000;

    private static final int DEFAULT_MAX_RETAINED = 1000;

    private static final Duration DEFAULT_BLOCK_TIMEOUT = Duration.ofSeconds(1);

    private static final Duration DEFAULT_TIME_TO_LIVE = Duration.ofMinutes(10);

    private static final Duration DEFAULT_AWAIT_TERMINATION = Duration.ofSeconds(20);

    /**
     * Resolves {@code properties}, looking up the origin of any bad value in {@code environment}.
     *
     * @throws InvalidThreadPoolConfigurationException naming every bad value
     */
    static PoolSpecs resolve(ThreadPoolProperties properties, Environment environment) {
        Checker checker = new Checker(environment);
        String name = properties.getName();
        if (name != null && name.isBlank()) {
            checker.problem(PREFIX + "name", name, AcceptedValues.of(PREFIX + "name"));
        }
        else if (name != null && !properties.getPools().isEmpty()) {
            checker.problem(PREFIX + "name", name, "left unset when threadpool.pools is given: threadpool.name "
                    + "names the one pool of the shorthand form; name each pool under threadpool.pools.<name>",
                    "Remove threadpool.name, or declare that pool as threadpool.pools." + name
                            + " beside the others: with threadpool.pools, each pool is named by its key.");
        }
        PoolSpec builtIn = new PoolSpec(DEFAULT_NAME, true, null, null, false,
                DEFAULT_QUEUE_CAPACITY, RejectionPolicy.ABORT, DEFAULT_BLOCK_TIMEOUT, DEFAULT_MAX_RETAINED,
                DEFAULT_TIME_TO_LIVE, DEFAULT_AWAIT_TERMINATION);
        String defaultsName = (name != null && !name.isBlank()) ? name : DEFAULT_NAME;
        PoolSpec defaults = checker.resolve(PREFIX, properties, builtIn, defaultsName, true);
        List<PoolSpec> pools = new ArrayList<>();
        for (Map.Entry<String, ThreadPoolProperties.Pool> pool : properties.getPools().entrySet()) {
            pools.add(checker.resolve(POOLS + pool.getKey() + ".", pool.getValue(), defaults, pool.getKey(),
                    pool.getValue().isPrimary()));
        }
        List<PoolSpec> primaries = pools.stream().filter(PoolSpec::primary).toList();
        if (primaries.size() > 1) {
            String names = AcceptedValues.inWords(primaries.stream().map(PoolSpec::name).toList());
            for (PoolSpec primary : primaries) {
                // One action for all of them: which pool stays primary is the user's choice, not one per property.
                checker.problem(POOLS + primary.name() + ".primary", true,
                        "true on at most one pool (it is true on " + names + ")",
                        "Set threadpool.pools.<name>.primary to true on at most one pool; it is true on " + names + ".");
            }
        }
        checker.throwIfAny();
        return pools.isEmpty() ? new PoolSpecs(defaults, List.of(defaults), true)
                : new PoolSpecs(defaults, List.copyOf(pools), false);
    }

    /** Collects every problem, so that one start-up reports them all. */
    private static final class Checker {

        private final Environment environment;

        private final List<InvalidThreadPoolConfigurationException.Problem> problems = new ArrayList<>();

        Checker(Environment environment) {
            this.environment = environment;
        }

        PoolSpec resolve(String prefix, PoolSettings own, PoolSpec inherited, String name, boolean primary) {
            Integer workers = value(prefix + "workers", own.getWorkers(), inherited.workers(),
                    (v) -> v >= 1 && v <= ThreadPool.WORKER_CEILING);
            Integer maxWorkers = value(prefix + "max-workers", own.getMaxWorkers(), inherited.maxWorkers(),
                    (v) -> v >= 1 && v <= ThreadPool.WORKER_CEILING);
            int ceiling = (maxWorkers != null) ? maxWorkers : ThreadPool.DEFAULT_MAX_WORKERS;
            if (workers != null && ceiling < workers) {
                if (own.getMaxWorkers() != null) {
                    problem(prefix + "max-workers", ceiling, AcceptedValues.MAX_WORKERS + " (" + workers + ")");
                }
                else if (own.getWorkers() != null) {
                    problem(prefix + "workers", workers, "a whole number from 1 to max-workers (" + ceiling + ")");
                }
            }
            boolean virtualThreads = value(prefix + "virtual-threads", own.getVirtualThreads(),
                    inherited.virtualThreads(), (v) -> true);
            if (own.getVirtualThreads() != null && own.getVirtualThreads() && Runtime.version().feature() < 21) {
                problem(prefix + "virtual-threads", true,
                        "false on Java " + Runtime.version().feature() + " (virtual threads need Java 21 or later)");
            }
            return new PoolSpec(name, primary, workers, maxWorkers, virtualThreads,
                    value(prefix + "queue-capacity", own.getQueueCapacity(), inherited.queueCapacity(), (v) -> v >= 1),
                    value(prefix + "rejection-policy", own.getRejectionPolicy(), inherited.rejectionPolicy(),
                            (v) -> true),
                    value(prefix + "block-timeout", own.getBlockTimeout(), inherited.blockTimeout(),
                            Checker::isPositive),
                    value(prefix + "results.max-retained", own.getResults().getMaxRetained(),
                            inherited.maxRetainedResults(),
                            (v) -> v >= 0 && v <= ThreadPool.Builder.MAX_RETAINED_RESULTS_LIMIT),
                    value(prefix + "results.time-to-live", own.getResults().getTimeToLive(),
                            inherited.resultTimeToLive(), Checker::isPositive),
                    value(prefix + "shutdown.await-termination", own.getShutdown().getAwaitTermination(),
                            inherited.awaitTermination(), Checker::isPositive));
        }

        /** The pool's own value if set (and valid), else the inherited one. */
        private <T> T value(String property, @Nullable T own, T inherited, Predicate<T> valid) {
            if (own == null) {
                return inherited;
            }
            if (!valid.test(own)) {
                problem(property, own, AcceptedValues.of(property));
                return inherited;
            }
            return own;
        }

        void problem(String property, Object value, @Nullable String accepted) {
            this.problems.add(InvalidThreadPoolConfigurationException.Problem.of(this.environment, property, value,
                    (accepted != null) ? accepted : "a value of the documented type"));
        }

        /** A problem whose action is not "Set the property to what it accepts", such as a contradiction. */
        void problem(String property, Object value, String accepted, String action) {
            this.problems.add(InvalidThreadPoolConfigurationException.Problem.of(this.environment, property, value,
                    accepted).withAction(action));
        }

        void throwIfAny() {
            if (!this.problems.isEmpty()) {
                throw new InvalidThreadPoolConfigurationException(this.problems);
            }
        }

        private static boolean isPositive(Duration duration) {
            return !duration.isNegative() && !duration.isZero();
        }
    }

    /** For lookups in tests and the builder: the configured spec named {@code name}, if any. */
    @Nullable PoolSpec find(String name) {
        return this.configured.stream().filter((spec) -> spec.name().equals(name)).findFirst().orElse(null);
    }
}
