package io.github.threadpool.autoconfigure;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

@ExtendWith(OutputCaptureExtension.class)
class InvalidThreadPoolPropertyFailureAnalyzerTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(ThreadPoolAutoConfiguration.class));

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', textBlock = """
            threadpool.workers                    | 0      | a whole number of at least 1
            threadpool.workers                    | -4     | a whole number of at least 1
            threadpool.workers                    | many   | a whole number of at least 1
            threadpool.queue-capacity             | 0      | a whole number of at least 1
            threadpool.queue-capacity             | -1     | a whole number of at least 1
            threadpool.rejection-policy           | sometimes | one of abort, caller-runs, block
            threadpool.block-timeout              | 0s     | a positive duration, such as 500ms, 10s or 2m
            threadpool.block-timeout              | -1s    | a positive duration, such as 500ms, 10s or 2m
            threadpool.block-timeout              | soon   | a positive duration, such as 500ms, 10s or 2m
            threadpool.results.max-retained       | -1     | a whole number from 0 (store off) to 1048576
            threadpool.results.max-retained       | 1048577 | a whole number from 0 (store off) to 1048576
            threadpool.results.time-to-live       | 0ms    | a positive duration, such as 500ms, 10s or 2m
            threadpool.shutdown.await-termination | -5s    | a positive duration, such as 500ms, 10s or 2m
            threadpool.shutdown.await-termination | 0s     | a positive duration, such as 500ms, 10s or 2m
            """)
    void explainsEachInvalidProperty(String property, String value, String accepted) {
        this.contextRunner.withPropertyValues(property + "=" + value).run((context) -> {
            assertThat(context).hasFailed();
            FailureAnalysis analysis = new InvalidThreadPoolPropertyFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis).isNotNull();
            assertThat(analysis.getDescription()).contains("Property: " + property)
                .contains("Value: \"" + value + "\"")
                .contains("Accepted: " + accepted);
            assertThat(analysis.getAction()).isEqualTo("Set " + property + " to " + accepted + ".");
        });
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
    void listsEveryBadPropertyAtOnce() {
        this.contextRunner.withPropertyValues("threadpool.workers=0", "threadpool.queue-capacity=0").run((context) -> {
            FailureAnalysis analysis = new InvalidThreadPoolPropertyFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains("Property: threadpool.workers")
                .contains("Property: threadpool.queue-capacity");
        });
    }

    @Test
    void leavesOtherFailuresToOtherAnalyzers() {
        assertThat(new InvalidThreadPoolPropertyFailureAnalyzer().analyze(new IllegalStateException("unrelated")))
            .isNull();
    }

    @Test
    void isTheAnalysisSpringBootPrintsWhenStartUpFails(CapturedOutput output) {
        SpringApplication application = new SpringApplication(MinimalApplication.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        assertThatException().isThrownBy(() -> application.run("--threadpool.workers=0"));
        assertThat(output).contains("APPLICATION FAILED TO START")
            .contains("Invalid thread pool configuration:")
            .contains("Property: threadpool.workers")
            .contains("Value: \"0\"")
            .contains("Set threadpool.workers to a whole number of at least 1.");
    }

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration(ThreadPoolAutoConfiguration.class)
    static class MinimalApplication {

    }

}
