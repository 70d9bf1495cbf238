package io.github.threadpool.autoconfigure;

import io.github.threadpool.core.ThreadPool;

/**
 * Callback to customize a pool's builder before it is built, after its properties, the
 * {@code TaskDecorator}s and the job timers have been applied. Called for every pool built by
 * {@link ThreadPoolBuilders} — each configured pool, and each pool the application builds from it —
 * with the pool's name. Customizers run in {@code @Order} order.
 */
@FunctionalInterface
public interface ThreadPoolCustomizer {

    /**
     * Customizes the builder of the pool named {@code poolName}.
     * @param poolName the pool's name (and, for a configured pool, its bean name)
     * @param builder the builder, with everything else applied
     */
    void customize(String poolName, ThreadPool.Builder builder);
}
