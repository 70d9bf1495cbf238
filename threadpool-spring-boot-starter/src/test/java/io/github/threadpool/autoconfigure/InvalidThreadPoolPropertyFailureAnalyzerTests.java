package io.github.threadpool.autoconfigure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.github.threadpool.autoconfigure.actuate.ThreadPoolEndpointAutoConfiguration;
import io.github.threadpool.autoconfigure.health.ThreadPoolHealthContributorAutoConfiguration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.env.PropertiesPropertySourceLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.FileSystemResource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/** Every bad {@code threadpool.*} property, top-level or in a named pool, explained with its value and origin. */
@ExtendWith(OutputCaptureExtension.class)
class InvalidThreadPoolPropertyFailureAnalyzerTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(ThreadPoolAutoConfiguration.class));

    @TempDir
    Path config;

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', textBlock = """
            workers                    | 0         | a whole number from 1 to max-workers (default 1024)
            workers                    | -4        | a whole number from 1 to max-workers (default 1024)
            workers                    | many      | a whole number from 1 to max-workers (default 1024)
            workers                    | 1025      | a whole number from 1 to max-workers (1024)
            virtual-threads            | perhaps   | true or false
            max-workers                | 0         | a whole number from 1 to 32767, at least workers
            max-workers                | 32768     | a whole number from 1 to 32767, at least workers
            queue-capacity             | 0         | a whole number of at least 1, or unbounded
            queue-capacity             | -1        | a whole number of at least 1, or unbounded
            queue-capacity             | endless   | a whole number of at least 1, or unbounded
            rejection-policy           | sometimes | one of abort, caller-runs, block
            block-timeout              | -1s       | zero or a positive duration, such as 0s, 500ms or 10s
            block-timeout              | soon      | zero or a positive duration, such as 0s, 500ms or 10s
            results.max-retained       | -1        | a whole number from 0 (store off) to 1048576
            results.max-retained       | 1048577   | a whole number from 0 (store off) to 1048576
            results.time-to-live       | 0ms       | a positive duration, such as 500ms, 10s or 2m
            shutdown.await-termination | -5s       | zero or a positive duration, such as 0s, 500ms or 10s
            """)
    void explainsEachBadPropertyWithTheFileAndLineItCameFrom(String setting, String value, String accepted)
            throws IOException {
        for (String property : new String[] { "threadpool." + setting, "threadpool.pools.reports." + setting }) {
            withFile("# pools\nthreadpool.pools.reports.primary=true\n" + property + "=" + value + "\n")
                .run((context) -> {
                    assertThat(context).hasFailed();
                    FailureAnalysis analysis = new InvalidThreadPoolPropertyFailureAnalyzer()
                        .analyze(context.getStartupFailure());
                    assertThat(analysis).isNotNull();
                    assertThat(analysis.getDescription()).contains("Property: " + property)
                        .contains("Value: \"" + value + "\"")
                        .containsPattern("Origin: .*application\\.properties.* - 3:\\d+")
                        .contains("Accepted: " + accepted);
                    assertThat(analysis.getAction()).isEqualTo("Set " + property + " to " + accepted + ".");
                });
        }
    }

    @Test
    void explainsABlankName() {
        this.contextRunner.withPropertyValues("threadpool.name= ").run((context) -> {
            FailureAnalysis analysis = new InvalidThreadPoolPropertyFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains("Property: threadpool.name")
                .contains("Accepted: a name that is not blank");
        });
    }

    @Test
    void refusesTheShorthandsNameBesideNamedPools() {
        this.contextRunner.withPropertyValues("threadpool.name=demo", "threadpool.pools.reports.workers=2")
            .run((context) -> {
                FailureAnalysis analysis = new InvalidThreadPoolPropertyFailureAnalyzer()
                    .analyze(context.getStartupFailure());
                assertThat(analysis.getDescription()).contains("Property: threadpool.name")
                    .contains("Value: \"demo\"")
                    .contains("Accepted: left unset when threadpool.pools is given");
                assertThat(analysis.getAction()).isEqualTo("Remove threadpool.name, or declare that pool as "
                        + "threadpool.pools.demo beside the others: with threadpool.pools, each pool is named by its key.");
            });
    }

    @Test
    void refusesTwoPrimaryPools() throws IOException {
        withFile("threadpool.pools.reports.primary=true\nthreadpool.pools.emails.primary=true\n").run((context) -> {
            FailureAnalysis analysis = new InvalidThreadPoolPropertyFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains("Property: threadpool.pools.reports.primary")
                .contains("Property: threadpool.pools.emails.primary")
                .containsPattern("Origin: .*application\\.properties.* - 2:\\d+")
                .contains("Accepted: true on at most one pool (it is true on reports and emails)");
            assertThat(analysis.getAction()).as("one remedy for both properties").isEqualTo(
                    "Set threadpool.pools.<name>.primary to true on at most one pool; it is true on reports and emails.");
        });
    }

    @Test
    void explainsAConfiguredPoolNamedLikeAnotherBean() {
        this.contextRunner.withPropertyValues("threadpool.pools.myPool.workers=1")
            .withBean("myPool", String.class, () -> "not a pool")
            .run((context) -> {
                FailureAnalysis analysis = new InvalidThreadPoolPropertyFailureAnalyzer()
                    .analyze(context.getStartupFailure());
                assertThat(analysis.getAction()).isEqualTo(
                        "Rename the pool threadpool.pools.myPool (its bean is named after it), or the application's bean 'myPool'.");
            });
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            2    | fails validation once bound
            0    | fails validation once bound
            lots | cannot be converted
            """)
    void explainsABadHealthThresholdAsWrittenWithTheSameAnalysis(String value, String how) throws IOException {
        withFile("# health\nmanagement.health.threadpool.saturation-threshold=" + value + "\n")
            .withConfiguration(AutoConfigurations.of(ThreadPoolHealthContributorAutoConfiguration.class))
            .run((context) -> {
                assertThat(context).hasFailed();
                FailureAnalysis analysis = new InvalidThreadPoolPropertyFailureAnalyzer()
                    .analyze(context.getStartupFailure());
                assertThat(analysis).as(how).isNotNull();
                assertThat(analysis.getDescription()).contains("Property: management.health.threadpool.saturation-threshold")
                    .contains("Value: \"" + value + "\"")
                    .containsPattern("Origin: .*application\\.properties.* - 2:\\d+")
                    .contains("Accepted: a fraction above 0 and at most 1, such as 0.9");
                assertThat(analysis.getAction()).isEqualTo("Set management.health.threadpool.saturation-threshold "
                        + "to a fraction above 0 and at most 1, such as 0.9.");
            });
    }

    @Test
    void explainsAnUnknownEndpointShowValuesSetting() {
        this.contextRunner.withPropertyValues("management.endpoint.threadpool.show-values=sometimes")
            .withConfiguration(AutoConfigurations.of(ThreadPoolEndpointAutoConfiguration.class))
            .run((context) -> {
                FailureAnalysis analysis = new InvalidThreadPoolPropertyFailureAnalyzer()
                    .analyze(context.getStartupFailure());
                assertThat(analysis.getDescription()).contains("Property: management.endpoint.threadpool.show-values")
                    .contains("Value: \"sometimes\"")
                    .contains("Accepted: one of never, when-authorized, always");
            });
    }

    @Test
    void leavesSpringBootsOwnPropertiesUnderTheEndpointsPrefixToSpringBoot() {
        this.contextRunner.withPropertyValues("management.endpoint.threadpool.access=sometimes")
            .withConfiguration(AutoConfigurations.of(ThreadPoolEndpointAutoConfiguration.class))
            .run((context) -> {
                assertThat(context).hasFailed();
                assertThat(new InvalidThreadPoolPropertyFailureAnalyzer().analyze(context.getStartupFailure())).isNull();
            });
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            threadpool.pools.reports.worker          | Rename threadpool.pools.reports.worker to threadpool.pools.reports.workers, or remove it.
            threadpool.pools.reports.result.max-retained | Rename threadpool.pools.reports.result.max-retained to threadpool.pools.reports.results.max-retained, or remove it.
            threadpool.wrokers                       | Rename threadpool.wrokers to threadpool.workers, or remove it.
            threadpool.pools.reports.name            | Remove threadpool.pools.reports.name, or rename it to one of the keys under threadpool.pools.<name>.
            threadpool.colour                        | Remove threadpool.colour, or rename it to one of the keys under threadpool.
            """)
    void refusesAnUnknownKeyRatherThanIgnoringIt(String property, String action) throws IOException {
        withFile("threadpool.pools.reports.primary=true\n" + property + "=3\n").run((context) -> {
            assertThat(context).hasFailed();
            FailureAnalysis analysis = new InvalidThreadPoolPropertyFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains("Property: " + property)
                .contains("Value: \"3\"")
                .containsPattern("Origin: .*application\\.properties.* - 2:\\d+")
                .contains("Accepted: a known key; under threadpool");
            assertThat(analysis.getAction()).isEqualTo(action);
        });
    }

    @Test
    void namesTheKeysAPoolAccepts() {
        this.contextRunner.withPropertyValues("threadpool.pools.reports.worker=3").run((context) -> {
            FailureAnalysis analysis = new InvalidThreadPoolPropertyFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains("Accepted: a known key; under threadpool.pools.<name> they are "
                    + "block-timeout, max-workers, primary, queue-capacity, rejection-policy, results.max-retained, "
                    + "results.time-to-live, shutdown.await-termination, thread-name-prefix, virtual-threads, workers");
        });
    }

    @Test
    void acceptsEveryDocumentedKey() {
        this.contextRunner
            .withPropertyValues("threadpool.enabled=true", "threadpool.workers=2", "threadpool.max-workers=8",
                    "threadpool.virtual-threads=false", "threadpool.queue-capacity=10", "threadpool.rejection-policy=abort",
                    "threadpool.block-timeout=1s", "threadpool.results.max-retained=10", "threadpool.results.time-to-live=1m",
                    "threadpool.shutdown.await-termination=1s", "threadpool.async.enabled=false",
                    "threadpool.context-propagation.enabled=true", "threadpool.pools.reports.primary=true",
                    "threadpool.pools.reports.workers=2", "threadpool.pools.reports.max-workers=4",
                    "threadpool.pools.reports.virtual-threads=false", "threadpool.pools.reports.queue-capacity=5",
                    "threadpool.pools.reports.rejection-policy=caller-runs", "threadpool.pools.reports.block-timeout=2s",
                    "threadpool.pools.reports.results.max-retained=5", "threadpool.pools.reports.results.time-to-live=2m",
                    "threadpool.pools.reports.shutdown.await-termination=2s", "threadpool.pools.reports.maxWorkers=4",
                    "threadpool.async.pool=reports", "threadpool.thread-name-prefix=app-",
                    "threadpool.pools.reports.thread-name-prefix=reports-", "threadpool.web.rejections.enabled=true",
                    "threadpool.web.rejections.retry-after=2s", "threadpool.web.rejections.log-interval=30s")
            .run((context) -> assertThat(context).hasNotFailed());
    }

    /** The edges of what the core builder accepts are accepted as properties too: one rule, not two. */
    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', textBlock = """
            workers                    | 1
            max-workers                | 32767
            queue-capacity             | 1
            queue-capacity             | unbounded
            queue-capacity             | 2147483647
            block-timeout              | 0s
            results.max-retained       | 0
            results.max-retained       | 1048576
            results.time-to-live       | 1ns
            shutdown.await-termination | 0s
            thread-name-prefix         | x
            """)
    void acceptsWhatTheCoreBuilderAccepts(String setting, String value) {
        this.contextRunner.withPropertyValues("threadpool.pools.reports." + setting + "=" + value)
            .run((context) -> assertThat(context).hasNotFailed());
    }

    @Test
    void leavesSystemPropertiesAndEnvironmentVariablesMeantForOtherToolsAlone() {
        this.contextRunner.withSystemProperties("threadpool.ops.dir=/opt/ops")
            .withInitializer((context) -> context.getEnvironment().getPropertySources().replace("systemEnvironment",
                    new SystemEnvironmentPropertySource("systemEnvironment", Map.of("THREADPOOL_HOME", "/opt/other"))))
            .run((context) -> assertThat(context).hasNotFailed());
    }

    @Test
    void refusesMaxWorkersBelowWorkers() {
        this.contextRunner.withPropertyValues("threadpool.pools.reports.workers=8", "threadpool.pools.reports.max-workers=4")
            .run((context) -> {
                FailureAnalysis analysis = new InvalidThreadPoolPropertyFailureAnalyzer()
                    .analyze(context.getStartupFailure());
                assertThat(analysis.getDescription()).contains("Property: threadpool.pools.reports.max-workers")
                    .contains("Value: \"4\"")
                    .contains("Accepted: a whole number from 1 to 32767, at least workers (8)");
            });
    }

    @Test
    @EnabledForJreRange(max = JRE.JAVA_20)
    void refusesVirtualThreadsBeforeJava21() {
        this.contextRunner.withPropertyValues("threadpool.pools.reports.virtual-threads=true").run((context) -> {
            FailureAnalysis analysis = new InvalidThreadPoolPropertyFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains("Property: threadpool.pools.reports.virtual-threads")
                .contains("Value: \"true\"")
                .contains("Accepted: false on Java " + Runtime.version().feature()
                        + " (virtual threads need Java 21 or later)");
        });
    }

    @Test
    void listsEveryBadPropertyAtOnce() {
        this.contextRunner
            .withPropertyValues("threadpool.workers=0", "threadpool.pools.a.queue-capacity=0",
                    "threadpool.pools.b.results.max-retained=-1")
            .run((context) -> {
                FailureAnalysis analysis = new InvalidThreadPoolPropertyFailureAnalyzer()
                    .analyze(context.getStartupFailure());
                assertThat(analysis.getDescription()).contains("Property: threadpool.workers")
                    .contains("Property: threadpool.pools.a.queue-capacity")
                    .contains("Property: threadpool.pools.b.results.max-retained");
            });
    }

    @Test
    void listsAnUnknownKeyAValueThatCannotBeConvertedAValueOutOfRangeAndAnUnknownAsyncPoolAtOnce() throws IOException {
        withFile("""
                threadpool.pools.reports.worker=3
                threadpool.pools.reports.queue-capacity=0
                threadpool.pools.reports.rejection-policy=sometimes
                threadpool.async.pool=nope
                threadpool.web.rejections.retry-after=0s
                """).run((context) -> {
                    FailureAnalysis analysis = new InvalidThreadPoolPropertyFailureAnalyzer()
                        .analyze(context.getStartupFailure());
                    assertThat(analysis.getDescription()).contains("Property: threadpool.pools.reports.worker")
                        .contains("Property: threadpool.pools.reports.queue-capacity")
                        .contains("Property: threadpool.pools.reports.rejection-policy")
                        .contains("Property: threadpool.async.pool")
                        .contains("Accepted: the name of a pool, one of [reports]")
                        .contains("Property: threadpool.web.rejections.retry-after");
                    assertThat(analysis.getDescription().split("Property: ", -1)).hasSize(5 + 1);
                });
    }

    @Test
    void aSwitchThatIsNotABooleanFailsTheStartUpInsteadOfTurningTheFeatureOff() {
        this.contextRunner.withPropertyValues("threadpool.enabled=maybe").run((context) -> {
            FailureAnalysis analysis = new InvalidThreadPoolPropertyFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains("Property: threadpool.enabled")
                .contains("Value: \"maybe\"")
                .contains("Accepted: true or false");
        });
        this.contextRunner
            .withConfiguration(AutoConfigurations.of(ThreadPoolAsyncAutoConfiguration.class))
            .withPropertyValues("threadpool.async.enabled=sometimes")
            .run((context) -> assertThat(new InvalidThreadPoolPropertyFailureAnalyzer()
                .analyze(context.getStartupFailure()).getDescription()).contains("Property: threadpool.async.enabled")
                .contains("Value: \"sometimes\""));
    }

    @Test
    void aSwitchReadsEveryBooleanTheBinderReads() {
        this.contextRunner.withPropertyValues("threadpool.enabled=OFF")
            .run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(ThreadPools.class));
        this.contextRunner.withPropertyValues("threadpool.enabled=yes")
            .run((context) -> assertThat(context).hasNotFailed().hasSingleBean(ThreadPools.class));
    }

    @Test
    void refusesABlankThreadNamePrefixAsTheBuilderDoes() {
        this.contextRunner.withPropertyValues("threadpool.pools.reports.thread-name-prefix= ").run((context) -> {
            FailureAnalysis analysis = new InvalidThreadPoolPropertyFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains("Property: threadpool.pools.reports.thread-name-prefix")
                .contains("Accepted: a prefix that is not blank");
        });
    }

    @Test
    void isTheAnalysisSpringBootPrintsForAHealthThresholdWithTheValueAsWritten(CapturedOutput output) {
        SpringApplication application = new SpringApplication(MinimalApplication.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        assertThatException()
            .isThrownBy(() -> application.run("--management.health.threadpool.saturation-threshold=2"));
        assertThat(output).contains("Invalid thread pool configuration:")
            .contains("Property: management.health.threadpool.saturation-threshold")
            .contains("Value: \"2\"")
            .contains("Set management.health.threadpool.saturation-threshold to a fraction above 0 and at most 1, "
                    + "such as 0.9.")
            .doesNotContain("saturationThreshold");
    }

    @Test
    void isTheAnalysisSpringBootPrintsForAnUnknownKey(CapturedOutput output) {
        SpringApplication application = new SpringApplication(MinimalApplication.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        assertThatException().isThrownBy(() -> application.run("--threadpool.pools.reports.worker=3"));
        assertThat(output).contains("Invalid thread pool configuration:")
            .contains("Property: threadpool.pools.reports.worker")
            .contains("Rename threadpool.pools.reports.worker to threadpool.pools.reports.workers, or remove it.");
    }

    @Test
    void leavesOtherFailuresToOtherAnalyzers() {
        assertThat(new InvalidThreadPoolPropertyFailureAnalyzer().analyze(new IllegalStateException("unrelated")))
            .isNull();
    }

    @Test
    void isTheAnalysisSpringBootPrintsWhenStartUpFailsWithTheCommandLineAsOrigin(CapturedOutput output) {
        SpringApplication application = new SpringApplication(MinimalApplication.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        assertThatException().isThrownBy(() -> application.run("--threadpool.pools.reports.shutdown.await-termination=-1s"));
        assertThat(output).contains("APPLICATION FAILED TO START")
            .contains("Invalid thread pool configuration:")
            .contains("Property: threadpool.pools.reports.shutdown.await-termination")
            .contains("Value: \"-1s\"")
            .contains("Origin: \"threadpool.pools.reports.shutdown.await-termination\" from property source "
                    + "\"commandLineArgs\"")
            .contains("Set threadpool.pools.reports.shutdown.await-termination to zero or a positive duration");
    }

    /** The runner with {@code text} as an {@code application.properties} file, origins tracked by line. */
    private ApplicationContextRunner withFile(String text) throws IOException {
        Path file = Files.writeString(this.config.resolve("application.properties"), text);
        java.util.List<PropertySource<?>> sources = new PropertiesPropertySourceLoader().load("application",
                new FileSystemResource(file));
        return this.contextRunner.withInitializer(
                (context) -> sources.forEach((source) -> context.getEnvironment().getPropertySources().addFirst(source)));
    }

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({ ThreadPoolAutoConfiguration.class, ThreadPoolHealthContributorAutoConfiguration.class })
    static class MinimalApplication {

    }

}
