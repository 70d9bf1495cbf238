package io.github.threadpool.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import io.github.threadpool.core.ThreadPool;
import org.jspecify.annotations.Nullable;

import org.springframework.core.env.Environment;

/**
 * The pools that {@code threadpool.*} declares, each resolved and validated, and the top-level defaults
 * that pools built by the application start from.
 *
 * <p>Resolution, per setting: the pool's own value ({@code threadpool.pools.<name>.<setting>}), else the
 * top-level one ({@code threadpool.<setting>}), else the core builder's default. Every value that is set is
 * checked where it is set, by the core builder's setter for that setting (the one copy of each rule), and
 * all problems are reported together, each with its origin.
 *
 * @param defaults the top-level settings, named {@code threadpool.name} (default {@code threadpool})
 * @param configured the pools to define: those under {@code threadpool.pools}, or, when there are none,
 *        the one shorthand pool (the defaults, primary)
 * @param shorthand whether {@code configured} is the shorthand pool
 */
record PoolSpecs(PoolSpec defaults, List<PoolSpec> configured, boolean shorthand) {

    private static final String PREFIX = "threadpool.";

    private static final String POOLS = "threadpool.pools.";

    /**
     * Resolves {@code properties}, looking up the origin of any bad value in {@code environment}, and reports
     * every problem at once: {@code bindingProblems} (values that could not be converted, unknown keys) with
     * the values that are wrong or contradict each other.
     *
     * @param onlyConfiguredPools whether the configured pools are all the pools there will be (the application
     *        defines none of its own), so that {@code threadpool.async.pool} can be checked against them now
     * @throws InvalidThreadPoolConfigurationException naming every problem
     */
    static PoolSpecs resolve(ThreadPoolProperties properties, Environment environment,
            List<InvalidThreadPoolConfigurationException.Problem> bindingProblems, boolean onlyConfiguredPools) {
        Checker checker = new Checker(environment);
        checker.problems.addAll(bindingProblems);
        String name = properties.getName();
        if (name != null && !checker.accepts(PREFIX + "name", name, (v) -> ThreadPool.builder().name(v))) {
            name = null;
        }
        else if (name != null && !properties.getPools().isEmpty()) {
            checker.problem(PREFIX + "name", name, "left unset when threadpool.pools is given: threadpool.name "
                    + "names the one pool of the shorthand form; name each pool under threadpool.pools.<name>",
                    "Remove threadpool.name, or declare that pool as threadpool.pools." + name
                            + " beside the others: with threadpool.pools, each pool is named by its key.");
        }
        PoolSpec builtIn = new PoolSpec(ThreadPool.Builder.DEFAULT_NAME, true, null, null, false,
                ThreadPool.Builder.DEFAULT_QUEUE_CAPACITY, ThreadPool.Builder.DEFAULT_REJECTION_POLICY,
                ThreadPool.Builder.DEFAULT_BLOCK_TIMEOUT, ThreadPool.Builder.DEFAULT_MAX_RETAINED_RESULTS,
                ThreadPool.Builder.DEFAULT_RESULT_TIME_TO_LIVE, ThreadPool.Builder.DEFAULT_CLOSE_TIMEOUT, null);
        String defaultsName = (name != null) ? name : ThreadPool.Builder.DEFAULT_NAME;
        PoolSpec defaults = checker.resolve(PREFIX, properties, builtIn, defaultsName, true);
        List<PoolSpec> pools = new ArrayList<>();
        for (Map.Entry<String, ThreadPoolProperties.Pool> pool : properties.getPools().entrySet()) {
            pools.add(checker.resolve(POOLS + pool.getKey() + ".", pool.getValue(), defaults.named(pool.getKey()),
                    pool.getKey(), pool.getValue().isPrimary()));
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
        PoolSpecs specs = pools.isEmpty() ? new PoolSpecs(defaults, List.of(defaults), true)
                : new PoolSpecs(defaults, List.copyOf(pools), false);
        String asyncPool = properties.getAsync().getPool();
        if (asyncPool != null && onlyConfiguredPools && specs.find(asyncPool) == null) {
            checker.problem(PREFIX + "async.pool", asyncPool, "the name of a pool, one of "
                    + specs.configured().stream().map(PoolSpec::name).toList());
        }
        ThreadPoolProperties.Web.Rejections rejections = properties.getWeb().getRejections();
        checker.accepts(PREFIX + "web.rejections.retry-after", rejections.getRetryAfter(), Checker::requirePositive);
        checker.accepts(PREFIX + "web.rejections.log-interval", rejections.getLogInterval(), Checker::requirePositive);
        checker.throwIfAny();
        return specs;
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
                    (v) -> ThreadPool.builder().workers(v));
            Integer maxWorkers = value(prefix + "max-workers", own.getMaxWorkers(), inherited.maxWorkers(),
                    (v) -> ThreadPool.builder().maxWorkers(v));
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
                    inherited.virtualThreads(), (v) -> { });
            if (own.getVirtualThreads() != null && own.getVirtualThreads() && Runtime.version().feature() < 21) {
                problem(prefix + "virtual-threads", true,
                        "false on Java " + Runtime.version().feature() + " (virtual threads need Java 21 or later)");
            }
            QueueCapacity queueCapacity = value(prefix + "queue-capacity", own.getQueueCapacity(),
                    QueueCapacity.of(inherited.queueCapacity()), (v) -> ThreadPool.builder().queueCapacity(v.capacity()));
            return new PoolSpec(name, primary, workers, maxWorkers, virtualThreads, queueCapacity.capacity(),
                    value(prefix + "rejection-policy", own.getRejectionPolicy(), inherited.rejectionPolicy(),
                            (v) -> ThreadPool.builder().rejectionPolicy(v)),
                    value(prefix + "block-timeout", own.getBlockTimeout(), inherited.blockTimeout(),
                            (v) -> ThreadPool.builder().blockTimeout(v)),
                    value(prefix + "results.max-retained", own.getResults().getMaxRetained(),
                            inherited.maxRetainedResults(), (v) -> ThreadPool.builder().maxRetainedResults(v)),
                    value(prefix + "results.time-to-live", own.getResults().getTimeToLive(),
                            inherited.resultTimeToLive(), (v) -> ThreadPool.builder().resultTimeToLive(v)),
                    value(prefix + "shutdown.await-termination", own.getShutdown().getAwaitTermination(),
                            inherited.awaitTermination(), (v) -> ThreadPool.builder().closeTimeout(v)),
                    value(prefix + "thread-name-prefix", own.getThreadNamePrefix(), inherited.threadNamePrefix(),
                            (v) -> ThreadPool.builder().threadNamePrefix(v)));
        }

        /**
         * The pool's own value if set and the core builder's setter accepts it (the one copy of each
         * rule), else the inherited one.
         */
        private <T> @Nullable T value(String property, @Nullable T own, @Nullable T inherited, Consumer<T> builderSetter) {
            if (own == null) {
                return inherited;
            }
            return accepts(property, own, builderSetter) ? own : inherited;
        }

        /** Whether {@code check} accepts {@code value}; a problem with {@code property} if it throws IllegalArgumentException. */
        <T> boolean accepts(String property, T value, Consumer<T> check) {
            try {
                check.accept(value);
                return true;
            }
            catch (IllegalArgumentException ex) {
                problem(property, value, AcceptedValues.of(property));
                return false;
            }
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

        private static void requirePositive(Duration duration) {
            if (duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException("must be positive, was " + duration);
            }
        }
    }

    /** For lookups in tests and the builder: the configured spec named {@code name}, if any. */
    @Nullable PoolSpec find(String name) {
        return this.configured.stream().filter((spec) -> spec.name().equals(name)).findFirst().orElse(null);
    }
}
