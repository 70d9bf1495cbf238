package io.github.threadpool.sample.ops;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.threadpool.sample.ops.OpsFiles.Rule;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Prometheus files under {@code ops/prometheus}: promtool accepts them, their unit tests pass, and every
 * alert is written and tested the way an operator needs it.
 */
class AlertRulesTests {

    private static final Duration PROMTOOL_TIMEOUT = Duration.ofMinutes(2);

    @TempDir
    Path workDir;

    @Test
    void promtoolAcceptsTheRules() throws Exception {
        assertPromtool("check", "rules", OpsFiles.rules().toString());
    }

    @Test
    void promtoolAcceptsTheExampleConfigurationAndTheRulesItLoads() throws Exception {
        assertPromtool("check", "config", OpsFiles.prometheusConfig().toString());
    }

    @Test
    void promtoolUnitTestsOfTheRulesPass() throws Exception {
        assertPromtool("test", "rules", OpsFiles.rulesTests().toString());
    }

    @Test
    void everyAlertHasAForDurationASeverityAndNamesThePoolAndTheInstance() {
        List<Rule> alerts = alerts();
        assertThat(alerts).extracting(Rule::name)
            .contains("ThreadPoolQueueSaturated", "ThreadPoolRejectingJobs", "ThreadPoolWorkersBelowConfigured",
                    "ThreadPoolJobsFailing", "ThreadPoolQueueWaitHigh", "ThreadPoolStalled");
        for (Rule alert : alerts) {
            Map<String, Object> definition = alert.definition();
            assertThat(definition.get("for")).as("%s: for", alert.name()).asString().matches("\\d+[smh]");
            assertThat(OpsFiles.map(definition.get("labels"))).as("%s: labels", alert.name())
                .extractingByKey("severity").isIn("warning", "critical");
            Map<String, Object> annotations = OpsFiles.map(definition.get("annotations"));
            for (String annotation : List.of("summary", "description")) {
                assertThat(annotations.get(annotation)).as("%s: %s", alert.name(), annotation)
                    .asString()
                    .contains("{{ $labels.name }}", "{{ $labels.instance }}");
            }
        }
    }

    @Test
    void everyAlertIsTestedFiringAndNotFiring() {
        Map<String, Object> tests = OpsFiles.yaml(OpsFiles.rulesTests());
        assertThat(tests.get("rule_files")).asList().containsExactly(OpsFiles.rules().getFileName().toString());
        List<Map<String, Object>> cases = OpsFiles.maps(tests.get("tests")).stream()
            .flatMap((test) -> OpsFiles.maps(test.get("alert_rule_test")).stream())
            .toList();
        Set<String> firing = names(cases, true);
        Set<String> quiet = names(cases, false);
        for (Rule alert : alerts()) {
            assertThat(firing).as("alerts with a case where they fire").contains(alert.name());
            assertThat(quiet).as("alerts with a case where they do not fire").contains(alert.name());
        }
    }

    private static List<Rule> alerts() {
        return OpsFiles.rulesInFile().stream().filter(Rule::alert).toList();
    }

    private static Set<String> names(List<Map<String, Object>> cases, boolean firing) {
        return cases.stream()
            .filter((test) -> OpsFiles.maps(test.get("exp_alerts")).isEmpty() != firing)
            .map((test) -> String.valueOf(test.get("alertname")))
            .collect(Collectors.toSet());
    }

    private void assertPromtool(String... arguments) throws Exception {
        Path promtool = PrometheusBinaries.require("promtool");
        String[] command = new String[arguments.length + 1];
        command[0] = promtool.toString();
        System.arraycopy(arguments, 0, command, 1, arguments.length);
        PrometheusBinaries.Result result = PrometheusBinaries.run(PROMTOOL_TIMEOUT, this.workDir, command);
        assertThat(result.exitCode()).as("%s exited with %d:%n%s", String.join(" ", command), result.exitCode(),
                result.output()).isZero();
        assertThat(result.output()).as("promtool's output").contains("SUCCESS");
    }

}
