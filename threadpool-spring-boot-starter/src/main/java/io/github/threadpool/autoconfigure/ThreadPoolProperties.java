package io.github.threadpool.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of the thread pools, under the {@code threadpool} prefix.
 *
 * <p>Two forms, one meaning. {@code threadpool.pools.<name>.*} declares any number of pools, one
 * {@code ThreadPool} bean each, named after the pool. Top-level pool settings ({@code threadpool.workers},
 * {@code threadpool.results.max-retained}, ...) are defaults for every pool, configured or built by the
 * application from {@link ThreadPoolBuilders}; a pool's own setting wins. When no {@code pools} are
 * given, the top-level settings are the one-pool shorthand: they declare a single primary pool named
 * {@code threadpool.name} — unless the application defines {@code ThreadPool} beans of its own, which
 * then replace it. {@code threadpool.name} together with {@code threadpool.pools} is refused at start-up.
 *
 * <p>Validated by {@link PoolSpecs} when the pools' bean definitions are registered: a bad value fails
 * the start-up, and the failure analysis names the property, the value, its origin and what it accepts.
 */
@ConfigurationProperties("threadpool")
public class ThreadPoolProperties extends PoolSettings {

    /** Whether to auto-configure the thread pools. */
    private boolean enabled = true;

    /**
     * Name of the one pool of the shorthand form (no threadpool.pools): its bean name, its threads'
     * names ('<name>-worker-<n>') and its metrics' name tag. Default 'threadpool'.
     */
    private @Nullable String name;

    /** Pools by name: each a ThreadPool bean named after it, with the top-level settings as defaults. */
    private Map<String, Pool> pools = new LinkedHashMap<>();

    private final Async async = new Async();

    private final ContextPropagation contextPropagation = new ContextPropagation();

    private final Web web = new Web();

    public boolean isEnabled() {
        return this.enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public @Nullable String getName() {
        return this.name;
    }

    public void setName(@Nullable String name) {
        this.name = name;
    }

    public Map<String, Pool> getPools() {
        return this.pools;
    }

    public void setPools(Map<String, Pool> pools) {
        this.pools = pools;
    }

    public Async getAsync() {
        return this.async;
    }

    public ContextPropagation getContextPropagation() {
        return this.contextPropagation;
    }

    public Web getWeb() {
        return this.web;
    }

    /** One named pool. */
    public static class Pool extends PoolSettings {

        /**
         * Whether this pool is the primary ThreadPool bean, injected where no qualifier says which. At
         * most one pool may be primary.
         */
        private boolean primary;

        public boolean isPrimary() {
            return this.primary;
        }

        public void setPrimary(boolean primary) {
            this.primary = primary;
        }
    }

    /** Use of a pool for @Async methods. */
    public static class Async {

        /**
         * Whether @Async methods run on a pool (needs @EnableAsync). Off by default: the starter leaves
         * Spring Boot's applicationTaskExecutor in charge of @Async. @Async("<pool>") picks a pool per
         * method either way.
         */
        private boolean enabled;

        /** Which pool runs @Async methods. Default: the primary pool, or the only one. */
        private @Nullable String pool;

        public boolean isEnabled() {
            return this.enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public @Nullable String getPool() {
            return this.pool;
        }

        public void setPool(@Nullable String pool) {
            this.pool = pool;
        }
    }

    /** Propagation of the submitter's context (observation, trace, anything with a ThreadLocalAccessor). */
    public static class ContextPropagation {

        /**
         * Whether every pool carries the submitter's context into its jobs with Micrometer's
         * context-propagation library, when that library is on the class path.
         */
        private boolean enabled = true;

        public boolean isEnabled() {
            return this.enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }
    }

    /** What a servlet web application answers for a job a pool refused. */
    public static class Web {

        private final Rejections rejections = new Rejections();

        public Rejections getRejections() {
            return this.rejections;
        }

        /** A refused job (a full queue, a pool shutting down) in a request: 503 instead of 500. */
        public static class Rejections {

            /**
             * Whether a job refused by a pool, thrown from a request handler (directly or wrapped in Spring's
             * TaskRejectedException, as through @Async), answers 503 Service Unavailable with Retry-After
             * and an RFC 9457 problem body, logged as one WARN per pool per log-interval with the count.
             */
            private boolean enabled = true;

            /** The Retry-After the 503 carries, rounded up to whole seconds. Positive. */
            private Duration retryAfter = Duration.ofSeconds(1);

            /**
             * Least time between two WARN lines about one pool's refused requests; each line counts those
             * since the last. Positive.
             */
            private Duration logInterval = Duration.ofMinutes(1);

            public boolean isEnabled() {
                return this.enabled;
            }

            public void setEnabled(boolean enabled) {
                this.enabled = enabled;
            }

            public Duration getRetryAfter() {
                return this.retryAfter;
            }

            public void setRetryAfter(Duration retryAfter) {
                this.retryAfter = retryAfter;
            }

            public Duration getLogInterval() {
                return this.logInterval;
            }

            public void setLogInterval(Duration logInterval) {
                this.logInterval = logInterval;
            }
        }
    }
}
