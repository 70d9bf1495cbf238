package io.github.threadpool.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.github.threadpool.core.ThreadPool;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.task.TaskDecorator;
import org.springframework.core.task.support.CompositeTaskDecorator;
import org.springframework.core.task.support.ContextPropagatingTaskDecorator;

/**
 * Makes the builders of every pool: the configured ones, and those the application defines itself.
 * A builder from {@link #builder(String)} carries the top-level {@code threadpool.*} settings, every
 * {@link TaskDecorator} bean composed in {@code @Order} (as Spring Framework's own executors compose
 * them), context propagation, the job timers and every {@link ThreadPoolCustomizer}: a pool built from
 * it is decorated and timed exactly like a configured one.
 *
 * <pre>{@code
 * @Bean
 * ThreadPool imports(ThreadPoolBuilders builders) {
 *     return builders.builder("imports").workers(2).build();
 * }
 * }</pre>
 *
 * <p>A {@code ThreadPool} bean built with {@code ThreadPool.builder()} instead still appears in the
 * endpoint, health, metrics and shutdown report, but has no decorators, no context propagation and no
 * job timers: a built pool cannot be changed; start-up warns about each such pool.
 *
 * <p>Thread-safe: decorators and customizers are looked up each time a builder is made, so beans that
 * are defined anywhere in the context apply.
 */
public final class ThreadPoolBuilders {

    /** The class whose presence turns context propagation on (unless switched off). */
    static final String CONTEXT_PROPAGATION_CLASS = "io.micrometer.context.ContextSnapshotFactory";

    private final PoolSpec defaults;

    private final boolean contextPropagation;

    private final ObjectProvider<TaskDecorator> decorators;

    private final ObjectProvider<ThreadPoolCustomizer> customizers;

    /** Names of the pools this has made builders for; read by {@link ThreadPools} to warn about others. */
    private final Set<String> prepared = ConcurrentHashMap.newKeySet();

    /**
     * @param contextPropagation whether to add a {@link ContextPropagatingTaskDecorator}: true only when
     *        the context-propagation library is on the context's class path and it is not switched off
     */
    ThreadPoolBuilders(PoolSpec defaults, boolean contextPropagation, ObjectProvider<TaskDecorator> decorators,
            ObjectProvider<ThreadPoolCustomizer> customizers) {
        this.defaults = defaults;
        this.contextPropagation = contextPropagation;
        this.decorators = decorators;
        this.customizers = customizers;
    }

    /**
     * A builder for a pool named {@code name}, with the top-level {@code threadpool.*} settings as its
     * defaults, the context's decorators, context propagation, job timers and customizers. Its setters
     * may change any setting before {@link ThreadPool.Builder#build()}, except that replacing its
     * decorator drops the context's decorators.
     */
    public ThreadPool.Builder builder(String name) {
        return prepare(this.defaults.named(name));
    }

    /** Builds a configured pool. */
    ThreadPool build(PoolSpec spec) {
        return prepare(spec).build();
    }

    /** Whether a builder for {@code name} was made here (so the pool is decorated and timed). */
    boolean prepared(String name) {
        return this.prepared.contains(name);
    }

    private ThreadPool.Builder prepare(PoolSpec spec) {
        ThreadPool.Builder builder = ThreadPool.builder()
            .name(spec.name())
            .rejectionPolicy(spec.rejectionPolicy())
            .blockTimeout(spec.blockTimeout())
            .maxRetainedResults(spec.maxRetainedResults())
            .resultTimeToLive(spec.resultTimeToLive())
            .closeTimeout(spec.awaitTermination());
        if (spec.maxWorkers() != null) {
            builder.maxWorkers(spec.maxWorkers());
        }
        if (spec.workers() != null) {
            builder.workers(spec.workers());
        }
        if (spec.queueCapacity() == Integer.MAX_VALUE) {
            builder.unboundedQueue();
        }
        else {
            builder.queueCapacity(spec.queueCapacity());
        }
        if (spec.virtualThreads()) {
            builder.threadFactory(VirtualThreads.factory(spec.effectiveThreadNamePrefix()));
        }
        else if (spec.threadNamePrefix() != null) {
            builder.threadNamePrefix(spec.threadNamePrefix());
        }
        TaskDecorator decorator = decorator();
        if (decorator != null) {
            builder.decorator(decorator::decorate);
        }
        this.customizers.orderedStream().forEach((customizer) -> customizer.customize(spec.name(), builder));
        this.prepared.add(spec.name());
        return builder;
    }

    /** Every decorator bean in {@code @Order}, then context propagation, in one; null when there is none. */
    private @Nullable TaskDecorator decorator() {
        List<TaskDecorator> all = new ArrayList<>(this.decorators.orderedStream().toList());
        if (this.contextPropagation && all.stream().noneMatch(ContextPropagatingTaskDecorator.class::isInstance)) {
            all.add(ContextPropagation.decorator());
        }
        if (all.isEmpty()) {
            return null;
        }
        return (all.size() == 1) ? all.get(0) : new CompositeTaskDecorator(all);
    }

    /** Loaded only when Micrometer's context-propagation library is on the class path. */
    private static final class ContextPropagation {

        static TaskDecorator decorator() {
            return new ContextPropagatingTaskDecorator();
        }
    }
}
