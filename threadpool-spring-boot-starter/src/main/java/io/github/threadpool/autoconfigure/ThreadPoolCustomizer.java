package io.github.threadpool.autoconfigure;

import io.github.threadpool.core.ThreadPool;

/**
 * Callback to customize the auto-configured {@link ThreadPool} before it is built, after the
 * {@code threadpool.*} properties have been applied. Customizers run in {@code @Order} order.
 */
@FunctionalInterface
public interface ThreadPoolCustomizer {

    /** Customizes the builder. */
    void customize(ThreadPool.Builder builder);
}
