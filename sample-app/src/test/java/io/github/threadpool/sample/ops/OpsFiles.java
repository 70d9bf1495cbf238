package io.github.threadpool.sample.ops;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The repository's {@code ops/} files and the PromQL expressions in them, read from the files themselves so
 * the tests never keep a second copy of an expression.
 */
final class OpsFiles {

    /** Set by the build (surefire and failsafe) to {@code ${project.basedir}/../ops}. */
    private static final String DIR_PROPERTY = "threadpool.ops.dir";

    private OpsFiles() {
    }

    static Path dir() {
        Path dir = Path.of(System.getProperty(DIR_PROPERTY, "../ops")).toAbsolutePath().normalize();
        assertThat(dir.resolve("prometheus")).as("the ops folder (system property %s)", DIR_PROPERTY).isDirectory();
        return dir;
    }

    static Path rules() {
        return dir().resolve("prometheus/threadpool-rules.yml");
    }

    static Path rulesTests() {
        return dir().resolve("prometheus/threadpool-rules.test.yml");
    }

    static Path prometheusConfig() {
        return dir().resolve("prometheus/prometheus.yml");
    }

    static Path dashboard() {
        return dir().resolve("grafana/threadpool-dashboard.json");
    }

    /** Every rule of the rules file, recording and alerting, in file order. */
    static List<Rule> rulesInFile() {
        Map<String, Object> file = yaml(rules());
        List<Rule> rules = new ArrayList<>();
        for (Map<String, Object> group : maps(file.get("groups"))) {
            for (Map<String, Object> rule : maps(group.get("rules"))) {
                boolean alert = rule.containsKey("alert");
                rules.add(new Rule(String.valueOf(alert ? rule.get("alert") : rule.get("record")), alert,
                        String.valueOf(rule.get("expr")).strip(), rule));
            }
        }
        return rules;
    }

    /** Every query of every panel of the dashboard, rows included. */
    static List<PanelQuery> dashboardQueries() {
        List<PanelQuery> queries = new ArrayList<>();
        collectPanels(json(dashboard()).path("panels"), queries);
        return queries;
    }

    /** The dashboard's template variables of type {@code query}: name and query text. */
    static Map<String, String> dashboardVariableQueries() {
        Map<String, String> variables = new java.util.LinkedHashMap<>();
        for (JsonNode variable : json(dashboard()).path("templating").path("list")) {
            if ("query".equals(variable.path("type").asString())) {
                variables.put(variable.path("name").asString(), variable.path("query").asString());
            }
        }
        return variables;
    }

    static JsonNode json(Path file) {
        return JsonMapper.builder().build().readTree(file.toFile());
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> yaml(Path file) {
        try (Reader reader = Files.newBufferedReader(file)) {
            return (Map<String, Object>) new Yaml().load(reader);
        }
        catch (IOException ex) {
            throw new IllegalStateException("Cannot read " + file, ex);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object map) {
        return (map != null) ? (Map<String, Object>) map : Map.of();
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> maps(Object list) {
        return (list != null) ? (List<Map<String, Object>>) list : List.of();
    }

    private static void collectPanels(JsonNode panels, List<PanelQuery> queries) {
        for (JsonNode panel : panels) {
            for (JsonNode target : panel.path("targets")) {
                queries.add(new PanelQuery(panel.path("title").asString(), target.path("expr").asString()));
            }
            collectPanels(panel.path("panels"), queries); // panels inside a collapsed row
        }
    }

    /** One rule: its alert or record name, its expression, and the whole YAML mapping. */
    record Rule(String name, boolean alert, String expr, Map<String, Object> definition) {
    }

    /** One query of a dashboard panel. */
    record PanelQuery(String panel, String expr) {
    }

}
