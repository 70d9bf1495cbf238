package io.github.threadpool.autoconfigure;

import java.util.List;
import java.util.Set;

import io.github.threadpool.core.ThreadPool;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.support.AbstractBeanDefinition;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.type.AnnotationMetadata;

/**
 * Defines one {@link ThreadPool} bean per configured pool, named after the pool, from the
 * {@code threadpool.*} properties bound with {@link Binder} — the number and names of the beans depend
 * on the properties, so they cannot be {@code @Bean} methods. Also defines {@value #SPECS_BEAN}, the
 * resolved settings, for the rest of the auto-configuration.
 *
 * <p>Runs while the auto-configuration's bean definitions are loaded, after the application's own: so
 * it sees the application's {@code ThreadPool} beans. The shorthand pool is defined only when there are
 * none (as an auto-configured bean backs off); a configured pool whose name another bean already has
 * fails the start-up. Every setting is validated here, before any pool is built.
 */
final class ThreadPoolBeanRegistrar implements ImportBeanDefinitionRegistrar, EnvironmentAware, BeanFactoryAware {

    private static final Log logger = LogFactory.getLog(ThreadPoolBeanRegistrar.class);

    static final String SPECS_BEAN = "threadPoolSpecs";

    private static final Set<String> SHARED_SOURCES = Set.of(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME,
            StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);

    /**
     * A key under {@code threadpool} that no setting has ({@code threadpool.pools.reports.worker}) fails the
     * start-up: left alone, a typo silently leaves the default in place. Checked in the application's own
     * configuration (its files, command-line arguments, test properties), not in JVM system properties or
     * environment variables: those are shared with everything else in the process and on the machine, and
     * a {@code threadpool.*} key there may be another tool's (this project's build passes
     * {@code -Dthreadpool.ops.dir} to its tests).
     */
    private static boolean isApplicationsOwn(ConfigurationPropertySource source) {
        return !(source.getUnderlyingSource() instanceof PropertySource<?> underlying
                && SHARED_SOURCES.contains(underlying.getName()));
    }

    @SuppressWarnings("NullAway.Init")
    private Environment environment;

    @SuppressWarnings("NullAway.Init")
    private BeanFactory beanFactory;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void setBeanFactory(BeanFactory beanFactory) {
        this.beanFactory = beanFactory;
    }

    @Override
    public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
        ProblemCollectingBindHandler binding = new ProblemCollectingBindHandler(ThreadPoolBeanRegistrar::isApplicationsOwn);
        ThreadPoolProperties properties = Binder.get(this.environment)
            .bind("threadpool", Bindable.of(ThreadPoolProperties.class), binding)
            .orElseGet(ThreadPoolProperties::new);
        PoolSpecs specs = PoolSpecs.resolve(properties, this.environment, binding.problems(), !hasApplicationPools());
        registry.registerBeanDefinition(SPECS_BEAN, new RootBeanDefinition(PoolSpecs.class, () -> specs));
        if (specs.shorthand() && hasApplicationPools()) {
            if (properties.getName() != null) {
                logger.warn("threadpool.name=" + properties.getName() + " names no pool: the application defines "
                        + "ThreadPool beans of its own, which replace the shorthand pool. Remove threadpool.name, "
                        + "or declare the pool under threadpool.pools." + properties.getName());
            }
            return;
        }
        for (PoolSpec spec : specs.configured()) {
            if (registry.containsBeanDefinition(spec.name())) {
                String property = specs.shorthand() ? "threadpool.name" : "threadpool.pools." + spec.name();
                throw new InvalidThreadPoolConfigurationException(List.of(new InvalidThreadPoolConfigurationException.Problem(
                        property, spec.name(), "configuration", "a name no other bean has: the application defines "
                                + "a bean named '" + spec.name() + "'")
                    .withAction("Rename the pool " + property + " (its bean is named after it), or the application's bean '"
                            + spec.name() + "'.")));
            }
            RootBeanDefinition pool = new RootBeanDefinition(ThreadPool.class,
                    () -> this.beanFactory.getBean(ThreadPoolBuilders.class).build(spec));
            pool.setPrimary(spec.primary());
            // Like a @Bean method's: the pool is closed (a no-op once the lifecycle has drained it).
            pool.setDestroyMethodName(AbstractBeanDefinition.INFER_METHOD);
            registry.registerBeanDefinition(spec.name(), pool);
        }
    }

    private boolean hasApplicationPools() {
        return this.beanFactory instanceof ListableBeanFactory listable
                && listable.getBeanNamesForType(ThreadPool.class, true, false).length > 0;
    }
}
