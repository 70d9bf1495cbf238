package io.github.threadpool.autoconfigure.fleet;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import io.github.threadpool.autoconfigure.ConditionalOnSwitch;
import io.github.threadpool.autoconfigure.JobDirectory;
import io.github.threadpool.autoconfigure.LocalJobDirectory;
import io.github.threadpool.autoconfigure.ThreadPoolAutoConfiguration;
import io.github.threadpool.autoconfigure.ThreadPoolCustomizer;
import io.github.threadpool.autoconfigure.ThreadPoolProperties;
import io.github.threadpool.autoconfigure.ThreadPools;
import io.github.threadpool.core.ThreadPool;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

/**
 * Auto-configuration of the fleet directory ({@code threadpool.fleet.enabled=true}): this instance leases
 * its number from Redis, numbers its jobs from it, mirrors every job to Redis, and answers for the jobs of
 * every instance through a {@link FleetJobDirectory}. Uses the application's Redis connection, from
 * Spring Boot's Redis support.
 */
@AutoConfiguration(after = DataRedisAutoConfiguration.class, before = ThreadPoolAutoConfiguration.class)
@ConditionalOnClass(RedisConnectionFactory.class)
@ConditionalOnBean(RedisConnectionFactory.class)
@ConditionalOnBooleanProperty(name = "threadpool.enabled", matchIfMissing = true)
@ConditionalOnSwitch("threadpool.fleet.enabled")
public final class FleetAutoConfiguration {

    /** The fleet's own template over the application's connection; not a bean, so it cannot clash with Boot's. */
    private static StringRedisTemplate template(RedisConnectionFactory connectionFactory) {
        StringRedisTemplate template = new StringRedisTemplate(connectionFactory);
        template.afterPropertiesSet();
        return template;
    }

    @Bean
    FleetInstance threadPoolFleetInstance(ThreadPoolProperties threadPoolProperties, RedisConnectionFactory connectionFactory) {
        FleetProperties properties = threadPoolProperties.getFleet();
        properties.validate();
        String name = (properties.getInstanceName() != null) ? properties.getInstanceName() : defaultInstanceName();
        return new FleetInstance(template(connectionFactory), new FleetKeys(properties.getKeyPrefix()), name,
                properties.getLeaseTimeToLive(), properties.getStartupTimeout());
    }

    @Bean
    JobMirror threadPoolFleetMirror(ThreadPoolProperties threadPoolProperties, RedisConnectionFactory connectionFactory,
            FleetInstance instance, ObjectProvider<FleetValueSerializer> serializer,
            ObjectProvider<ThreadPools> pools) {
        FleetProperties properties = threadPoolProperties.getFleet();
        RecordCodec codec = new RecordCodec(serializer.getIfAvailable(FleetValueSerializer::toText),
                properties.getMaxValueLength());
        return new JobMirror(template(connectionFactory), new FleetKeys(properties.getKeyPrefix()), instance, codec,
                properties.getBufferCapacity(), properties.getBatchSize(), timeToLiveByPool(pools));
    }

    /** Every pool built from ThreadPoolBuilders numbers its jobs from this instance's range, and mirrors them. */
    @Bean
    ThreadPoolCustomizer threadPoolFleetCustomizer(FleetInstance instance, JobMirror mirror) {
        return (poolName, builder) -> builder.firstJobId(instance.firstJobId()).jobListener(mirror.listenerFor(poolName));
    }

    @Bean
    FleetLifecycle threadPoolFleetLifecycle(ThreadPoolProperties threadPoolProperties, FleetInstance instance, JobMirror mirror,
            ObjectProvider<ThreadPools> pools) {
        FleetProperties properties = threadPoolProperties.getFleet();
        return new FleetLifecycle(instance, mirror, properties.getFlushTimeout(), () -> longestTimeToLive(pools));
    }

    @Bean
    CancelRelay threadPoolFleetCancelRelay(ThreadPoolProperties threadPoolProperties, RedisConnectionFactory connectionFactory,
            FleetInstance instance, ThreadPools pools) {
        FleetProperties properties = threadPoolProperties.getFleet();
        return new CancelRelay(template(connectionFactory), new FleetKeys(properties.getKeyPrefix()),
                instance.number(), new LocalJobDirectory(pools, instance.name()));
    }

    @Bean
    RedisMessageListenerContainer threadPoolFleetChannel(ThreadPoolProperties threadPoolProperties,
            RedisConnectionFactory connectionFactory, FleetInstance instance, CancelRelay relay) {
        FleetProperties properties = threadPoolProperties.getFleet();
        RedisMessageListenerContainer container = new RedisMessageListenerContainer();
        container.setConnectionFactory(connectionFactory);
        container.addMessageListener(relay,
                new ChannelTopic(new FleetKeys(properties.getKeyPrefix()).channel(instance.number())));
        return container;
    }

    @Bean
    @ConditionalOnMissingBean(JobDirectory.class)
    FleetJobDirectory jobDirectory(ThreadPoolProperties threadPoolProperties, RedisConnectionFactory connectionFactory,
            FleetInstance instance, ThreadPools pools, CancelRelay relay) {
        FleetProperties properties = threadPoolProperties.getFleet();
        return new FleetJobDirectory(new LocalJobDirectory(pools, instance.name()), pools, template(connectionFactory),
                new FleetKeys(properties.getKeyPrefix()), instance, relay, properties.getCancelTimeout());
    }

    /**
     * A pool's result time to live, read once per pool (it is fixed when the pool is built); a pool built
     * from the builders but not a bean gets the longest of the beans'.
     */
    private static Function<String, Duration> timeToLiveByPool(ObjectProvider<ThreadPools> pools) {
        Map<String, Duration> known = new ConcurrentHashMap<>();
        return (name) -> known.computeIfAbsent(name, (pool) -> pools.getObject().find(pool)
            .map((found) -> found.snapshot().results().timeToLive())
            .orElseGet(() -> longestTimeToLive(pools)));
    }

    private static Duration longestTimeToLive(ObjectProvider<ThreadPools> pools) {
        Duration longest = Duration.ofMinutes(1);
        for (ThreadPool pool : pools.getObject()) {
            Duration ttl = pool.snapshot().results().timeToLive();
            longest = (ttl.compareTo(longest) > 0) ? ttl : longest;
        }
        return longest;
    }

    private static String defaultInstanceName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        }
        catch (UnknownHostException ex) {
            host = "unknown-host";
        }
        return host + ":" + ManagementFactory.getRuntimeMXBean().getPid();
    }
}
