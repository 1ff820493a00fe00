package dev.transfermonitor.app.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The monitoring chain as operators run it: {@code transfer-monitor demo} as a process with
 * its metrics endpoint, a real Prometheus scraping it every second and evaluating the
 * shipped alerting rules, and every PromQL expression of the shipped Grafana dashboard and
 * rules evaluated by that Prometheus. The core panels must show data, not merely parse.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class PrometheusSystemIT {

    private static final Duration START_LIMIT = Duration.ofSeconds(120);
    private static final Duration DATA_LIMIT = Duration.ofSeconds(120);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final List<String> PLANTED =
            List.of("CROSS_BORDER_VIOLATION", "INACTIVE_IDENTITY", "EXTERNAL_TRANSFER");

    // Static: an instance field would be injected only after @BeforeAll.
    @TempDir
    static Path dir;

    private Path dashboard;
    private Path alerts;
    private int appPort;
    private ManagedProcess app;
    private PrometheusServer prometheus;

    @BeforeAll
    void start() {
        Path prometheusBinary = Tools.require("prometheus", "prometheus");
        dashboard = Tools.repoFile("deploy/grafana/dashboards/transfer-monitor.json");
        alerts = Tools.repoFile("deploy/prometheus/alerts.yml");

        appPort = Tools.freePort();
        app = ManagedProcess.start(
                "transfer-monitor-demo",
                dir.resolve("app"),
                List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx512m",
                        "-cp",
                        System.getProperty("java.class.path"),
                        "dev.transfermonitor.app.Main",
                        // The duration only bounds a run whose cleanup never came (the tests stop it sooner);
                        // it outlasts every wait below, so a slow failure does not cascade into "not running".
                        "demo",
                        "--duration",
                        "600s",
                        "--rate",
                        "50",
                        "--metrics-port",
                        String.valueOf(appPort),
                        "--data-dir",
                        dir.resolve("app").resolve("data").toString()));
        try {
            await("the demo's /ready").atMost(START_LIMIT).pollInterval(POLL).until(() -> appStatus("/ready") == 200);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("the demo did not become ready; " + app.tail(), e);
        }

        prometheus =
                PrometheusServer.start(prometheusBinary, dir.resolve("prometheus"), "127.0.0.1:" + appPort, alerts);
        await("Prometheus /-/ready").atMost(START_LIMIT).pollInterval(POLL).until(prometheus::ready);
    }

    @AfterAll
    void stop() {
        try {
            if (prometheus != null) {
                prometheus.close();
            }
        } finally {
            if (app != null) {
                app.close();
            }
        }
    }

    @Test
    @Order(1)
    void theAppServesHealthReadinessAndMetrics() {
        HttpResponse<String> health = Http.get(appUri("/health"));
        assertThat(health.statusCode()).as("/health: %s", health.body()).isEqualTo(200);
        assertThat(health.body()).contains("UP");

        assertThat(Http.get(appUri("/ready")).statusCode()).as("/ready").isEqualTo(200);

        HttpResponse<String> metrics = Http.get(appUri("/metrics"));
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("transfer_events_total");
        assertThat(Tools.tail(dir.resolve("app").resolve("transfer-monitor-demo.log"), 1000))
                .contains("Metrics at http://127.0.0.1:" + appPort + "/metrics");
    }

    @Test
    @Order(2)
    void prometheusScrapesTheAppAsJobTransferMonitor() {
        await("the scrape target to be up")
                .atMost(DATA_LIMIT)
                .pollInterval(POLL)
                .untilAsserted(() -> {
                    app.requireAlive();
                    JsonNode targets = prometheus
                            .api("/api/v1/targets?state=active")
                            .path("data")
                            .path("activeTargets");
                    assertThat(targets).as(targets.toString()).anySatisfy(t -> {
                        assertThat(t.path("labels").path("job").asText()).isEqualTo(PrometheusServer.JOB);
                        assertThat(t.path("scrapeUrl").asText()).isEqualTo("http://127.0.0.1:" + appPort + "/metrics");
                        assertThat(t.path("health").asText())
                                .as("health, lastError %s", t.path("lastError"))
                                .isEqualTo("up");
                    });
                });
    }

    @Test
    @Order(3)
    void thePlantedIncidentsReachPrometheusAsAlertCounts() {
        await("alerts of the planted incidents in transfer_alerts_total")
                .atMost(DATA_LIMIT)
                .pollInterval(POLL)
                .untilAsserted(() -> {
                    app.requireAlive();
                    JsonNode result = success("sum by (type) (transfer_alerts_total) > 0")
                            .path("data")
                            .path("result");
                    List<String> types = new ArrayList<>();
                    result.forEach(series ->
                            types.add(series.path("metric").path("type").asText()));
                    assertThat(types).as(result.toString()).containsAll(PLANTED);
                });
    }

    @Test
    @Order(4)
    void everyShippedRuleIsLoadedAndEvaluatesHealthily() {
        List<Expressions.Rule> shipped = Expressions.rules(alerts);
        assertThat(shipped).as("rules in %s", alerts).isNotEmpty();

        await("every rule evaluated with health ok")
                .atMost(DATA_LIMIT)
                .pollInterval(POLL)
                .untilAsserted(() -> {
                    List<String> loaded = new ArrayList<>();
                    for (JsonNode group :
                            prometheus.api("/api/v1/rules").path("data").path("groups")) {
                        for (JsonNode rule : group.path("rules")) {
                            String lastError = rule.path("lastError").asText("");
                            loaded.add(group.path("name").asText() + "/"
                                    + rule.path("name").asText() + " "
                                    + rule.path("health").asText() + (lastError.isEmpty() ? "" : ": " + lastError));
                        }
                    }
                    List<String> expected = shipped.stream()
                            .map(r -> r.group() + "/" + r.name() + " ok")
                            .toList();
                    assertThat(loaded).containsExactlyInAnyOrderElementsOf(expected);
                });
    }

    @Test
    @Order(5)
    void everyRuleExpressionEvaluatesWithoutError() {
        List<String> failures = new ArrayList<>();
        for (Expressions.Rule rule : Expressions.rules(alerts)) {
            String error = error(rule.expr());
            if (error != null) {
                failures.add("rule " + rule.group() + "/" + rule.name() + ": " + rule.expr() + "\n    -> " + error);
            }
        }
        assertThat(failures).as("rules of %s that Prometheus rejects", alerts).isEmpty();
    }

    @Test
    @Order(6)
    void everyDashboardExpressionEvaluatesWithoutError() {
        List<Expressions.Panel> panels = Expressions.dashboardPanels(dashboard);
        assertThat(panels).as("panels with PromQL targets in %s", dashboard).isNotEmpty();

        List<String> failures = new ArrayList<>();
        for (Expressions.Panel panel : panels) {
            for (String expr : panel.exprs()) {
                String error;
                try {
                    error = error(Expressions.substitute(expr));
                } catch (IllegalArgumentException e) {
                    error = e.getMessage();
                }
                if (error != null) {
                    failures.add("panel '" + panel.title() + "': " + expr + "\n    -> " + error);
                }
            }
        }
        assertThat(failures).as("dashboard expressions that Prometheus rejects").isEmpty();
    }

    @Test
    @Order(7)
    void everyCorePanelShowsData() {
        List<Expressions.Panel> core = Expressions.dashboardPanels(dashboard).stream()
                .filter(Expressions.Panel::core)
                .toList();
        assertThat(core)
                .as("panels whose description starts with 'core:' in %s", dashboard)
                .isNotEmpty();

        // rate() and increase() need two scrapes, the latency histogram needs alerts: poll.
        await("data in every core panel")
                .atMost(DATA_LIMIT)
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    app.requireAlive();
                    List<String> empty = new ArrayList<>();
                    for (Expressions.Panel panel : core) {
                        boolean hasData = false;
                        for (String expr : panel.exprs()) {
                            hasData |= hasData(success(Expressions.substitute(expr)));
                        }
                        if (!hasData) {
                            empty.add(panel.title() + " " + panel.exprs());
                        }
                    }
                    assertThat(empty).as("core panels without data").isEmpty();
                });
    }

    @Test
    @Order(8)
    void theDemoStopsCleanlyOnSigtermWithItsMetricsEndpointOpen() {
        app.requireAlive();
        int exit = app.stop(60);
        assertThat(exit).as("exit code after SIGTERM; %s", app.tail()).isIn(0, 143);
    }

    /** Prometheus' error for an expression, or null when it evaluates. */
    private String error(String promql) {
        JsonNode response = prometheus.query(promql);
        if ("success".equals(response.path("status").asText())) {
            return null;
        }
        return response.path("errorType").asText() + ": "
                + response.path("error").asText(response.toString());
    }

    private JsonNode success(String promql) {
        JsonNode response = prometheus.query(promql);
        assertThat(response.path("status").asText())
                .as("%s -> %s", promql, response)
                .isEqualTo("success");
        return response;
    }

    private static boolean hasData(JsonNode response) {
        JsonNode data = response.path("data");
        return switch (data.path("resultType").asText()) {
            case "vector", "matrix" -> !data.path("result").isEmpty();
            case "scalar", "string" -> true;
            default -> false;
        };
    }

    private URI appUri(String path) {
        return URI.create("http://127.0.0.1:" + appPort + path);
    }

    private int appStatus(String path) {
        app.requireAlive();
        try {
            return Http.get(appUri(path)).statusCode();
        } catch (UncheckedIOException e) {
            return -1; // not listening yet
        }
    }
}
