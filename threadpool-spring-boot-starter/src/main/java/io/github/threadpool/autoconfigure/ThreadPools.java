package io.github.threadpool.autoconfigure;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;

import io.github.threadpool.core.ThreadPool;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;

/**
 * Every {@link ThreadPool} bean of the context — configured under {@code threadpool.pools} or defined by
 * the application — by pool name ({@link ThreadPool#name()}, which for a configured pool is also its
 * bean name). What the endpoint, health, metrics and shutdown see: a pool is in all of them or in none.
 *
 * <p>Immutable once built, at start-up; lookups are O(1), iteration is in the order the beans were
 * defined. Pool names are unique: two pools of one name would share their metrics, so start-up refuses
 * them.
 */
public final class ThreadPools implements Iterable<ThreadPool> {

    private static final Log logger = LogFactory.getLog(ThreadPools.class);

    private final Map<String, ThreadPool> pools;

    private final @Nullable String primary;

    /**
     * @param pools the pools by name, in order
     * @param primary the name of the primary pool, or null when none is
     */
    ThreadPools(Map<String, ThreadPool> pools, @Nullable String primary) {
        this.pools = Collections.unmodifiableMap(new LinkedHashMap<>(pools));
        this.primary = primary;
    }

    /** The pool named {@code name}, if there is one. */
    public Optional<ThreadPool> find(String name) {
        return Optional.ofNullable(this.pools.get(name));
    }

    /**
     * The pool named {@code name}.
     * @throws NoSuchElementException naming the pools there are, if none is named {@code name}
     */
    public ThreadPool get(String name) {
        ThreadPool pool = this.pools.get(name);
        if (pool == null) {
            throw new NoSuchElementException("No thread pool named '" + name + "'; the pools are " + names());
        }
        return pool;
    }

    /** The names of every pool, in order. */
    public Set<String> names() {
        return this.pools.keySet();
    }

    /** The primary pool (the one injected where no qualifier says which), if one is. */
    public Optional<ThreadPool> primary() {
        return (this.primary != null) ? find(this.primary) : Optional.empty();
    }

    /** Whether {@code name} is the primary pool. */
    public boolean isPrimary(String name) {
        return name.equals(this.primary);
    }

    /** How many pools there are. */
    public int size() {
        return this.pools.size();
    }

    @Override
    public Iterator<ThreadPool> iterator() {
        return this.pools.values().iterator();
    }

    /**
     * Every {@code ThreadPool} bean of {@code beanFactory}, with the primary one as its bean definition
     * says; warns about each pool not built from {@code builders} (no decorators, no timers).
     *
     * @throws IllegalStateException if two pools have one name, or more than one is primary
     */
    static ThreadPools from(ConfigurableListableBeanFactory beanFactory, ThreadPoolBuilders builders) {
        Map<String, ThreadPool> pools = new LinkedHashMap<>();
        Map<String, String> beanNames = new LinkedHashMap<>();
        List<String> primaries = new ArrayList<>();
        for (String beanName : beanFactory.getBeanNamesForType(ThreadPool.class)) {
            ThreadPool pool = beanFactory.getBean(beanName, ThreadPool.class);
            String clash = beanNames.putIfAbsent(pool.name(), beanName);
            if (clash != null) {
                throw new IllegalStateException("Beans '" + clash + "' and '" + beanName + "' are both thread pools "
                        + "named '" + pool.name() + "': give each pool a name of its own, so that the endpoint, "
                        + "health and metrics can tell them apart");
            }
            pools.put(pool.name(), pool);
            if (beanFactory.containsBeanDefinition(beanName) && beanFactory.getBeanDefinition(beanName).isPrimary()) {
                primaries.add(pool.name());
            }
            if (pool.snapshot().queue().capacity() == Integer.MAX_VALUE) {
                logger.warn("Thread pool '" + pool.name() + "' has an unbounded queue: nothing but memory bounds the "
                        + "jobs it holds, and its rejection policy never applies. Set a queue-capacity to bound it.");
            }
            if (!builders.prepared(pool.name())) {
                logger.warn("Thread pool '" + pool.name() + "' (bean '" + beanName + "') was not built from "
                        + "ThreadPoolBuilders: it has no TaskDecorator, no context propagation and no job timers. "
                        + "Build it from ThreadPoolBuilders.builder(\"" + pool.name() + "\") to have them.");
            }
        }
        if (primaries.size() > 1) {
            throw new IllegalStateException("More than one thread pool is primary: " + primaries
                    + "; mark at most one (threadpool.pools.<name>.primary or @Primary)");
        }
        return new ThreadPools(pools, primaries.isEmpty() ? null : primaries.get(0));
    }

    @Override
    public String toString() {
        return "ThreadPools" + names();
    }
}
