package io.github.threadpool.autoconfigure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

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
            queue-capacity             | 0         | a whole number of at least 1
            queue-capacity             | -1        | a whole number of at least 1
            rejection-policy           | sometimes | one of abort, caller-runs, block
            block-timeout              | 0s        | a positive duration, such as 500ms, 10s or 2m
            block-timeout              | -1s       | a positive duration, such as 500ms, 10s or 2m
            block-timeout              | soon      | a positive duration, such as 500ms, 10s or 2m
            results.max-retained       | -1        | a whole number from 0 (store off) to 1048576
            results.max-retained       | 1048577   | a whole number from 0 (store off) to 1048576
            results.time-to-live       | 0ms       | a positive duration, such as 500ms, 10s or 2m
            shutdown.await-termination | -5s       | a positive duration, such as 500ms, 10s or 2m
            shutdown.await-termination | 0s        | a positive duration, such as 500ms, 10s or 2m
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
            });
    }

    @Test
    void refusesTwoPrimaryPools() throws IOException {
        withFile("threadpool.pools.reports.primary=true\nthreadpool.pools.emails.primary=true\n").run((context) -> {
            FailureAnalysis analysis = new InvalidThreadPoolPropertyFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains("Property: threadpool.pools.reports.primary")
                .contains("Property: threadpool.pools.emails.primary")
                .containsPattern("Origin: .*application\\.properties.* - 2:\\d+")
                .contains("Accepted: true on at most one pool, but it is true on [reports, emails]");
        });
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
    void leavesOtherFailuresToOtherAnalyzers() {
        assertThat(new InvalidThreadPoolPropertyFailureAnalyzer().analyze(new IllegalStateException("unrelated")))
            .isNull();
    }

    @Test
    void isTheAnalysisSpringBootPrintsWhenStartUpFailsWithTheCommandLineAsOrigin(CapturedOutput output) {
        SpringApplication application = new SpringApplication(MinimalApplication.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        assertThatException().isThrownBy(() -> application.run("--threadpool.pools.reports.shutdown.await-termination=0s"));
        assertThat(output).contains("APPLICATION FAILED TO START")
            .contains("Invalid thread pool configuration:")
            .contains("Property: threadpool.pools.reports.shutdown.await-termination")
            .contains("Value: \"0s\"")
            .contains("Origin: \"threadpool.pools.reports.shutdown.await-termination\" from property source "
                    + "\"commandLineArgs\"")
            .contains("Set threadpool.pools.reports.shutdown.await-termination to a positive duration");
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
    @ImportAutoConfiguration(ThreadPoolAutoConfiguration.class)
    static class MinimalApplication {

    }

}
