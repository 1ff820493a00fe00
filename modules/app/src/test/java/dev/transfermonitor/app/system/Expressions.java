package dev.transfermonitor.app.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The PromQL the deployment ships: every target of every dashboard panel (rows and nested
 * panels included) and every rule of the alerting rule file, with Grafana's variables
 * replaced by what Grafana would send to this Prometheus.
 */
final class Expressions {

    /** Grafana's built-in interval variables and the dashboard's own, as a query for job transfer-monitor sees them. */
    private static final Map<String, String> VARIABLES = Map.of(
            "__rate_interval", "1m",
            "__interval", "1m",
            "__range", "5m",
            "job", PrometheusServer.JOB);

    // $name, ${name}, ${name:format} and the deprecated [[name]].
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{(\\w+)(?::\\w+)?}|\\$(\\w+)|\\[\\[(\\w+)]]");

    private Expressions() {}

    /** One dashboard panel and the PromQL of its targets (hidden targets included: they are queries too). */
    record Panel(String title, String description, List<String> exprs) {

        boolean core() {
            return description != null && description.startsWith("core:");
        }
    }

    /** One alerting or recording rule. */
    record Rule(String group, String name, String expr) {}

    static List<Panel> dashboardPanels(Path dashboard) {
        try {
            JsonNode root = new ObjectMapper().readTree(dashboard.toFile());
            List<Panel> panels = new ArrayList<>();
            collect(root.path("panels"), panels);
            // Old-style dashboards keep panels under rows[].panels.
            for (JsonNode row : root.path("rows")) {
                collect(row.path("panels"), panels);
            }
            return panels;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dashboard, e);
        }
    }

    private static void collect(JsonNode array, List<Panel> into) {
        for (JsonNode panel : array) {
            List<String> exprs = new ArrayList<>();
            for (JsonNode target : panel.path("targets")) {
                String expr = target.path("expr").asText("");
                if (!expr.isBlank()) {
                    exprs.add(expr);
                }
            }
            if (!exprs.isEmpty()) {
                into.add(new Panel(
                        panel.path("title").asText(""),
                        panel.hasNonNull("description")
                                ? panel.get("description").asText()
                                : null,
                        exprs));
            }
            collect(panel.path("panels"), into);
        }
    }

    @SuppressWarnings("unchecked")
    static List<Rule> rules(Path file) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            Object loaded = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
            if (!(loaded instanceof Map<?, ?> top) || !(top.get("groups") instanceof List<?> groups)) {
                throw new AssertionError(file + " has no top-level 'groups' list");
            }
            List<Rule> rules = new ArrayList<>();
            for (Object group : groups) {
                Map<String, Object> g = (Map<String, Object>) group;
                for (Object rule : (List<Object>) g.getOrDefault("rules", List.of())) {
                    Map<String, Object> r = (Map<String, Object>) rule;
                    Object name = r.containsKey("alert") ? r.get("alert") : r.get("record");
                    rules.add(new Rule(
                            String.valueOf(g.get("name")), String.valueOf(name), String.valueOf(r.get("expr"))));
                }
            }
            return rules;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** The expression with Grafana variables replaced; an unknown variable is an error, not a silent pass. */
    static String substitute(String expr) {
        Matcher matcher = VARIABLE.matcher(expr);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String name = matcher.group(1) != null
                    ? matcher.group(1)
                    : matcher.group(2) != null ? matcher.group(2) : matcher.group(3);
            String value = VARIABLES.get(name);
            if (value == null) {
                throw new IllegalArgumentException("unknown dashboard variable $" + name + " in: " + expr);
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(out);
        return out.toString();
    }
}
