package io.github.threadpool.autoconfigure;

import java.time.Duration;

import io.github.threadpool.core.RejectionPolicy;
import io.github.threadpool.core.ThreadPool;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DataObjectPropertyName;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;
import org.springframework.validation.annotation.Validated;

/**
 * Configuration of the auto-configured {@link ThreadPool}, under the {@code threadpool} prefix.
 *
 * <p>Validated when bound — by this class itself, so validation needs no Bean Validation provider on
 * the class path. A bad value fails the start-up, and the failure analysis names the property, the
 * value and what it accepts.
 */
@ConfigurationProperties("threadpool")
@Validated
public class ThreadPoolProperties implements Validator {

    /** Whether to auto-configure the thread pool. */
    private boolean enabled = true;

    /** Name of the pool: its threads are named '<name>-worker-<n>', and its metrics are tagged name=<name>. */
    private String name = "threadpool";

    /** Number of worker threads. Defaults to the number of available processors. */
    private @Nullable Integer workers;

    /** Most jobs that may wait in the queue; when it is full, the rejection policy applies. */
    private int queueCapacity = 1000;

    /**
     * What a submission does when the queue is full: 'abort' throws RejectedExecutionException,
     * 'caller-runs' runs the job in the submitting thread, 'block' waits up to block-timeout for room.
     */
    private RejectionPolicy rejectionPolicy = RejectionPolicy.ABORT;

    /** How long a submitter waits for room under the 'block' policy before it is rejected. */
    private Duration blockTimeout = Duration.ofSeconds(1);

    private final Results results = new Results();

    private final Shutdown shutdown = new Shutdown();

    private final Async async = new Async();

    public boolean isEnabled() {
        return this.enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public String getName() {
        return this.name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public @Nullable Integer getWorkers() {
        return this.workers;
    }

    public void setWorkers(@Nullable Integer workers) {
        this.workers = workers;
    }

    public int getQueueCapacity() {
        return this.queueCapacity;
    }

    public void setQueueCapacity(int queueCapacity) {
        this.queueCapacity = queueCapacity;
    }

    public RejectionPolicy getRejectionPolicy() {
        return this.rejectionPolicy;
    }

    public void setRejectionPolicy(RejectionPolicy rejectionPolicy) {
        this.rejectionPolicy = rejectionPolicy;
    }

    public Duration getBlockTimeout() {
        return this.blockTimeout;
    }

    public void setBlockTimeout(Duration blockTimeout) {
        this.blockTimeout = blockTimeout;
    }

    public Results getResults() {
        return this.results;
    }

    public Shutdown getShutdown() {
        return this.shutdown;
    }

    public Async getAsync() {
        return this.async;
    }

    /** The number of workers to start: the configured number, or one per available processor. */
    int effectiveWorkers() {
        return (this.workers != null) ? this.workers : Runtime.getRuntime().availableProcessors();
    }

    @Override
    public boolean supports(Class<?> type) {
        return ThreadPoolProperties.class.isAssignableFrom(type);
    }

    @Override
    public void validate(Object target, Errors errors) {
        ThreadPoolProperties properties = (ThreadPoolProperties) target;
        check(errors, "name", properties.name != null && !properties.name.isBlank());
        check(errors, "workers", properties.workers == null || properties.workers >= 1);
        check(errors, "queueCapacity", properties.queueCapacity >= 1);
        check(errors, "blockTimeout", isPositive(properties.blockTimeout));
        check(errors, "results.maxRetained", properties.results.maxRetained >= 0
                && properties.results.maxRetained <= ThreadPool.Builder.MAX_RETAINED_RESULTS_LIMIT);
        check(errors, "results.timeToLive", isPositive(properties.results.timeToLive));
        check(errors, "shutdown.awaitTermination", isPositive(properties.shutdown.awaitTermination));
    }

    private static void check(Errors errors, String field, boolean valid) {
        if (!valid) {
            String property = "threadpool." + DataObjectPropertyName.toDashedForm(field);
            errors.rejectValue(field, "invalid", "must be " + AcceptedValues.of(property));
        }
    }

    private static boolean isPositive(@Nullable Duration duration) {
        return duration != null && !duration.isNegative() && !duration.isZero();
    }

    /** Retention of finished jobs' results. */
    public static class Results {

        /**
         * Most results retained, by id and in completion order; older ones are evicted. 0 turns the
         * result store off (only the returned Job carries the outcome).
         */
        private int maxRetained = 1000;

        /** How long a result is retained at most. */
        private Duration timeToLive = Duration.ofMinutes(10);

        public int getMaxRetained() {
            return this.maxRetained;
        }

        public void setMaxRetained(int maxRetained) {
            this.maxRetained = maxRetained;
        }

        public Duration getTimeToLive() {
            return this.timeToLive;
        }

        public void setTimeToLive(Duration timeToLive) {
            this.timeToLive = timeToLive;
        }
    }

    /** Behaviour when the application context closes. */
    public static class Shutdown {

        /**
         * How long a graceful shutdown lets queued and running jobs finish before it cancels the rest.
         * Keep it within spring.lifecycle.timeout-per-shutdown-phase (30s by default).
         */
        private Duration awaitTermination = Duration.ofSeconds(20);

        public Duration getAwaitTermination() {
            return this.awaitTermination;
        }

        public void setAwaitTermination(Duration awaitTermination) {
            this.awaitTermination = awaitTermination;
        }
    }

    /** Use of the pool for @Async methods. */
    public static class Async {

        /**
         * Whether @Async methods run on this pool (needs @EnableAsync). Off by default: the starter
         * leaves Spring Boot's applicationTaskExecutor in charge of @Async.
         */
        private boolean enabled;

        public boolean isEnabled() {
            return this.enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }
    }
}
