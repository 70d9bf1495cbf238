package io.github.threadpool.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import io.github.threadpool.core.PoolSnapshot;
import io.github.threadpool.core.RejectionPolicy;
import io.github.threadpool.core.ThreadPool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.NoUniqueBeanDefinitionException;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.task.TaskDecorator;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How {@code threadpool.*} turns into pools: the shorthand, named pools, the application's own, decoration. */
@ExtendWith(OutputCaptureExtension.class)
class ThreadPoolAutoConfigurationTests {

    private static final long WAIT_SECONDS = 30;

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(ThreadPoolAutoConfiguration.class));

    @Test
    void anUnboundedQueueFromConfigurationIsWarnedAboutAtStartUp(CapturedOutput output) {
        this.contextRunner.withPropertyValues("threadpool.pools.inbox.queue-capacity=UNBOUNDED",
                "threadpool.pools.bounded.queue-capacity=8").run((context) -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean("inbox", ThreadPool.class).snapshot().queue().capacity())
                        .isEqualTo(Integer.MAX_VALUE);
                    assertThat(context.getBean("bounded", ThreadPool.class).snapshot().queue().capacity()).isEqualTo(8);
                    context.getBean(ThreadPools.class);
                    assertThat(output).contains("Thread pool 'inbox' has an unbounded queue: nothing but memory bounds "
                            + "the jobs it holds, and its rejection policy never applies.")
                        .doesNotContain("Thread pool 'bounded' has an unbounded queue");
                });
    }

    @Test
    void threadsAreNamedByTheirPoolsPrefixWhichNamedPoolsDoNotInherit() {
        this.contextRunner.withPropertyValues("threadpool.thread-name-prefix=shared-",
                "threadpool.pools.reports.thread-name-prefix=report-", "threadpool.pools.mail.workers=1")
            .run((context) -> {
                assertThat(context.getBean("reports", ThreadPool.class).submit(() -> Thread.currentThread().getName())
                    .get(WAIT_SECONDS, TimeUnit.SECONDS)).startsWith("report-");
                assertThat(context.getBean("mail", ThreadPool.class).submit(() -> Thread.currentThread().getName())
                    .get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("mail-worker-1");
            });
        this.contextRunner.withPropertyValues("threadpool.workers=1", "threadpool.thread-name-prefix=app-")
            .run((context) -> assertThat(context.getBean(ThreadPool.class).submit(() -> Thread.currentThread().getName())
                .get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("app-1"));
    }

    @Test
    void withNoPropertiesDefinesOnePrimaryPoolWithDefaultsForATypicalWebApp() {
        this.contextRunner.run((context) -> {
            assertThat(context).hasSingleBean(ThreadPool.class).hasBean("threadpool")
                .hasSingleBean(ThreadPoolLifecycle.class);
            PoolSnapshot snapshot = context.getBean(ThreadPool.class).snapshot();
            assertThat(snapshot.name()).isEqualTo("threadpool");
            assertThat(snapshot.workers().configured()).isEqualTo(Runtime.getRuntime().availableProcessors());
            assertThat(snapshot.queue().capacity()).isEqualTo(ThreadPool.Builder.DEFAULT_QUEUE_CAPACITY);
            assertThat(snapshot.rejectionPolicy()).isEqualTo(RejectionPolicy.ABORT);
            assertThat(snapshot.results().maxRetained()).isEqualTo(ThreadPool.Builder.DEFAULT_MAX_RETAINED_RESULTS);
            assertThat(snapshot.results().timeToLive()).isEqualTo(Duration.ofMinutes(10));
            PoolSpec spec = context.getBean(PoolSpecs.class).defaults();
            assertThat(spec.blockTimeout()).isEqualTo(Duration.ofSeconds(1));
            assertThat(spec.awaitTermination()).isEqualTo(Duration.ofSeconds(20));
            ThreadPools pools = context.getBean(ThreadPools.class);
            assertThat(pools.names()).containsExactly("threadpool");
            assertThat(pools.isPrimary("threadpool")).isTrue();
        });
    }

    @Test
    void theShorthandAloneDefinesOnePrimaryPoolNamedAfterThreadpoolName() {
        this.contextRunner
            .withPropertyValues("threadpool.name=orders", "threadpool.workers=3", "threadpool.queue-capacity=42",
                    "threadpool.rejection-policy=caller-runs", "threadpool.block-timeout=250ms",
                    "threadpool.results.max-retained=7", "threadpool.results.time-to-live=2m",
                    "threadpool.shutdown.await-termination=5s")
            .run((context) -> {
                assertThat(context).hasSingleBean(ThreadPool.class).hasBean("orders");
                assertThat(context.getBeanFactory().getBeanDefinition("orders").isPrimary()).isTrue();
                PoolSnapshot snapshot = context.getBean(ThreadPool.class).snapshot();
                assertThat(snapshot.name()).isEqualTo("orders");
                assertThat(snapshot.workers().configured()).isEqualTo(3);
                assertThat(snapshot.queue().capacity()).isEqualTo(42);
                assertThat(snapshot.rejectionPolicy()).isEqualTo(RejectionPolicy.CALLER_RUNS);
                assertThat(snapshot.results().maxRetained()).isEqualTo(7);
                assertThat(snapshot.results().timeToLive()).isEqualTo(Duration.ofMinutes(2));
                PoolSpec spec = context.getBean(PoolSpecs.class).find("orders");
                assertThat(spec.blockTimeout()).isEqualTo(Duration.ofMillis(250));
                assertThat(spec.awaitTermination()).isEqualTo(Duration.ofSeconds(5));
                assertThat(context.getBean(ThreadPool.class).submit(() -> Thread.currentThread().getName())
                    .get(WAIT_SECONDS, TimeUnit.SECONDS)).startsWith("orders-worker-");
            });
    }

    @Test
    void oneConfiguredPoolIsOneBeanNamedAfterIt() {
        this.contextRunner.withPropertyValues("threadpool.pools.reports.workers=2").run((context) -> {
            assertThat(context).hasSingleBean(ThreadPool.class).hasBean("reports").doesNotHaveBean("threadpool");
            assertThat(context.getBean(ThreadPool.class).snapshot().workers().configured()).isEqualTo(2);
            assertThat(context.getBean(ThreadPools.class).names()).containsExactly("reports");
        });
    }

    @Test
    void threeConfiguredPoolsTakeTheTopLevelSettingsAsDefaultsAndTheirOwnFirst() {
        this.contextRunner
            .withPropertyValues("threadpool.workers=2", "threadpool.queue-capacity=50",
                    "threadpool.results.max-retained=5", "threadpool.pools.reports.workers=4",
                    "threadpool.pools.emails.queue-capacity=10", "threadpool.pools.emails.results.max-retained=0",
                    "threadpool.pools.imports.rejection-policy=block")
            .run((context) -> {
                assertThat(context.getBeansOfType(ThreadPool.class)).containsOnlyKeys("reports", "emails", "imports");
                assertThat(context.getBean(ThreadPools.class).names()).containsExactly("reports", "emails", "imports");
                PoolSnapshot reports = context.getBean("reports", ThreadPool.class).snapshot();
                assertThat(reports.workers().configured()).isEqualTo(4);
                assertThat(reports.queue().capacity()).isEqualTo(50);
                assertThat(reports.results().maxRetained()).isEqualTo(5);
                PoolSnapshot emails = context.getBean("emails", ThreadPool.class).snapshot();
                assertThat(emails.workers().configured()).isEqualTo(2);
                assertThat(emails.queue().capacity()).isEqualTo(10);
                assertThat(emails.results().maxRetained()).isZero();
                PoolSnapshot imports = context.getBean("imports", ThreadPool.class).snapshot();
                assertThat(imports.rejectionPolicy()).isEqualTo(RejectionPolicy.BLOCK);
                assertThat(imports.workers().configured()).isEqualTo(2);
                assertThat(context.getBean(ThreadPools.class).primary()).isEmpty();
                assertThatExceptionOfType(NoUniqueBeanDefinitionException.class)
                    .isThrownBy(() -> context.getBean(ThreadPool.class));
            });
    }

    @Test
    void zeroConfiguredPoolsWhenTheApplicationDefinesItsOwn() {
        this.contextRunner.withUserConfiguration(OwnPoolConfiguration.class).run((context) -> {
            assertThat(context).hasSingleBean(ThreadPool.class).doesNotHaveBean("threadpool");
            assertThat(context.getBean(ThreadPools.class).names()).containsExactly("mine");
            assertThat(context).hasSingleBean(ThreadPoolLifecycle.class);
        });
    }

    @Test
    void saysSoWhenThreadpoolNameNamesNothingBecauseTheApplicationsPoolsReplaceTheShorthand(CapturedOutput output) {
        this.contextRunner.withPropertyValues("threadpool.name=orders")
            .withUserConfiguration(OwnPoolConfiguration.class)
            .run((context) -> {
                assertThat(context.getBean(ThreadPools.class).names()).containsExactly("mine");
                assertThat(output).contains("threadpool.name=orders names no pool: the application defines "
                        + "ThreadPool beans of its own, which replace the shorthand pool.");
            });
    }

    @Test
    void poolsAreInjectedByQualifierOrParameterNameAndLookedUpInTheRegistry() {
        this.contextRunner
            .withPropertyValues("threadpool.pools.reports.workers=1", "threadpool.pools.emails.workers=1")
            .withUserConfiguration(InjectionConfiguration.class)
            .run((context) -> {
                Injected injected = context.getBean(Injected.class);
                assertThat(injected.byQualifier().name()).isEqualTo("reports");
                assertThat(injected.byParameterName().name()).isEqualTo("emails");
                ThreadPools pools = context.getBean(ThreadPools.class);
                assertThat(pools.get("reports")).isSameAs(context.getBean("reports"));
                assertThat(pools.find("nope")).isEmpty();
                assertThatThrownBy(() -> pools.get("nope"))
                    .hasMessage("No thread pool named 'nope'; the pools are [reports, emails]");
                assertThat(pools).extracting(ThreadPool::name).containsExactly("reports", "emails");
            });
    }

    @Test
    void thePrimaryPoolIsInjectedWhereNoQualifierSaysWhich() {
        this.contextRunner
            .withPropertyValues("threadpool.pools.reports.workers=1", "threadpool.pools.emails.primary=true")
            .run((context) -> {
                assertThat(context.getBean(ThreadPool.class).name()).isEqualTo("emails");
                assertThat(context.getBean(ThreadPools.class).primary()).containsSame(context.getBean("emails", ThreadPool.class));
            });
    }

    @Test
    void anApplicationPoolBesideConfiguredOnesIsInTheRegistryAndDrainedWithThem(CapturedOutput output) {
        this.contextRunner.withPropertyValues("threadpool.pools.reports.workers=1")
            .withUserConfiguration(BuiltPoolConfiguration.class)
            .run((context) -> {
                assertThat(context.getBean(ThreadPools.class).names()).containsExactly("imports", "reports");
                assertThat(context.getBean("imports", ThreadPool.class).snapshot().workers().configured()).isEqualTo(3);
                context.close();
                assertThat(output).contains("Thread pool 'imports' shut down: ")
                    .contains("Thread pool 'reports' shut down: ")
                    .doesNotContain("was not built from ThreadPoolBuilders");
            });
    }

    @Test
    void warnsAboutAnApplicationPoolThatCannotBeDecoratedOrTimed(CapturedOutput output) {
        this.contextRunner.withPropertyValues("threadpool.pools.reports.workers=1")
            .withUserConfiguration(OwnPoolConfiguration.class)
            .run((context) -> {
                assertThat(context.getBean(ThreadPools.class).names()).containsExactly("mine", "reports");
                assertThat(output).contains("Thread pool 'mine' (bean 'myPool') was not built from ThreadPoolBuilders: "
                        + "it has no TaskDecorator, no context propagation and no job timers.");
            });
    }

    @Test
    void maxWorkersBoundsEachPoolsResizes() {
        this.contextRunner
            .withPropertyValues("threadpool.max-workers=8", "threadpool.pools.reports.workers=2",
                    "threadpool.pools.emails.workers=1", "threadpool.pools.emails.max-workers=2")
            .run((context) -> {
                ThreadPool reports = context.getBean("reports", ThreadPool.class);
                ThreadPool emails = context.getBean("emails", ThreadPool.class);
                assertThat(reports.maxWorkers()).isEqualTo(8);
                assertThat(emails.maxWorkers()).isEqualTo(2);
                assertThatThrownBy(() -> emails.setWorkers(3))
                    .hasMessage("workers must be between 1 and 2 (maxWorkers), was 3");
                assertThat(emails.snapshot().workers().configured()).isOne();
            });
    }

    @Test
    void withoutMaxWorkersAPoolHasTheCoresDefault() {
        this.contextRunner.withPropertyValues("threadpool.pools.reports.workers=2")
            .run((context) -> assertThat(context.getBean(ThreadPool.class).maxWorkers())
                .isEqualTo(ThreadPool.DEFAULT_MAX_WORKERS));
    }

    @Test
    @EnabledForJreRange(min = JRE.JAVA_21)
    void virtualThreadsRunTheJobsOfThePoolsThatAskForThem() {
        this.contextRunner
            .withPropertyValues("threadpool.pools.blocking.virtual-threads=true", "threadpool.pools.blocking.workers=2",
                    "threadpool.pools.cpu.workers=1")
            .run((context) -> {
                String blocking = context.getBean("blocking", ThreadPool.class)
                    .submit(() -> Thread.currentThread().toString())
                    .get(WAIT_SECONDS, TimeUnit.SECONDS);
                assertThat(blocking).startsWith("VirtualThread[").contains("blocking-worker-");
                assertThat(context.getBean("cpu", ThreadPool.class).submit(() -> Thread.currentThread().toString())
                    .get(WAIT_SECONDS, TimeUnit.SECONDS)).doesNotContain("VirtualThread").contains("cpu-worker-1");
            });
    }

    @Test
    @EnabledForJreRange(min = JRE.JAVA_21)
    void aThreadNamePrefixNamesVirtualThreadsToo() {
        this.contextRunner
            .withPropertyValues("threadpool.pools.blocking.virtual-threads=true", "threadpool.pools.blocking.workers=1",
                    "threadpool.pools.blocking.thread-name-prefix=io-")
            .run((context) -> assertThat(context.getBean("blocking", ThreadPool.class)
                .submit(() -> Thread.currentThread().getName())
                .get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("io-1"));
    }

    @Test
    void refusesAPrimaryPoolOfTheApplicationBesideAConfiguredPrimary() {
        this.contextRunner.withPropertyValues("threadpool.pools.reports.primary=true")
            .withUserConfiguration(PrimaryPoolConfiguration.class)
            .run((context) -> assertThat(context).getFailure()
                .hasMessageContaining("More than one thread pool is primary: [mine, reports]"));
    }

    @Test
    void canBeSwitchedOff() {
        this.contextRunner.withPropertyValues("threadpool.enabled=false", "threadpool.pools.reports.workers=1")
            .run((context) -> assertThat(context).doesNotHaveBean(ThreadPool.class)
                .doesNotHaveBean(ThreadPools.class)
                .doesNotHaveBean(ThreadPoolLifecycle.class));
    }

    @Test
    void appliesCustomizersInOrderToEveryPoolWithItsName() {
        List<String> calls = new CopyOnWriteArrayList<>();
        this.contextRunner.withPropertyValues("threadpool.pools.a.workers=2", "threadpool.pools.b.workers=2")
            .withBean("second", ThreadPoolCustomizer.class, () -> new OrderedCustomizer(2, "second", calls))
            .withBean("first", ThreadPoolCustomizer.class, () -> new OrderedCustomizer(1, "first", calls))
            .run((context) -> {
                context.getBean(ThreadPools.class);
                assertThat(calls).containsExactly("first:a", "second:a", "first:b", "second:b");
                assertThat(context.getBean("a", ThreadPool.class).snapshot().workers().configured()).isEqualTo(5);
            });
    }

    @Test
    void composesEveryTaskDecoratorInOrderOnEveryPool() {
        List<String> decorated = new CopyOnWriteArrayList<>();
        List<String> ran = new CopyOnWriteArrayList<>();
        this.contextRunner.withPropertyValues("threadpool.pools.a.workers=1", "threadpool.pools.b.workers=1")
            .withBean("second", TaskDecorator.class, () -> new RecordingDecorator(2, "second", decorated, ran))
            .withBean("first", TaskDecorator.class, () -> new RecordingDecorator(1, "first", decorated, ran))
            .run((context) -> {
                for (String pool : List.of("a", "b")) {
                    decorated.clear();
                    ran.clear();
                    context.getBean(pool, ThreadPool.class).submit(() -> ran.add("job")).get(WAIT_SECONDS, TimeUnit.SECONDS);
                    // As Spring Framework's CompositeTaskDecorator: applied in order, so the last one is outermost.
                    assertThat(decorated).containsExactly("first", "second");
                    assertThat(ran).containsExactly("second", "first", "job");
                }
            });
    }

    @Test
    void decoratesAPoolTheApplicationBuildsFromThreadPoolBuilders() {
        ThreadLocal<String> context = new ThreadLocal<>();
        TaskDecorator carry = (runnable) -> {
            String captured = context.get();
            return () -> {
                context.set(captured);
                try {
                    runnable.run();
                }
                finally {
                    context.remove();
                }
            };
        };
        this.contextRunner.withBean(TaskDecorator.class, () -> carry)
            .withUserConfiguration(BuiltPoolConfiguration.class)
            .run((ctx) -> {
                context.set("trace-1234");
                try {
                    assertThat(ctx.getBean("imports", ThreadPool.class).submit(context::get).get(WAIT_SECONDS,
                            TimeUnit.SECONDS)).isEqualTo("trace-1234");
                }
                finally {
                    context.remove();
                }
            });
    }

    @Test
    void refusesAConfiguredPoolNamedLikeAnotherBean() {
        this.contextRunner.withPropertyValues("threadpool.pools.myPool.workers=1")
            .withUserConfiguration(OwnPoolConfiguration.class)
            .run((context) -> assertThat(context).getFailure()
                .hasMessageContaining("threadpool.pools.myPool")
                .hasMessageContaining("a name no other bean has: the application defines a bean named 'myPool'"));
    }

    @Test
    void blockTimeoutReachesThePool() {
        this.contextRunner
            .withPropertyValues("threadpool.pools.blocking.workers=1", "threadpool.pools.blocking.queue-capacity=1",
                    "threadpool.pools.blocking.rejection-policy=block", "threadpool.pools.blocking.block-timeout=20ms",
                    "threadpool.shutdown.await-termination=1s")
            .run((context) -> {
                ThreadPool pool = context.getBean(ThreadPool.class);
                CountDownLatch release = new CountDownLatch(1);
                CountDownLatch started = new CountDownLatch(1);
                pool.submit(() -> {
                    started.countDown();
                    release.await();
                    return null;
                });
                assertThat(started.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
                pool.submit(() -> {
                    release.await();
                    return null;
                });
                assertThatThrownBy(() -> pool.submit(() -> "x")).hasMessageEndingWith("after waiting PT0.02S for room");
                release.countDown();
            });
    }

    @Test
    void leavesSpringBootsApplicationTaskExecutorInPlace() {
        new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ThreadPoolAutoConfiguration.class,
                    ThreadPoolAsyncAutoConfiguration.class, TaskExecutionAutoConfiguration.class))
            .withPropertyValues("threadpool.pools.a.workers=1", "threadpool.pools.b.workers=1")
            .run((context) -> {
                assertThat(context).hasBean("applicationTaskExecutor");
                assertThat(context.getBean("applicationTaskExecutor")).isInstanceOf(ThreadPoolTaskExecutor.class);
                assertThat(context.getBeansOfType(Executor.class)).hasSize(3);
            });
    }

    @Test
    void startsWithoutActuatorOrMicrometer() {
        new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ThreadPoolAutoConfiguration.class,
                    io.github.threadpool.autoconfigure.actuate.ThreadPoolEndpointAutoConfiguration.class,
                    io.github.threadpool.autoconfigure.health.ThreadPoolHealthContributorAutoConfiguration.class,
                    io.github.threadpool.autoconfigure.metrics.ThreadPoolMetricsAutoConfiguration.class))
            .withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate", "org.springframework.boot.health",
                    "io.micrometer", "org.springframework.boot.micrometer"))
            .run((context) -> {
                assertThat(context).hasNotFailed().hasSingleBean(ThreadPool.class);
                assertThat(context).doesNotHaveBean("threadPoolEndpoint")
                    .doesNotHaveBean("threadpoolHealthContributor")
                    .doesNotHaveBean("threadPoolMetrics");
                assertThat(context.getBean(ThreadPool.class).submit(() -> "plain").get(WAIT_SECONDS, TimeUnit.SECONDS))
                    .isEqualTo("plain");
            });
    }

    @Test
    void startsWithActuatorButWithoutMicrometer() {
        new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ThreadPoolAutoConfiguration.class,
                    io.github.threadpool.autoconfigure.health.ThreadPoolHealthContributorAutoConfiguration.class,
                    io.github.threadpool.autoconfigure.metrics.ThreadPoolMetricsAutoConfiguration.class))
            .withClassLoader(new FilteredClassLoader("io.micrometer", "org.springframework.boot.micrometer"))
            .run((context) -> {
                assertThat(context).hasNotFailed().hasSingleBean(ThreadPool.class);
                assertThat(context).hasBean("threadpoolHealthContributor").doesNotHaveBean("threadPoolMetrics");
            });
    }

    record OrderedCustomizer(int order, String label, List<String> calls) implements ThreadPoolCustomizer, Ordered {

        @Override
        public void customize(String poolName, ThreadPool.Builder builder) {
            this.calls.add(this.label + ":" + poolName);
            builder.workers(5);
        }

        @Override
        public int getOrder() {
            return this.order;
        }

    }

    record RecordingDecorator(int order, String label, List<String> decorated, List<String> ran)
            implements TaskDecorator, Ordered {

        @Override
        public Runnable decorate(Runnable runnable) {
            this.decorated.add(this.label);
            return () -> {
                this.ran.add(this.label);
                runnable.run();
            };
        }

        @Override
        public int getOrder() {
            return this.order;
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class OwnPoolConfiguration {

        @Bean
        ThreadPool myPool() {
            return ThreadPool.builder().name("mine").workers(1).build();
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class PrimaryPoolConfiguration {

        @Bean
        @org.springframework.context.annotation.Primary
        ThreadPool myPool(ThreadPoolBuilders builders) {
            return builders.builder("mine").workers(1).build();
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class BuiltPoolConfiguration {

        @Bean
        ThreadPool imports(ThreadPoolBuilders builders) {
            return builders.builder("imports").workers(3).build();
        }

    }

    record Injected(ThreadPool byQualifier, ThreadPool byParameterName) {
    }

    @Configuration(proxyBeanMethods = false)
    static class InjectionConfiguration {

        @Bean
        Injected injected(@Qualifier("reports") ThreadPool pool, ThreadPool emails) {
            return new Injected(pool, emails);
        }

    }

}
